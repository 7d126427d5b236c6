// baro with BARO_READ_DATABASE_URL on the synchronous standby (synchronous_commit = remote_apply):
// public reads come from the standby, writes, moderation and LISTEN stay on the primary, and what a
// 2xx acknowledged is visible to the public at once. Started by tests/deploy/install_test.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, sql, literal, raw, addUser, login, publish, openEvents, publishes } from './helpers.mjs';

const standbyPort = process.env.BARO_STANDBY_PORT;

test('a publish reaches SSE readers and the public list, read from the standby', async () => {
  const text = `Lu sur la réserve ${Date.now()} : an bɛ kalata fɛ.`;
  const posted = await fetch(`${base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }),
  });
  assert.equal(posted.status, 201);
  const id = Number(sql(`select id from contribution where raw = ${literal(text)}`)[0][0]);
  // remote_apply: once acknowledged, the standby shows it (no waiting here).
  assert.deepEqual(sql(`select count(*) from contribution where id = ${id}`, standbyPort), [['1']]);

  const mod = await login('kadi@baro.ml', addUser('kadi@baro.ml', 'moderator'));
  const events = await openEvents('/api/v1/consultations/matransition/events?lang=fr');
  try {
    await events.until((b) => b.includes('event: summary'), 10000);
    await publish(mod, id);
    // The event's body is read after the NOTIFY, from the standby.
    await events.until(publishes(id), 10000);
  } finally {
    events.close();   // an open stream would keep the test process alive after a failure
  }

  // A query string of its own: a miss in nginx's micro-cache, so baro answers from the standby.
  const list = await raw(`${base}/api/v1/consultations/matransition/contributions?limit=100&t=${Date.now()}`);
  assert.equal(list.status, 200);
  assert.ok(list.body.toString('utf8').includes(text), 'the published text is in the public list');
  const readers = Number(sql("select count(*) from pg_stat_activity where usename = 'baro'", standbyPort)[0][0]);
  assert.ok(readers > 0, 'baro holds connections to the standby');
});

// The standby can lag behind a NOTIFY: asynchronous for a while (Patroni after a failover, before it
// makes the rejoined standby synchronous again), or a commit whose wait for it was cancelled. The
// event is then read on the primary, which holds every commit it announces: never dropped.
test('a publish reaches SSE readers while the standby has not replayed it', async () => {
  const text = `Réserve en retard ${Date.now()} : an bɛ kalata fɛ.`;
  const posted = await fetch(`${base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }),
  });
  assert.equal(posted.status, 201);
  const id = Number(sql(`select id from contribution where raw = ${literal(text)}`)[0][0]);
  const mod = await login('fanta@baro.ml', addUser('fanta@baro.ml', 'moderator'));
  const replication = () => sql("select sync_state from pg_stat_replication where application_name = 'baro_standby'")[0]?.[0];
  const until = async (what, cond) => {
    const deadline = Date.now() + 30000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`waited 30 s for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  // Commits stop waiting for the standby, and the standby stops replaying.
  sql('alter system set synchronous_standby_names = \'\'');
  sql('select pg_reload_conf()');
  const events = await openEvents('/api/v1/consultations/matransition/events?lang=fr');
  try {
    await until('an asynchronous standby', () => replication() === 'async');
    sql('select pg_wal_replay_pause()', standbyPort);
    await until('the standby\'s replay to pause', () => sql('select pg_get_wal_replay_pause_state()', standbyPort)[0][0] === 'paused');
    await events.until((b) => b.includes('event: summary'), 10000);
    await publish(mod, id);
    assert.deepEqual(sql(`select status <> 'published' from contribution where id = ${id}`, standbyPort), [['t']],
      'the standby does not show the publish yet');
    await events.until(publishes(id), 10000);
  } finally {
    events.close();
    sql('select pg_wal_replay_resume()', standbyPort);
    sql('alter system reset synchronous_standby_names');
    sql('select pg_reload_conf()');
  }
  // Synchronous again for what follows (tests/deploy/two_nodes.mjs).
  await until('a synchronous standby again', () => replication() === 'sync');
  await until('the standby to show the publish', () => sql(`select status from contribution where id = ${id}`, standbyPort)[0][0] === 'published');
});
