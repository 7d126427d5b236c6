// baro installed by deploy/install.sh, behind deploy/nginx/baro.conf with a self-signed certificate:
// what a citizen, a gateway, a blogger and two moderators see over HTTPS. Started by
// tests/deploy/install_test.sh, which sets the addresses; nginx trusts 127.0.0.1 as a load balancer
// there, so X-Forwarded-For plays citizens at other addresses.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { createHmac, randomBytes } from 'node:crypto';
import { base, sql, literal, raw, addUser, login, publish, openEvents, publishes } from './helpers.mjs';

const httpBase = process.env.BARO_HTTP_BASE;
const twilioToken = process.env.BARO_TWILIO_TOKEN;

function twilioDelivery(body, from = '+22370000001') {
  const params = {
    AccountSid: 'AC' + randomBytes(16).toString('hex'), Body: body, From: from, MessageSid: 'SM' + randomBytes(16).toString('hex'),
    NumMedia: '0', To: '+22360000000',
  };
  // Twilio signs the URL it posts to (BARO_PUBLIC_URL + path) followed by every name and value, sorted.
  const url = `${base}/hooks/twilio`;
  const signed = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  const signature = createHmac('sha1', twilioToken).update(signed).digest('base64');
  return { sid: params.MessageSid, body: new URLSearchParams(params).toString(), signature };
}

const postTwilio = (d, headers = {}) => raw(`${base}/hooks/twilio`, {
  method: 'POST', body: d.body,
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': d.signature, ...headers },
});

const sentence = 'An bɛ hɔrɔnya fɛ, HTTPS sira fɛ.';
const accounts = {};

before(async () => {
  accounts.awa = { email: 'awa@baro.ml', password: addUser('awa@baro.ml', 'admin') };
  accounts.moussa = { email: 'moussa@baro.ml', password: addUser('moussa@baro.ml', 'moderator') };
});

test('plain HTTP goes to HTTPS; HTTPS speaks TLS 1.3 only and sends HSTS', async () => {
  const r = await raw(`${httpBase}/c/matransition`, { headers: { host: 'localhost' } });
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, 'https://localhost/c/matransition');
  const h = await raw(`${base}/healthz`);
  assert.equal(h.status, 200);
  assert.equal(h.headers['strict-transport-security'], 'max-age=63072000');
  const { port } = new URL(base);
  const protocol = await new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost' }, () => { resolve(s.getProtocol()); s.end(); });
    s.on('error', reject);
  });
  assert.equal(protocol, 'TLSv1.3');
  const old = await new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', maxVersion: 'TLSv1.2' }, () => { resolve('connected'); s.end(); });
    s.on('error', (e) => resolve(e.code ?? e.message));
  });
  assert.notEqual(old, 'connected', 'a TLS 1.2 client is refused');
});

test('a citizen form post over HTTPS is stored once', async () => {
  const page = await fetch(`${base}/c/matransition`);
  assert.equal(page.status, 200);
  const nonce = (await page.text()).match(/name="nonce" value="([^"]*)"/)[1];
  const fields = new URLSearchParams({ text: sentence, nonce, region: 'bamako' }).toString();
  const post = () => fetch(`${base}/c/matransition`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: fields,
  });
  assert.equal((await post()).status, 303);
  assert.equal((await post()).status, 303, 'the browser resending the same form');
  assert.deepEqual(sql(`select count(*) from contribution where raw = ${literal(sentence)}`), [['1']]);
});

test('a signed Twilio delivery through nginx is stored; a wrong signature is refused', async () => {
  const d = twilioDelivery('Twilio sira fɛ: an ka kalata kɛ ka ɲɛ.');
  const r = await postTwilio(d);
  assert.equal(r.status, 200, r.body.toString());
  assert.deepEqual(sql(`select count(*) from contribution where external_id = ${literal('twilio:' + d.sid)}`), [['1']]);
  const forged = twilioDelivery('forged');
  forged.signature = createHmac('sha1', 'not-the-token').update('x').digest('base64');
  const refused = await postTwilio(forged);
  assert.equal(refused.status, 403, refused.body.toString());
  assert.deepEqual(sql(`select count(*) from contribution where external_id = ${literal('twilio:' + forged.sid)}`), [['0']]);
});

