// A USSD conversation as Africa's Talking plays it: one POST per screen, `text` carrying every answer
// so far joined with '*'. Language, then theme, then the message; the contribution is committed
// before the last screen answers "END".
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { createDatabase, startServer, sql } from './harness.mjs';

const pepper = randomBytes(32).toString('hex');
const token = 'ussd-' + randomBytes(12).toString('hex');
let db;
let server;
let dir;

before(async () => {
  db = createDatabase('ussd');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-secrets-'));
  fs.writeFileSync(path.join(dir, 's.json'), JSON.stringify({ pepper, africastalking: { ussd_token: token } }));
  server = await startServer(db.url, { BARO_SECRETS_FILE: path.join(dir, 's.json') });
});
after(async () => {
  await server?.stop();
  db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function screen(sessionId, text, phone = '+22376555001') {
  const started = Date.now();
  const r = await fetch(`${server.base}/hooks/africastalking/ussd/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sessionId, serviceCode: '*384*2021#', phoneNumber: phone, networkCode: '61002', text }).toString(),
  });
  const body = await r.text();
  assert.equal(r.status, 200, body);
  assert.match(r.headers.get('content-type'), /text\/plain/);
  assert.ok(Date.now() - started < 1000, 'each screen answers well inside the gateway timeout');
  return body;
}

test('a whole session in Bambara: language, theme, message → one contribution with the chosen theme', async () => {
  const id = 'ATUid_' + randomBytes(6).toString('hex');
  const first = await screen(id, '');
  assert.match(first, /^CON /);
  assert.match(first, /Bamanankan/);
  const themes = await screen(id, '2');
  assert.match(themes, /^CON /);
  assert.match(themes, /Lakana/);   // the security theme's Bambara label
  const ask = await screen(id, '2*1');
  assert.match(ask, /^CON /);
  const message = 'An bɛ lakana fɛ Mopti mara kɔnɔ.';
  const end = await screen(id, `2*1*${message}`);
  assert.match(end, /^END /);
  const rows = sql(db.url, `select channel, display_text, array_to_string(themes, ','), sender_key from contribution where external_id = 'africastalking:${id}'`);
  assert.deepEqual(rows, [['ussd', message, 'securite', createHmac('sha256', Buffer.from(pepper, 'hex')).update('+22376555001').digest('hex')]]);
  // The gateway repeats the last step: still one contribution.
  await screen(id, `2*1*${message}`);
  assert.equal(sql(db.url, `select count(*) from contribution where external_id = 'africastalking:${id}'`)[0][0], '1');
});

test('invalid choices re-ask; an expired session starts again at the language menu', async () => {
  const id = 'ATUid_' + randomBytes(6).toString('hex');
  await screen(id, '');
  const wrong = await screen(id, '7');
  assert.match(wrong, /^CON /);
  assert.match(wrong, /Français/);   // the language menu again
  const ok = await screen(id, '7*1');
  assert.match(ok, /^CON /);
  assert.doesNotMatch(ok, /Bamanankan/);

  // The state is kept a few minutes; past that the session starts over, whatever the history says.
  sql(db.url, `update ussd_session set updated_at = now() - interval '10 minutes' where session_id = '${id}'`);
  const restarted = await screen(id, '7*1*3');
  assert.match(restarted, /^CON /);
  assert.match(restarted, /Bamanankan/);
  assert.equal(sql(db.url, `select count(*) from contribution where external_id = 'africastalking:${id}'`)[0][0], '0');
});

test('a wrong path token is 403', async () => {
  const r = await fetch(`${server.base}/hooks/africastalking/ussd/wrong`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'sessionId=x&serviceCode=*1%23&phoneNumber=%2B22376555001&text=' });
  assert.equal(r.status, 403);
});

test('a service code whose consultation has closed answers END at once, in French and Bambara, and stores nothing', async () => {
  sql(db.url, "update consultation set recipients = array_append(recipients, '*384*2021#'), status = 'closed' where slug = 'matransition'");
  // The server's catalog picks the change up within seconds: wait for that, not for a time.
  let id;
  let first;
  const deadline = Date.now() + 60000;
  do {
    id = 'ATUid_' + randomBytes(6).toString('hex');
    first = await screen(id, '');
    if (/^END /.test(first)) break;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < deadline);
  assert.match(first, /^END Cette consultation est close/);
  assert.match(first, /Ɲininkali nin datugura/);
  assert.equal(sql(db.url, `select count(*) from contribution where external_id = 'africastalking:${id}'`)[0][0], '0');
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  assert.match(metrics, /baro_contributions_total\{channel="ussd",outcome="closed"\} [1-9]/);
});
