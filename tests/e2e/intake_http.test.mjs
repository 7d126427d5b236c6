// The web intake over real HTTP against a real baro serve and PostgreSQL: what is acknowledged is
// committed, exactly once; bad input gets a clear status and message.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createDatabase, startServer, sql, postForm, startProxy } from './harness.mjs';

const bambara = 'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.';
let db;
let server;

before(async () => {
  db = createDatabase('intake');
  server = await startServer(db.url);
});
after(async () => {
  await server?.stop();
  db?.drop();
});

const count = (where) => Number(sql(db.url, `select count(*) from contribution where ${where}`)[0][0]);

test('a posted form is stored byte for byte and answered 303 to the thank-you page', async () => {
  const r = await postForm(server.base, 'matransition', { text: bambara, region: 'segou', nonce: 'n-bytes' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/c\/matransition\/merci/);
  const rows = sql(db.url, "select display_text, raw, region, status, channel from contribution where external_id = 'matransition:n-bytes'");
  assert.deepEqual(rows, [[bambara, bambara, 'segou', 'new', 'web']]);
  const hex = sql(db.url, "select encode(convert_to(display_text, 'UTF8'), 'hex') from contribution where external_id = 'matransition:n-bytes'")[0][0];
  assert.equal(hex, Buffer.from(bambara, 'utf8').toString('hex'));
});

test('a form submitted twice with the same nonce is stored once', async () => {
  for (let i = 0; i < 3; i++) {
    const r = await postForm(server.base, 'matransition', { text: 'Deux fois', nonce: 'n-twice' });
    assert.equal(r.status, 303);
  }
  assert.equal(count("external_id = 'matransition:n-twice'"), 1);
});

test('an Idempotency-Key replay returns the first answer and stores nothing new', async () => {
  const post = (text) => fetch(`${server.base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'replay-1' },
    body: JSON.stringify({ text, region: 'kayes' }),
  });
  const first = await post(bambara);
  assert.equal(first.status, 201);
  const body = await first.text();
  const again = await post(bambara);
  assert.equal(again.status, 201);
  assert.equal(await again.text(), body);
  const id = JSON.parse(body).id;
  assert.equal(count(`id = ${id}`), 1);
  assert.equal(count("channel = 'web' and raw = 'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.' and region = 'kayes'"), 1);
  const reused = await post('Un autre texte');
  assert.equal(reused.status, 409);
});

test('200 concurrent posts all land exactly once', async () => {
  const posts = [];
  for (let i = 0; i < 200; i++) {
    posts.push(postForm(server.base, 'matransition', { text: `Message concurrent ${i} — ɲɛ`, nonce: `conc-${i}` }));
  }
  const statuses = (await Promise.all(posts)).map((r) => r.status);
  assert.deepEqual([...new Set(statuses)], [303]);
  assert.equal(count("external_id like 'matransition:conc-%'"), 200);
  assert.equal(Number(sql(db.url, "select count(distinct display_text) from contribution where external_id like 'matransition:conc-%'")[0][0]), 200);
});

test('bad input gets a clear message and the right status', async () => {
  const api = (body, headers = {}) => fetch(`${server.base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body,
  });
  const before = count('true');

  let r = await fetch(`${server.base}/c/nope`);
  assert.equal(r.status, 404);
  assert.match(await r.text(), /n&#39;existe pas/);

  r = await postForm(server.base, 'matransition', { text: '  \n\t ' });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /Écrivez votre message avant d&#39;envoyer/);

  const long = 'é'.repeat(5001);
  r = await postForm(server.base, 'matransition', { text: long });
  assert.equal(r.status, 422);
  const page = await r.text();
  assert.match(page, /5001 caractères/);
  assert.ok(page.includes(long), 'the typed text is kept in the form');

  r = await fetch(`${server.base}/c/matransition`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=%C3%28%A0',
  });
  assert.equal(r.status, 400);

  r = await api(Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
  assert.equal(r.status, 400);

  r = await api(JSON.stringify({ text: '' }));
  assert.equal(r.status, 422);
  assert.equal((await r.json()).field, 'text');

  r = await api(JSON.stringify({ text: 'ok', region: 'atlantide' }));
  assert.equal(r.status, 422);
  assert.equal((await r.json()).field, 'region');

  r = await fetch(`${server.base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello',
  });
  assert.equal(r.status, 415);
  r = await fetch(`${server.base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST', headers: { 'content-type': 'application/jsonp' }, body: JSON.stringify({ text: 'ok' }),
  });
  assert.equal(r.status, 415, 'a media type that only begins like JSON is not JSON');
  r = await api(JSON.stringify({ text: 'ok' }), { 'idempotency-key': '' });
  assert.equal(r.status, 400, 'an empty Idempotency-Key is an error, not an absent one');

  r = await api(JSON.stringify({ text: 'ok' }), {}).then(() => fetch(`${server.base}/api/v1/consultations/nope/contributions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'ok' }),
  }));
  assert.equal(r.status, 404);

  assert.equal(count('true'), before + 1, 'only the one valid API post was stored');
});

test('a body over the route limit is refused with 413 before it is read', async () => {
  // Send only the header announcing 10 MB: the answer must come without the body being sent.
  const status = await new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1', () => {
      s.write('POST /c/matransition HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n');
    });
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data.split(' ')[1]));
    s.on('error', reject);
    setTimeout(() => reject(new Error('no answer')), 5000);
  });
  assert.equal(status, '413');
});

test('the form is French by default, Bambara and English on request, and small', async () => {
  let r = await fetch(`${server.base}/c/matransition`);
  let html = await r.text();
  assert.match(html, /<html lang="fr">/);
  assert.ok(Buffer.byteLength(html) + Buffer.byteLength(await (await fetch(`${server.base}/static/citizen.css`)).text()) < 30 * 1024);
  r = await fetch(`${server.base}/c/matransition?lang=bm`);
  html = await r.text();
  assert.match(html, /<html lang="bm">/);
  assert.match(html, /I hakilina fɔ/);
  r = await fetch(`${server.base}/c/matransition`, { headers: { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' } });
  assert.match(await r.text(), /Have your say/);
  assert.match(r.headers.get('content-security-policy'), /script-src 'self'/);
});

test('health, readiness and Prometheus metrics answer', async () => {
  assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
  assert.equal((await fetch(`${server.base}/readyz`)).status, 200);
  const m = await (await fetch(`${server.base}/metrics`)).text();
  assert.match(m, /baro_http_requests_total\{route="\/c\/\{slug\}",method="POST",status="303"\} \d+/);
  assert.match(m, /baro_http_request_duration_seconds_bucket\{route="\/c\/\{slug\}",le="0.05"\}/);
  assert.match(m, /baro_ingest_queue_rows \d/);
});

test('HEAD answers the GET headers without a body, and the connection stays usable', async () => {
  const raw = await new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1');
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
    sock.write('HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  });
  const responses = raw.split(/(?=HTTP\/1\.1 )/);
  assert.equal(responses.length, 2);
  assert.match(responses[0], /^HTTP\/1\.1 200[\s\S]*Content-Length: 3\r\n/i);
  assert.ok(responses[0].endsWith('\r\n\r\n'), 'no body after the HEAD headers');
  assert.match(responses[1], /\r\n\r\nok\n$/);
});

test('SIGKILL right after a 303 loses nothing', async () => {
  const own = await startServer(db.url);
  const r = await postForm(own.base, 'matransition', { text: `Juste avant la fin ${bambara}`, nonce: 'n-kill' });
  assert.equal(r.status, 303);
  own.proc.kill('SIGKILL');
  await own.exited;
  assert.equal(count("external_id = 'matransition:n-kill'"), 1);
});

test('SIGTERM finishes requests in flight and exits 0', async () => {
  const own = await startServer(db.url);
  const posts = [];
  for (let i = 0; i < 50; i++) posts.push(postForm(own.base, 'matransition', { text: `Arrêt ${i}`, nonce: `term-${i}` }));
  await new Promise((r) => setTimeout(r, 5));
  own.proc.kill('SIGTERM');
  const results = await Promise.allSettled(posts);
  const acked = results.filter((x) => x.status === 'fulfilled' && x.value.status === 303).length;
  const { code } = await own.exited;
  assert.equal(code, 0);
  assert.ok(count("external_id like 'matransition:term-%'") >= acked, 'every 303 is stored');
});

test('with the database down, a post gets 503 with Retry-After and never a 2xx; it recovers by itself', async () => {
  const pgPort = Number(new URL(db.url).port);
  const proxy = await startProxy(pgPort);
  const viaProxy = db.url.replace(`:${pgPort}/`, `:${proxy.port}/`);
  const own = await startServer(viaProxy);
  try {
    let r = await postForm(own.base, 'matransition', { text: 'avant la panne', nonce: 'down-0' });
    assert.equal(r.status, 303);
    proxy.cut();
    r = await postForm(own.base, 'matransition', { text: 'pendant la panne', nonce: 'down-1' });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '2');
    assert.match(await r.text(), /pendant la panne/, 'the typed text is kept');
    assert.equal((await fetch(`${own.base}/readyz`)).status, 503);
    proxy.restore();
    let ok = false;
    for (let i = 0; i < 50 && !ok; i++) {
      r = await postForm(own.base, 'matransition', { text: 'pendant la panne', nonce: 'down-1' });
      ok = r.status === 303;
      if (!ok) await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(ok, 'the retried post is accepted once the database is back');
    assert.equal(count("external_id = 'matransition:down-1'"), 1);
  } finally {
    await own.stop();
    await proxy.close();
  }
});
