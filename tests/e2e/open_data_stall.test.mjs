// Open-data downloads are bounded: a client that requests a file and then reads nothing is cut
// after the stall deadline and its COPY cancelled, so it cannot hold a slot (a thread, a connection
// and a COPY) for as long as it keeps the socket open; one address gets a few slots, then 429.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { createDatabase, startServer, sql } from './harness.mjs';

const stallSeconds = 2;
const rows = 6000;
let db;
let quick;     // stall deadline of 2 s, one download per address
let patient;   // a stall deadline far beyond the test, one download per address

// COPY statements of this test's database still running (or still open) on the server.
function copies() {
  return Number(sql(db.url, `select count(*) from pg_stat_activity where datname = '${db.name}'
    and query ilike 'copy%' and pid <> pg_backend_pid()`)[0][0]);
}

async function waitFor(condition, timeoutMs, what) {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

// Requests the CSV on a raw socket and never reads: the socket buffers fill and the server's writes stop.
async function stalledDownload(server) {
  const socket = net.connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.pause();
  socket.on('error', () => {});
  socket.write('GET /open-data/matransition.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  return socket;
}

// Reads whatever the server still sends until it closes the connection.
async function drain(socket) {
  const chunks = [];
  socket.on('data', (d) => chunks.push(d));
  const closed = once(socket, 'close');
  socket.resume();
  await closed;
  return Buffer.concat(chunks).toString('latin1');
}

async function fullDownload(server) {
  const res = await fetch(`${server.base}/open-data/matransition.csv`);
  assert.equal(res.status, 200);
  const body = await res.text();
  return body.trim().split('\r\n');
}

before(async () => {
  db = createDatabase('opendata');
  const cid = sql(db.url, "select id from consultation where slug = 'matransition'")[0][0];
  // About 24 MB of CSV: far more than the socket buffers between baro and a client that reads nothing.
  sql(db.url, `insert into contribution (consultation_id, channel, external_id, sender_key, raw, display_text,
      language, region, status, suggested_themes, published_at)
    select ${cid}, 'sms', 'bulk-' || g, 'key-' || g, 'RAW', 'Avis ' || g || ' ' || repeat('la paix au Mali ', 250),
      'fr', 'mopti', 'published', '{securite}', now()
    from generate_series(1, ${rows}) g`);
  quick = await startServer(db.url, { BARO_OPEN_DATA_STALL_SECONDS: String(stallSeconds), BARO_OPEN_DATA_PER_ADDRESS: '1' });
  patient = await startServer(db.url, { BARO_OPEN_DATA_STALL_SECONDS: '3600', BARO_OPEN_DATA_PER_ADDRESS: '1' });
});

after(async () => {
  await quick?.stop();
  await patient?.stop();
  db?.drop();
});

test('a download whose client reads nothing is cut after the stall deadline, its COPY cancelled, and the next one gets through', async () => {
  const socket = await stalledDownload(quick);
  await waitFor(() => copies() === 1, 30000, 'the COPY to start');
  // The deadline counts from the last byte the client took; filling the buffers takes a moment
  // more, so the bound allows for a busy machine without waiting for a client that never comes back.
  const released = await waitFor(() => copies() === 0, 60000, 'the stalled COPY to be cancelled');
  assert.ok(released < stallSeconds * 1000 * 10, `released after ${released} ms`);
  const received = await drain(socket);
  assert.match(received, /^HTTP\/1\.1 200 OK/);
  assert.ok(!received.endsWith('0\r\n\r\n'), 'the cut download must not look complete');
  assert.match(quick.log(), /export of matransition stopped/);

  const lines = await fullDownload(quick);
  assert.equal(lines.length, rows + 1);
  assert.match(lines[0], /^id,consultation,/);
  assert.equal(copies(), 0);
});

test('one address gets its share of downloads, then a clear 429; the share is free again once it hangs up', async () => {
  const socket = await stalledDownload(patient);
  await waitFor(() => copies() === 1, 30000, 'the COPY to start');
  const refused = await fetch(`${patient.base}/open-data/matransition.csv`);
  assert.equal(refused.status, 429);
  assert.ok(refused.headers.get('retry-after'));
  const body = await refused.json();
  assert.equal(body.error, 'too_many_requests');
  assert.match(body.message, /Too many downloads from your address at once \(at most 1\)/);

  socket.destroy();   // unread data: the kernel resets the connection, the server's next write fails
  await waitFor(() => copies() === 0, 60000, 'the abandoned COPY to be cancelled');
  const lines = await fullDownload(patient);
  assert.equal(lines.length, rows + 1);
});

test('a stopping server does not wait for a stalled download (its stall deadline here is an hour)', async () => {
  const socket = await stalledDownload(patient);
  await waitFor(() => copies() === 1, 30000, 'the COPY to start');
  const start = Date.now();
  patient.proc.kill('SIGTERM');
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('baro serve still running 60 s after SIGTERM')), 60000);
  });
  const { code } = await Promise.race([patient.exited, deadline]).finally(() => clearTimeout(timer));
  assert.equal(code, 0);
  console.log(`stopped ${Date.now() - start} ms after SIGTERM with a stalled download`);
  await waitFor(() => copies() === 0, 30000, 'the COPY to end with the server');
  socket.destroy();
});