test('public JSON is gzipped, served from the micro-cache, and revalidated by its ETag', async () => {
  // The consultation with its eight themes in three languages (a summary is under nginx's 1 KB
  // gzip_min_length until something is published).
  const url = `${base}/api/v1/consultations/matransition`;
  const first = await raw(url, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(first.status, 200);
  assert.equal(first.headers['content-encoding'], 'gzip', `${JSON.stringify(first.headers)} ${first.body.length} bytes`);
  const json = zlib.gunzipSync(first.body);
  assert.equal(JSON.parse(json.toString('utf8')).slug, 'matransition', 'the gzipped body is the consultation');
  assert.ok(first.body.length < json.length, `gzip made ${json.length} bytes into ${first.body.length}`);
  assert.equal(first.headers['strict-transport-security'], 'max-age=63072000');
  // Within baro's max-age (5 s) a repeat is a hit; on a very slow machine the first repeat may miss.
  let status = '';
  for (let i = 0; i < 5 && status !== 'HIT'; i++) status = (await raw(url, { headers: { 'accept-encoding': 'gzip' } })).headers['x-cache-status'];
  assert.equal(status, 'HIT');
  const again = await raw(url, { headers: { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag } });
  assert.equal(again.status, 304);
});

test('the micro-cache never serves one moderator\'s page to another, nor to a reader without a session', async () => {
  const a = await login(accounts.awa.email, accounts.awa.password);
  const b = await login(accounts.moussa.email, accounts.moussa.password);
  assert.notEqual(a.csrf, b.csrf);
  for (let round = 0; round < 3; round++) {
    for (const who of [a, b]) {
      const s = await raw(`${base}/api/v1/mod/session`, { headers: { cookie: who.cookie } });
      assert.equal(s.status, 200);
      const me = JSON.parse(s.body);
      assert.equal(me.email, who.email);
      assert.equal(me.csrf, who.csrf);
      assert.equal(s.headers['x-cache-status'], undefined, 'moderator API answers never pass through the cache');
      const q = await raw(`${base}/api/v1/mod/contributions`, { headers: { cookie: who.cookie } });
      assert.equal(q.status, 200);
      assert.equal(q.headers['x-cache-status'], undefined);
      const consoleSelf = await raw(`${base}/mod`, { headers: { cookie: who.cookie } });
      assert.equal(consoleSelf.status, 200);
      assert.equal(consoleSelf.headers['x-cache-status'], undefined);
    }
    assert.equal((await raw(`${base}/api/v1/mod/session`)).status, 401, 'no session, no moderator data');
    const anonymous = await raw(`${base}/mod`);
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.location, /^\/mod\/login/);
  }
  // A public page requested with a session cookie bypasses the cache too.
  const withCookie = await raw(`${base}/api/v1/consultations/matransition/summary?lang=fr`, { headers: { cookie: a.cookie } });
  assert.equal(withCookie.headers['x-cache-status'], 'BYPASS');
  accounts.awa.session = a;
});

test('SSE through nginx delivers a publish as it happens', async () => {
  const a = accounts.awa.session ?? await login(accounts.awa.email, accounts.awa.password);
  const id = Number(sql(`select id from contribution where raw = ${literal(sentence)}`)[0][0]);
  const events = await openEvents('/api/v1/consultations/matransition/events?lang=fr');
  assert.equal(events.res.status, 200);
  assert.equal(events.res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.equal(events.res.headers.get('content-encoding'), null, 'events are not compressed (gzip would hold them back)');
  try {
    await events.until((b) => b.includes('event: summary'), 10000);
    const started = Date.now();
    await publish(a, id);
    await events.until(publishes(id), 10000);
    console.log(`# SSE through nginx: the publish arrived ${Date.now() - started} ms after the moderator's first request`);
  } finally {
    events.close();   // an open stream would keep the test process alive after a failure
  }
});

test('form posts are rate limited per citizen address; gateway webhooks are not', async () => {
  const flood = await Promise.all(Array.from({ length: 60 }, () => raw(`${base}/c/matransition`, {
    method: 'POST', body: 'text=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.7' },
  })));
  const limited = flood.filter((r) => r.status === 429).length;
  assert.ok(limited > 0, `60 posts at once from one address: statuses ${[...new Set(flood.map((r) => r.status))]}`);
  const other = await raw(`${base}/c/matransition`, {
    method: 'POST', body: 'text=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.8' },
  });
  assert.notEqual(other.status, 429, 'another citizen is not limited by the first one\'s flood');

  const deliveries = Array.from({ length: 60 }, (_, i) => twilioDelivery(`Rafale ${i}: an bɛ kalata fɛ.`, `+2237000${String(i).padStart(4, '0')}`));
  const burst = await Promise.all(deliveries.map((d) => postTwilio(d, { 'x-forwarded-for': '198.51.100.7' })));
  assert.deepEqual([...new Set(burst.map((r) => r.status))], [200], 'a gateway\'s burst is never rate limited');
  const sids = deliveries.map((d) => literal('twilio:' + d.sid)).join(',');
  assert.deepEqual(sql(`select count(*) from contribution where external_id in (${sids})`), [['60']]);
});

test('/metrics answers this host only', async () => {
  const local = await raw(`${base}/metrics`);
  assert.equal(local.status, 200);
  assert.match(local.body.toString(), /baro_contributions_total/);
  const remote = await raw(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(remote.status, 403);
});

