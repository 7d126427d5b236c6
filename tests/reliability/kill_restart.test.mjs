// Crash safety under load: a gateway sends signed Twilio SMS webhooks at a steady rate over
// keep-alive and retries every non-2xx; `baro serve` is killed with SIGKILL five times at random
// moments and restarted on the same port. Afterwards every delivery the client saw acknowledged is
// stored exactly once, byte for byte, and nothing else is stored.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createDatabase, startServer, sql } from '../e2e/harness.mjs';
import { WebhookLoad, writeSecrets, checkStored, stablePort } from './load.mjs';

// New deliveries per second: gentle by default; tests/bench/reliability_at_max.sh offers more than
// the machine can store (BARO_RELIABILITY_RATE), so the kills land at the maximum rate.
const rate = Number(process.env.BARO_RELIABILITY_RATE ?? 200);
const offerMs = 15000;       // how long new deliveries are offered
const kills = 5;

let db;
let secrets;
let server;

before(() => {
  db = createDatabase('reliability_kill');
  secrets = writeSecrets();
});
after(async () => {
  await server?.stop();
  db?.drop();
  secrets?.remove();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test(`SIGKILL ${kills} times under ${rate} webhooks/s: every acknowledged delivery stored exactly once`, async () => {
  // Many gateways' load from one address (127.0.0.1): no per-address connection cap.
  const env = { BARO_SECRETS_FILE: secrets.file, BARO_MAX_CONNECTIONS_PER_ADDRESS: '0' };
  server = await startServer(db.url, env, { port: await stablePort() });
  const { port, base } = server;
  const load = new WebhookLoad({ base, authToken: secrets.secrets.twilio.auth_token, rate });
  const logs = [];
  const killedAt = [];
  try {
    const offering = load.offer(offerMs);
    const started = Date.now();
    // One kill in each fifth of the offer window (after the first second), at a random moment in it.
    const slot = (offerMs - 1500) / kills;
    for (let k = 0; k < kills; k++) {
      const at = 1000 + k * slot + Math.random() * (slot - 700);
      await sleep(Math.max(0, started + at - Date.now()));
      await load.busy();
      const acksBefore = load.acked.size;
      const inFlight = load.inFlight;
      server.proc.kill('SIGKILL');
      const { signal } = await server.exited;
      assert.equal(signal, 'SIGKILL');
      logs.push(server.log());
      killedAt.push({ ms: Date.now() - started, ackedSoFar: acksBefore, inFlight });
      server = await startServer(db.url, env, { port });
      assert.equal(server.base, base);
    }
    await offering;
    const drained = await load.drain(30000);
    logs.push(server.log());
    const s = load.summary();
    console.log(`kill_restart: offered ${s.offered}, acked ${s.acked}, attempts ${s.attempts}, retries ${s.retries} ` +
      `(${s.ackedAsDuplicate} answered as already stored), ` +
      `kills ${killedAt.length}, outcomes ${JSON.stringify(s.statuses)}, at most ${s.peakAckedPerSecond} acknowledged in one second`);
    console.log(`kill_restart: kills at ${killedAt.map((k) => `${k.ms} ms (${k.ackedSoFar} acked, ${k.inFlight} in flight)`).join(', ')}`);
    assert.ok(drained, `every delivery is acknowledged in the end (${s.acked} of ${s.offered})`);
    assert.equal(killedAt.length, kills);
    assert.ok(s.offered >= rate * offerMs / 1000 * 0.95, `the client offered the load (${s.offered})`);
    assert.ok(s.retries > 0, 'the kills cost the client some retries');

    const rows = sql(db.url, 'select external_id, count(*), min(raw) from contribution ' +
      `where external_id like 'twilio:${load.prefix()}%' group by external_id`);
    const check = checkStored(load, rows);
    console.log(`kill_restart: stored ${check.stored} distinct, ${check.rows} rows; lost ${check.lost}, ` +
      `duplicated ${check.duplicated}, garbled ${check.garbled}, stored but never acked ${check.unknown}`);
    assert.deepEqual(check.problems, []);
    assert.equal(check.rows, load.acked.size, 'one row per acknowledged delivery');
    assert.equal(check.unknown, 0);
    // The same through the constraint-free view: counting by external_id alone, across channels.
    const total = Number(sql(db.url, `select count(*) from contribution where external_id like 'twilio:${load.prefix()}%'`)[0][0]);
    assert.equal(total, load.acked.size);
  } catch (e) {
    for (const [i, l] of logs.entries()) console.log(`--- baro serve #${i + 1} log (tail) ---\n${l.split('\n').slice(-15).join('\n')}`);
    throw e;
  } finally {
    load.close();
  }
});
