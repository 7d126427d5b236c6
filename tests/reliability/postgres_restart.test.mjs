// PostgreSQL going away under load: a gateway sends signed Twilio SMS webhooks at a steady rate and
// retries every non-2xx. While the database is unreachable `baro serve` answers 503 with
// Retry-After (never a 2xx for a delivery it could not commit) and /readyz says 503; when the
// database is back the same process reconnects by itself, and every acknowledged delivery is stored
// exactly once.
//  1. An outage played by a TCP proxy in front of the shared test cluster (cut, then restore).
//  2. A real PostgreSQL: a private cluster (deploy/lib/pg.sh) restarted with `pg_ctl restart -m fast`,
//     then stopped for longer than the writer's retry window and started again. The shared test
//     cluster is never restarted: other tests use it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, sourceDir, createDatabase, startServer, startProxy, sql } from '../e2e/harness.mjs';
import { WebhookLoad, writeSecrets, checkStored, stablePort } from './load.mjs';

// New deliveries per second: gentle by default; tests/bench/reliability_at_max.sh offers more than
// the machine can store (BARO_RELIABILITY_RATE).
const rate = Number(process.env.BARO_RELIABILITY_RATE ?? 100);
// The group-commit writer retries a batch for 3 s before answering 503. A delivery sent while one
// batch is retrying joins the batch after it, so its 503 comes up to ~6 s later; at the maximum
// rate every connection is busy, and a connection freed by the first batch's 503 sends a delivery
// that waits for the next two (~9 s). An outage of 12 s gives deliveries that are sent and refused
// while the database is still away at any rate.
const outageMs = 12000;
// A gateway waits longer than that for an answer (Twilio: 15 s): what the server answers is checked,
// not the client's patience on a busy machine.
const requestTimeoutMs = 30000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

let secrets;
const cleanups = [];

before(() => { secrets = writeSecrets(); });
after(async () => {
  for (const c of cleanups.reverse()) {
    try { await c(); } catch (e) { console.log(`cleanup: ${e.message}`); }
  }
  secrets?.remove();
});

async function readyz(base) {
  try { return (await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) })).status; } catch (e) { return e.cause?.code ?? e.name; }
}

/**
 * Takes the database away with down(), keeps it away for outageMs while polling /readyz, brings it
 * back with up(), then waits for /readyz to answer 200 again. Returns what it saw.
 */
async function outage(server, { down, up, outageMs }) {
  await down();
  const downAt = Date.now();
  const readyDuring = [];
  while (Date.now() - downAt < outageMs) {
    readyDuring.push(await readyz(server.base));
    await sleep(250);
  }
  const upBegin = Date.now();
  await up();
  const upAt = Date.now();
  let ready = null;
  while (Date.now() - upAt < 15000) {
    ready = await readyz(server.base);
    if (ready === 200) break;
    await sleep(100);
  }
  return { downAt, upBegin, upAt, readyDuring, readyAfter: ready, recoveredMs: Date.now() - upAt };
}

/** The checks both scenarios share, after the load has drained. */
function verify(name, load, dbUrl, server, pid, outages) {
  const s = load.summary();
  console.log(`${name}: offered ${s.offered}, acked ${s.acked}, attempts ${s.attempts}, retries ${s.retries}, ` +
    `outcomes ${JSON.stringify(s.statuses)}, at most ${s.peakAckedPerSecond} acknowledged in one second`);
  for (const o of outages) {
    const during = load.log.filter((e) => e.t0 >= o.downAt && e.t1 <= o.upBegin);
    const by = {};
    for (const e of during) by[e.status] = (by[e.status] ?? 0) + 1;
    console.log(`${name}: outage of ${o.upBegin - o.downAt} ms: answers to requests sent and answered meanwhile ` +
      `${JSON.stringify(by)}, /readyz ${JSON.stringify([...new Set(o.readyDuring)])}, ready again ${o.recoveredMs} ms after the database`);
    // Nothing could be committed meanwhile, so nothing may be acknowledged.
    assert.equal(during.filter((e) => typeof e.status === 'number' && e.status < 300).length, 0,
      'no 2xx for a delivery sent and answered while the database was away');
    assert.ok(during.some((e) => e.status === 503), 'deliveries during the outage get 503');
    assert.ok(o.readyDuring.includes(503), '/readyz answers 503 during the outage');
    assert.ok(o.readyDuring.every((r) => r === 503), `/readyz never says ready during the outage: ${o.readyDuring}`);
    assert.equal(o.readyAfter, 200, '/readyz is 200 again once the database is back');
    const acksAfter = load.log.filter((e) => e.t0 >= o.upAt && e.status === 200).length;
    assert.ok(acksAfter > 0, 'deliveries are acknowledged again after the outage');
  }
  // Every non-2xx the server gave was a 503 with Retry-After; it never dropped a connection.
  const refusals = load.log.filter((e) => e.status !== 200);
  assert.deepEqual([...new Set(refusals.map((e) => e.status))].filter((x) => x !== 503), [], 'only 503 as refusal');
  assert.ok(refusals.every((e) => e.retryAfter === '2'), 'every 503 carries Retry-After: 2');
  // The same process all along: it reconnected by itself.
  assert.equal(server.proc.pid, pid);
  assert.equal(server.proc.exitCode, null, 'baro serve is still running');

  const rows = sql(dbUrl, 'select external_id, count(*), min(raw) from contribution ' +
    `where external_id like 'twilio:${load.prefix()}%' group by external_id`);
  const check = checkStored(load, rows);
  console.log(`${name}: stored ${check.stored} distinct, ${check.rows} rows; lost ${check.lost}, duplicated ${check.duplicated}, ` +
    `garbled ${check.garbled}, stored but never acked ${check.unknown}`);
  assert.deepEqual(check.problems, []);
  assert.equal(check.rows, load.acked.size, 'one row per acknowledged delivery');
  assert.equal(check.unknown, 0);
  assert.equal(load.acked.size, load.deliveries.length, 'every delivery acknowledged in the end');
}

