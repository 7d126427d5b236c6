// Failover under a steady retrying load, through nginx over HTTPS (issue 12). Started by
// tests/deploy/failover_test.sh, which runs etcd, two Patroni nodes (baro1 primary, baro2 synchronous
// standby), two `baro serve` nodes on a multi-host URL with target_session_attrs=read-write, and
// nginx with deploy/nginx/baro.conf in front of both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { WebhookLoad, checkStored } from '../reliability/load.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const env = process.env;
const base = env.BARO_FAILOVER_BASE;
const dir = env.BARO_FAILOVER_DIR;
const nodePorts = env.BARO_NODE_PORTS.split(' ').map(Number);
const nodePids = env.BARO_NODE_PIDS.split(' ').map(Number);
const apis = env.BARO_API_PORTS.split(' ').map(Number);
const patroniPids = env.BARO_PATRONI_PIDS.split(' ').map(Number);
const rate = 50;   // new deliveries per second

async function status(url) {
  try { return (await fetch(url, { signal: AbortSignal.timeout(3000) })).status; } catch (e) { return e.cause?.code ?? e.name; }
}
/** Waits until Patroni's REST API on node i (0 or 1) answers 200 for `role` (primary, sync). */
async function waitRole(i, role, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (await status(`http://127.0.0.1:${apis[i]}/${role}`) !== 200) {
    if (Date.now() > deadline) throw new Error(`${what} after ${timeoutMs} ms`);
    await sleep(200);
  }
}
/** Waits until baro node `n` (0 or 1) answers /readyz with 200 on its own port, nginx aside. */
async function waitReady(n, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (await status(`http://127.0.0.1:${nodePorts[n]}/readyz`) !== 200) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}
/** The server of node i dies: its Patroni and its postmaster and backends, all SIGKILLed at once. */
function killNode(i) {
  const postmaster = Number(fs.readFileSync(path.join(dir, `pg${i + 1}`, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  for (const pid of [patroniPids[i], postmaster, ...children]) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

test('through nginx under load, a switchover, a killed baro node and a dead primary lose nothing acknowledged and store nothing twice', async () => {
  const load = new WebhookLoad({ base, authToken: env.BARO_TWILIO_TOKEN, rate });
  try {
    const offering = load.offer(200000);
    await sleep(2000);

    // 1. A planned switchover: baro1 hands the primary over to baro2, its synchronous standby.
    const t1 = Date.now();
    await run('patronictl', ['-c', path.join(dir, 'patroni1.yml'), 'switchover', '--leader', 'baro1', '--candidate', 'baro2', '--force']);
    await waitRole(1, 'primary', 60000, 'baro2 is not the primary after the switchover');
    assert.ok(await waitReady(0, 30000) && await waitReady(1, 30000), 'both baro nodes are ready again after the switchover');
    assert.ok(await load.ackedSince(Date.now(), 30000), 'deliveries are acknowledged after the switchover');
    console.log(`switchover: baro ready again ${Date.now() - t1} ms after it began`);
    // baro1 follows baro2 and is its synchronous standby again: only such a node may be promoted.
    await waitRole(0, 'sync', 90000, 'baro1 is not the synchronous standby again');
    // A moment on baro2's timeline, under load, for the restore drill's point in time (failover_test.sh):
    // deliveries keep being acknowledged before and after it.
    assert.ok(await load.ackedSince(Date.now(), 30000), 'deliveries are acknowledged with baro1 synchronous again');
    const target = execFileSync('psql', ['-X', '-At', '-d', env.BARO_DATABASE_URL, '-c', 'select now()'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(dir, 'target-time'), target);
    assert.ok(await load.ackedSince(Date.now(), 30000), 'deliveries are acknowledged after the point in time');

    // 2. A baro node dies with deliveries in flight: nginx answers 502 for those it had passed to it
    // (a POST is never sent to a second node), the gateway retries, and the other node takes them all.
    await load.busy();
    const tk = Date.now();
    process.kill(nodePids[0], 'SIGKILL');
    assert.ok(await load.ackedSince(Date.now(), 30000), 'deliveries are acknowledged after a baro node died');
    console.log(`baro node killed: deliveries acknowledged again ${Date.now() - tk} ms after`);

    // 3. The new primary's server dies: after the leader lock expires, Patroni promotes baro1.
    await load.busy();
    const t2 = Date.now();
    killNode(1);
    await waitRole(0, 'primary', 60000, 'baro1 is not promoted after baro2 died');
    assert.ok(await waitReady(1, 30000), 'the baro node left is ready again after the failover');
    assert.ok(await load.ackedSince(Date.now(), 30000), 'deliveries are acknowledged after the failover');
    console.log(`failover: baro ready again ${Date.now() - t2} ms after the primary died`);

    load.stopOffering();
    await offering;
    assert.ok(await load.drain(60000), `every delivery acknowledged in the end (${load.acked.size} of ${load.deliveries.length})`);
    const s = load.summary();
    console.log(`failover: offered ${s.offered}, acked ${s.acked}, attempts ${s.attempts}, retries ${s.retries}, ` +
      `acked as already stored ${s.ackedAsDuplicate}, outcomes ${JSON.stringify(s.statuses)}`);
    // baro refuses with 503 while no primary takes writes, never 500; nginx answers 502 for what was
    // in flight on the killed node (504 had it waited out proxy_read_timeout); no connection of the
    // gateway's breaks, nothing else.
    const refusals = Object.keys(s.statuses).filter((k) => k !== '200');
    assert.deepEqual(refusals.filter((k) => !['502', '503', '504'].includes(k)), [], 'only 502, 503 and 504 as refusals');
    // The node left is the same process all along: it reconnected by itself.
    process.kill(nodePids[1], 0);

    const psql = execFileSync('psql', ['-X', '-At', '-F', '\t', '-d', env.BARO_DATABASE_URL, '-c',
      'select external_id, count(*), min(raw) from contribution ' +
      `where external_id like 'twilio:${load.prefix()}%' group by external_id`], { encoding: 'utf8' });
    const rows = psql.split('\n').filter(Boolean).map((l) => l.split('\t'));
    const check = checkStored(load, rows);
    console.log(`failover: stored ${check.stored} distinct, ${check.rows} rows; lost ${check.lost}, duplicated ${check.duplicated}, ` +
      `garbled ${check.garbled}, stored but never acked ${check.unknown}`);
    assert.deepEqual(check.problems, []);
    assert.equal(check.rows, load.acked.size, 'one row per acknowledged delivery');
    assert.equal(check.unknown, 0);
  } finally {
    load.close();
  }
});
