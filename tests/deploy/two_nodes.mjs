// Two baro nodes behind nginx (issue 12): an SSE reader whose node is SIGKILLed reconnects through
// nginx to the other node with its Last-Event-ID and gets exactly what it missed. Started by
// tests/deploy/install_test.sh, which sets the nodes' addresses and process ids. A publish reaches the
// reader through nginx within 2 s of the moderator's 200 (issue 12), on each node: the time is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base, sql, literal, addUser, login, publish, openEvents } from './helpers.mjs';

const nodes = [
  { addr: process.env.BARO_NODE_A, pid: Number(process.env.BARO_PID_A) },
  { addr: process.env.BARO_NODE_B, pid: Number(process.env.BARO_PID_B) },
];
const path = '/api/v1/consultations/matransition/events?lang=fr';
const frames = (b) => b.split('\n\n').slice(0, -1);
const contributionEvents = (b) => frames(b).filter((f) => f.includes('event: contribution'))
  .map((f) => ({ id: f.match(/^id: (\d+)$/m)[1], data: JSON.parse(f.match(/^data: (.*)$/m)[1]) }));

// The product requirement (issue 12); the longer waits below are only the failure timeouts.
const deliveryLimitMs = 2000;

/** Publishes `id` and waits for its event on `events`: the time from the publish's 200 to the event's
 * arrival through nginx, printed and held to deliveryLimitMs. */
async function publishedWithin(mod, id, events, where) {
  const acked = await publish(mod, id);
  const arrived = await events.until((b) => contributionEvents(b).some((e) => e.data.contribution?.id === id), 10000);
  const ms = Math.max(0, arrived - acked);
  console.log(`publish to SSE through nginx (${where}): ${ms.toFixed(0)} ms`);
  assert.ok(ms <= deliveryLimitMs, `the publish of ${id} reached the reader after ${ms.toFixed(0)} ms (limit ${deliveryLimitMs})`);
}

async function liveStreams(node) {
  const text = await (await fetch(`http://${node.addr}/metrics`)).text();
  return Number(text.match(/^baro_live_streams (\d+)/m)?.[1] ?? NaN);
}

test('a reader whose node is killed resumes through nginx on the other node with exactly the missed events', async () => {
  const ids = [];
  for (let i = 0; i < 4; i++) {
    const text = `Deux nœuds ${Date.now()}-${i} : an bɛ kalata fɛ.`;
    const r = await fetch(`${base}/api/v1/consultations/matransition/contributions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }),
    });
    assert.equal(r.status, 201);
    ids.push(Number(sql(`select id from contribution where raw = ${literal(text)}`)[0][0]));
  }
  const mod = await login('oumou@baro.ml', addUser('oumou@baro.ml', 'moderator'));

  const first = await openEvents(path);
  let holder;
  let lastId;
  try {
    await first.until((b) => b.includes('event: summary'), 10000);
    await publishedWithin(mod, ids[0], first, 'first node');
    lastId = contributionEvents(first.buffer).at(-1).id;
    // The node holding the stream: the one whose gauge counts it (earlier streams may still be closing).
    const deadline = Date.now() + 10000;
    while (!holder) {
      const counts = await Promise.all(nodes.map(liveStreams));
      if (counts[0] + counts[1] === 1) holder = nodes[counts[0] === 1 ? 0 : 1];
      else if (Date.now() > deadline) throw new Error(`live streams by node: ${counts}`);
      else await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(holder.pid, 'SIGKILL');
    // The stream ends (or breaks) when its node dies; a timeout would mean it did not.
    await assert.rejects(first.until(() => false, 10000), (e) => !/timed out/.test(e.message));
  } finally {
    first.close();
  }

  // Missed while away; nginx sends the decisions to the node that is left.
  await publish(mod, ids[1]);
  await publish(mod, ids[2]);

  const again = await openEvents(path, { 'last-event-id': lastId });
  try {
    await again.until((b) => contributionEvents(b).some((e) => e.data.contribution?.id === ids[2]), 15000);
    // Live again, on the node that is left.
    await publishedWithin(mod, ids[3], again, 'second node, after the resume');
  } finally {
    again.close();
  }
  const got = contributionEvents(again.buffer);
  assert.deepEqual(got.map((e) => e.data.contribution?.id), [ids[1], ids[2], ids[3]],
    'exactly the missed events, then the live one, in order, none twice');
  assert.ok(Number(got[0].id) > Number(lastId) && Number(got[1].id) > Number(got[0].id) && Number(got[2].id) > Number(got[1].id),
    'ids increase across nodes');
  // No frame takes the reader's Last-Event-ID back below what it already had.
  const ids_ = frames(again.buffer).map((f) => f.match(/^id: (\d+)$/m)?.[1]).filter(Boolean).map(Number);
  assert.ok(ids_.every((id, i) => id >= Number(lastId) && (i === 0 || id >= ids_[i - 1])), `ids in order: ${ids_}`);
});