// The load stands for many gateways, but every request comes from 127.0.0.1: during an outage each
// one waits for its batch, so one address holds far more than the per-address connection cap.
const serverEnv = () => ({ BARO_SECRETS_FILE: secrets.file, BARO_MAX_CONNECTIONS_PER_ADDRESS: '0' });

test('database cut off by a proxy under load: 503 + Retry-After meanwhile, recovers by itself, loses nothing', async () => {
  const db = createDatabase('reliability_pg');
  cleanups.push(() => db.drop());
  const pgPort = Number(new URL(db.url).port);
  const proxy = await startProxy(pgPort);
  cleanups.push(() => proxy.close());
  const viaProxy = db.url.replace(`:${pgPort}/`, `:${proxy.port}/`);
  const server = await startServer(viaProxy, serverEnv());
  cleanups.push(() => server.stop());
  const pid = server.proc.pid;
  const load = new WebhookLoad({ base: server.base, authToken: secrets.secrets.twilio.auth_token, rate, requestTimeoutMs });
  try {
    // Offered until deliveries sent after the outage are acknowledged, however long a busy machine
      // takes to stop and start PostgreSQL (a fixed window once ended before the database was back).
      const offering = load.offer(120000);
    await sleep(2500);
    const o = await outage(server, { down: () => proxy.cut(), up: () => proxy.restore(), outageMs: outageMs });
    assert.ok(await load.ackedSince(o.upAt, 30000), 'deliveries sent after the outage are acknowledged');
    load.stopOffering();
    await offering;
    assert.ok(await load.drain(30000), `every delivery acknowledged in the end (${load.acked.size} of ${load.deliveries.length})`);
    verify('postgres_restart (proxy)', load, db.url, server, pid, [o]);
  } catch (e) {
    console.log(`--- baro serve log (tail) ---\n${server.log().split('\n').slice(-20).join('\n')}`);
    throw e;
  } finally {
    load.close();
  }
});

const pgCtl = '/usr/lib/postgresql/15/bin/pg_ctl';

test('a real PostgreSQL restarted under load (private cluster): 503 meanwhile, recovers by itself, loses nothing',
  { skip: !fs.existsSync(pgCtl) && `${pgCtl} is not installed` }, async () => {
    // A private cluster made by deploy/lib/pg.sh: as root its server runs as user postgres.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-reliability-pg-'));
    const data = path.join(dir, 'data');
    const lib = path.join(sourceDir, 'deploy', 'lib', 'pg.sh');
    const pg = (script, ...args) => run('bash', ['-c', `. "${lib}"; ${script}`, 'pg', ...args], { encoding: 'utf8' });
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres:', dir]);
    cleanups.push(async () => {
      await pg('baro_pg_stop "$1"', data);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const port = await stablePort();
    await pg('baro_pg_init "$1" "$2" && baro_pg_start "$1" "$2"', data, String(port));
    const url = `postgresql://baro@127.0.0.1:${port}/postgres`;
    const env = { ...process.env, BARO_DATABASE_URL: url };
    execFileSync(bin, ['migrate'], { env, stdio: 'pipe' });
    execFileSync(bin, ['seed-demo', '--without-contributions'], { env, stdio: 'pipe' });

    const server = await startServer(url, serverEnv());
    cleanups.push(() => server.stop());
    const pid = server.proc.pid;
    const load = new WebhookLoad({ base: server.base, authToken: secrets.secrets.twilio.auth_token, rate, requestTimeoutMs });
    try {
      // Offered until deliveries sent after the outage are acknowledged, however long a busy machine
      // takes to stop and start PostgreSQL (a fixed window once ended before the database was back).
      const offering = load.offer(120000);
      await sleep(2000);
      // A quick bounce: fast shutdown (connections terminated) and start, as an upgrade would do.
      const bounceBegin = Date.now();
      await pg('baro_pg_as "$baro_pg_bin/pg_ctl" -D "$1" -m fast -w -t 60 restart -l "$1/server.log" >/dev/null', data);
      const bounceMs = Date.now() - bounceBegin;
      let readyAfterBounce = null;
      for (let i = 0; i < 100 && readyAfterBounce !== 200; i++) { readyAfterBounce = await readyz(server.base); if (readyAfterBounce !== 200) await sleep(100); }
      assert.equal(readyAfterBounce, 200, '/readyz recovers after pg_ctl restart');
      await sleep(1500);
      // Down long enough for deliveries meanwhile to get their 503 (see outageMs).
      const o = await outage(server, {
        down: () => pg('baro_pg_stop "$1"', data),
        up: () => pg('baro_pg_start "$1" "$2"', data, String(port)),
        outageMs,
      });
      assert.ok(await load.ackedSince(o.upAt, 30000), 'deliveries sent after the outage are acknowledged');
      load.stopOffering();
      await offering;
      assert.ok(await load.drain(30000), `every delivery acknowledged in the end (${load.acked.size} of ${load.deliveries.length})`);
      console.log(`postgres_restart (real): pg_ctl restart -m fast took ${bounceMs} ms`);
      verify('postgres_restart (real)', load, url, server, pid, [o]);
    } catch (e) {
      console.log(`--- baro serve log (tail) ---\n${server.log().split('\n').slice(-20).join('\n')}`);
      throw e;
    } finally {
      load.close();
    }
  });
