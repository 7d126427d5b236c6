// A subscriber that stops reading is dropped; the others keep receiving every event, promptly.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createDatabase, startServer, sql } from './harness.mjs';

let db;
let server;
let cid;
const events = 1500;

before(async () => {
  db = createDatabase('liveslow');
  cid = sql(db.url, "select id from consultation where slug = 'matransition'")[0][0];
  server = await startServer(db.url);
});
after(async () => {
  await server?.stop();
  db?.drop();
});

function subscribe() {
  const sock = net.connect(server.port, '127.0.0.1');
  sock.write('GET /api/v1/consultations/matransition/events?lang=fr HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n');
  return sock;
}

test('a subscriber that stops reading is dropped while another receives every event within seconds', async () => {
  const slow = subscribe();
  let slowData = '';
  slow.on('data', (d) => { slowData += d; });
  await new Promise((r) => setTimeout(r, 300));
  slow.pause();   // stops reading: the kernel buffers fill, then the server's queue for it

  const fast = subscribe();
  const seen = new Map();
  let fastData = '';
  fast.on('data', (d) => {
    fastData += d;
    let i;
    while ((i = fastData.indexOf('\n\n')) >= 0) {
      const frame = fastData.slice(0, i);
      fastData = fastData.slice(i + 2);
      const m = frame.match(/^event: contribution[\s\S]*"id":(\d+)/m);
      if (m && !seen.has(m[1])) seen.set(m[1], Date.now());
    }
  });
  await new Promise((r) => setTimeout(r, 300));

  // Long published texts, each announced in the same transaction, as moderation does.
  const committed = Date.now();
  sql(db.url, `begin;
    with ins as (
      insert into contribution (consultation_id, channel, external_id, raw, display_text, language, status, published_at)
      select ${cid}, 'web', 'slow-' || g, 'x', g || ' ' || repeat('Lakana ka sabati, kɛlɛ ka ban, jamana ka lafiya. ', 90),
             'bm', 'published', now()
      from generate_series(1, ${events}) g returning id)
    select count(baro_notify_publish(${cid}, id, true)) from ins;
    commit;`);

  const deadline = Date.now() + 60000;
  while (seen.size < events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(seen.size, events, 'the reading subscriber receives every publish');
  const last = Math.max(...seen.values()) - committed;
  console.log(`# ${events} events of ~4.5 KB: last one at the reading subscriber ${last} ms after commit`);
  assert.ok(last < 20000, `last event after ${last} ms`);

  // The one that stopped reading was dropped: its stream ends before it got everything.
  const closed = new Promise((resolve) => slow.on('close', resolve));
  slow.resume();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 10000))]);
  assert.ok(slow.destroyed || slow.readableEnded, 'the server closed the slow subscriber');
  const slowEvents = (slowData.match(/event: contribution/g) ?? []).length;
  assert.ok(slowEvents < events, `slow subscriber got ${slowEvents} of ${events}`);
  fast.destroy();
});
