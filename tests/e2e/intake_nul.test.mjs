// Issue 16, item 1: texts with U+0000 (NUL), which a PostgreSQL text column cannot hold, posted
// through the web form, the JSON API and signed Twilio webhooks on 8 concurrent connections,
// interleaved with ordinary posts. Before the fix a NUL row failed its whole group-commit batch:
// hundreds of ordinary posts and genuine SMS got 500. Now NUL is removed at the edge (after the
// signature was checked on the exact bytes): every post is acknowledged and stored exactly once,
// the NUL posts stored cleaned, and nothing is ever answered 500.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createDatabase, startServer, sql, postForm } from './harness.mjs';

const secrets = { pepper: randomBytes(32).toString('hex'), twilio: { auth_token: randomBytes(16).toString('hex') } };
let db;
let server;
let secretsFile;

before(async () => {
  db = createDatabase('nul');
  secretsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baro-secrets-')), 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  server = await startServer(db.url, { BARO_SECRETS_FILE: secretsFile });
});
after(async () => {
  if (server && server.proc.exitCode !== null) console.log(server.log());
  await server?.stop();
  db?.drop();
  fs.rmSync(path.dirname(secretsFile), { recursive: true, force: true });
});

function postTwilio(fields) {
  const url = `${server.base}/hooks/twilio`;
  const data = url + Object.keys(fields).sort().map((k) => k + fields[k]).join('');
  const signature = createHmac('sha1', secrets.twilio.auth_token).update(data, 'utf8').digest('base64');
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(fields).toString(),
  });
}

function postApi(text, key) {
  return fetch(`${server.base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ text }),
  });
}

// One request of each kind, ordinary (`nul` false) or with a NUL inside the text.
const kinds = ['form', 'api', 'twilio'];
function send(kind, nul, id) {
  const text = nul ? `Avis ${id} x\u0000y` : `Avis ${id} ordinaire`;
  if (kind === 'form') return postForm(server.base, 'matransition', { text, nonce: id });
  if (kind === 'api') return postApi(text, id);
  return postTwilio({ MessageSid: 'SM' + id, AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: '+2237' + String(1000000 + Number(id.replace(/\D/g, '')) % 9000000).padStart(7, '0'),
    To: '+22370000000', Body: text, NumMedia: '0' });
}
const success = { form: 303, api: 201, twilio: 200 };
// The stored external id: Twilio's MessageSid, the form's nonce, or a hash of the API's Idempotency-Key.
const externalId = (kind, id) => kind === 'twilio' ? `twilio:SM${id}`
  : kind === 'api' ? `matransition:k${createHash('sha256').update(id).digest('hex').slice(0, 32)}` : `matransition:${id}`;
const stored = (kind, id) => sql(db.url, `select raw, display_text from contribution where external_id = '${externalId(kind, id)}'`);

test('NUL texts on 8 concurrent connections: every post is acknowledged and stored once, NUL posts cleaned, no 500', async () => {
  const tag = randomBytes(4).toString('hex');
  const perWorker = 48;   // 8 × 48 = 384 requests: half ordinary, half with NUL, over the three paths
  const sent = [];
  const worker = async (w) => {
    for (let i = 0; i < perWorker; i++) {
      const kind = kinds[i % 3];
      const nul = Math.floor(i / 3) % 2 === 1;
      const id = `${tag}${w}${String(i).padStart(3, '0')}`;
      const r = await send(kind, nul, id);
      await r.arrayBuffer();
      sent.push({ kind, nul, id, status: r.status });
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));

  assert.equal(sent.length, 8 * perWorker);
  assert.deepEqual(sent.filter((s) => s.status >= 500), [], 'no 5xx at all (no 500, and no 503 on a healthy database)');
  const rows = new Map();
  for (const [id, raw, display] of sql(db.url, `select external_id, raw, display_text from contribution where display_text like 'Avis ${tag}%'`)) {
    rows.set(id, [...(rows.get(id) ?? []), [raw, display]]);
  }
  for (const s of sent) {
    assert.equal(s.status, success[s.kind], `${s.kind} ${s.nul ? 'with NUL' : 'ordinary'} ${s.id}`);
    const got = rows.get(externalId(s.kind, s.id)) ?? [];
    assert.equal(got.length, 1, `${s.kind} ${s.id} stored exactly once`);
    const expected = s.nul ? `Avis ${s.id} xy` : `Avis ${s.id} ordinaire`;
    assert.deepEqual(got[0], [expected, expected], `${s.kind} ${s.id}: raw and display text, NUL removed`);
  }
  assert.equal(Number(sql(db.url, `select count(*) from contribution where display_text like 'Avis ${tag}%'`)[0][0]), sent.length);
});

test('a replayed NUL post stays one row, and a signature over other bytes is still refused', async () => {
  const id = `${randomBytes(4).toString('hex')}999`;
  for (let i = 0; i < 2; i++) assert.equal((await send('twilio', true, id)).status, 200);
  assert.equal(stored('twilio', id).length, 1);
  // The NUL is part of what Twilio signed: the same signature over a body without it is forged.
  const fields = { MessageSid: 'SMforged' + id, AccountSid: 'AC0123456789abcdef0123456789abcdef', From: '+22376000001',
    To: '+22370000000', Body: 'x\u0000y', NumMedia: '0' };
  const url = `${server.base}/hooks/twilio`;
  const signature = createHmac('sha1', secrets.twilio.auth_token)
    .update(url + Object.keys(fields).sort().map((k) => k + fields[k]).join(''), 'utf8').digest('base64');
  const r = await fetch(url, { method: 'POST', body: new URLSearchParams({ ...fields, Body: 'xy' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } });
  assert.equal(r.status, 403);
  assert.equal(stored('twilio', 'forged' + id).length, 0);
});
