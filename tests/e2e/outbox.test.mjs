// Replies through the outbox (issue 15), against stand-ins of each provider's send API written here:
// each checks method, path, auth and the body fields as the provider documents them (Twilio Messages
// API, Africa's Talking SMS, Orange SMS API with its OAuth2 token, WhatsApp Cloud and Messenger Send
// API, Telegram sendMessage). Then: exactly one message per reply, retries after 503, a SIGKILL between
// commit and send, STOP confirmations in the sender's language, the daily budget, the 24-hour window,
// the closed answer through the outbox, SMSSync's replies in the answer to its POST and to its
// GET ?task=send (ushahidi SMSSync's documented task protocol), and no raw number anywhere in the
// database, the logs, `baro export` or the open-data files.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { bin, createDatabase, freePort, startServer, sql } from './harness.mjs';

const i18n = (lang) => JSON.parse(fs.readFileSync(path.join(process.env.BARO_SOURCE_DIR, 'client-web', 'i18n', `${lang}.json`), 'utf8'));
const texts = { fr: i18n('fr'), bm: i18n('bm') };
const bambara = 'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.';
const french = 'Nous voulons des écoles et des routes pour tout le monde.';

// ---- the stand-in provider ----------------------------------------------------------------------
const seen = [];          // every request: { name, path, headers, body }
const delivered = [];     // requests a provider accepted as a message
const failNext = {};      // name → statuses to answer before accepting
const hold = {};          // name → true: hold the next request without answering
const held = [];
const orangeSent = new Set();  // clientCorrelator values Orange has sent (OneAPI: a retry is not sent twice)
let standIn;
let standInBase;

const creds = {
  twilioSid: 'AC' + randomBytes(16).toString('hex'),
  twilioToken: randomBytes(16).toString('hex'),
  atUser: 'baro-test', atKey: 'atk_' + randomBytes(12).toString('hex'),
  orangeId: 'oid' + randomBytes(6).toString('hex'), orangeSecret: 'osec' + randomBytes(8).toString('hex'),
  orangeToken: 'otok' + randomBytes(8).toString('hex'),
  metaToken: 'EAAG' + randomBytes(12).toString('hex'),
  botToken: '123456:' + randomBytes(12).toString('hex'),
};
const basic = (u, p) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');

function route(req, body) {
  const p = req.url;
  const h = req.headers;
  const form = () => Object.fromEntries(new URLSearchParams(body));
  const json = () => JSON.parse(body);
  if (req.method !== 'POST') return null;
  if (p === `/2010-04-01/Accounts/${creds.twilioSid}/Messages.json`) {
    if (h.authorization !== basic(creds.twilioSid, creds.twilioToken)) return { status: 401 };
    const f = form();
    if (!f.To || !f.From || !f.Body || !/^application\/x-www-form-urlencoded/.test(h['content-type'])) return { status: 400 };
    return { name: 'twilio', fields: f, status: 201, answer: { sid: 'SM' + randomBytes(16).toString('hex'), status: 'queued' } };
  }
  if (p === '/version1/messaging') {
    if (h.apikey !== creds.atKey || h.accept !== 'application/json') return { status: 401 };
    const f = form();
    if (f.username !== creds.atUser || !f.to || !f.message) return { status: 400 };
    return { name: 'africastalking', fields: f, status: 201,
      answer: { SMSMessageData: { Message: 'Sent to 1/1', Recipients: [{ statusCode: 101, status: 'Success' }] } } };
  }
  if (p === '/oauth/v3/token') {
    if (h.authorization !== basic(creds.orangeId, creds.orangeSecret) || body !== 'grant_type=client_credentials') return { status: 401 };
    return { name: 'orange_token', status: 200, answer: { token_type: 'Bearer', access_token: creds.orangeToken, expires_in: 3600 } };
  }
  const orange = p.match(/^\/smsmessaging\/v1\/outbound\/([^/]+)\/requests$/);
  if (orange) {
    if (h.authorization !== `Bearer ${creds.orangeToken}`) return { status: 401 };
    const r = json().outboundSMSMessageRequest;
    if (!r || decodeURIComponent(orange[1]) !== r.senderAddress || !/^tel:\+/.test(r.address) || !r.outboundSMSTextMessage?.message || !r.clientCorrelator)
      return { status: 400 };
    return { name: 'orange', fields: r, status: 201, answer: { outboundSMSMessageRequest: r }, correlator: r.clientCorrelator };
  }
  const graph = p.match(/^\/v19\.0\/([^/]+)\/messages$/);
  if (graph) {
    if (h.authorization !== `Bearer ${creds.metaToken}`) return { status: 401 };
    const b = json();
    if (b.messaging_product === 'whatsapp') {
      if (b.recipient_type !== 'individual' || b.type !== 'text' || !/^\d+$/.test(b.to) || !b.text?.body) return { status: 400 };
      return { name: 'whatsapp', node: graph[1], fields: b, status: 200, answer: { messages: [{ id: 'wamid.' + randomBytes(6).toString('hex') }] } };
    }
    if (!b.recipient?.id || b.messaging_type !== 'RESPONSE' || !b.message?.text) return { status: 400 };
    return { name: 'messenger', node: graph[1], fields: b, status: 200, answer: { recipient_id: b.recipient.id, message_id: 'm_1' } };
  }
  if (p === `/bot${creds.botToken}/sendMessage`) {
    const b = json();
    if (!b.chat_id || !b.text) return { status: 400 };
    return { name: 'telegram', fields: b, status: 200, answer: { ok: true, result: { message_id: 1 } } };
  }
  return null;
}

function startStandIn() {
  standIn = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const r = route(req, body) ?? { status: 404 };
      seen.push({ name: r.name, path: req.url, headers: req.headers, body });
      if (r.name && hold[r.name]) { hold[r.name] = false; held.push({ r, res }); return; }
      const fails = failNext[r.name];
      if (fails?.length) { res.writeHead(fails.shift()).end('{"error":"busy"}'); return; }
      if (r.status < 300 && r.name && r.name !== 'orange_token') {
        if (r.correlator && orangeSent.has(r.correlator)) { /* OneAPI: a retry with the same clientCorrelator sends nothing */ }
        else { delivered.push(r); if (r.correlator) orangeSent.add(r.correlator); }
      }
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.answer ?? {}));
    });
  });
  return new Promise((resolve) => standIn.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${standIn.address().port}`)));
}

// ---- baro ---------------------------------------------------------------------------------------
let db;
let server;
let port;
let secretsFile;
const logs = [];
let secrets;

async function start() {
  server = await startServer(db.url, { BARO_SECRETS_FILE: secretsFile, BARO_OUTBOX_LEASE_SECONDS: '4' }, { port });
  port = server.port;
}

before(async () => {
  standInBase = await startStandIn();
  secrets = {
    pepper: randomBytes(32).toString('hex'),
    outbox: { key: randomBytes(32).toString('hex') },
    twilio: { auth_token: creds.twilioToken, account_sid: creds.twilioSid, api_base: standInBase },
    africastalking: { sms_token: 'at-' + randomBytes(12).toString('hex'), username: creds.atUser, api_key: creds.atKey, api_base: standInBase },
    orange: { token: 'or-' + randomBytes(12).toString('hex'), client_id: creds.orangeId, client_secret: creds.orangeSecret, api_base: standInBase },
    meta: { app_secret: 'app-' + randomBytes(8).toString('hex'), verify_token: 'v', access_token: creds.metaToken, api_base: standInBase },
    telegram: { secret_token: 'tg_' + randomBytes(8).toString('hex'), bot_token: creds.botToken, api_base: standInBase },
    smssync: { secret: 'ss_' + randomBytes(8).toString('hex') },
  };
  db = createDatabase('outbox');
  // A consultation that has closed, with its SMS keyword: what is sent to it gets the closed answer.
  sql(db.url, `insert into consultation (slug, title, sms_keyword, status) values ('ancienne', '{"fr": "Ancienne"}', 'ANCIEN', 'closed')`);
  secretsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baro-outbox-')), 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  await start();
});
after(async () => {
  if (server) { await server.stop(); logs.push(server.log()); }
  for (const { res } of held) res.destroy();
  standIn?.close();
  db?.drop();
  fs.rmSync(path.dirname(secretsFile), { recursive: true, force: true });
});

async function waitFor(what, cond, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const sentTo = (name, pred) => delivered.filter((d) => d.name === name && pred(d));
const outboxRow = (kind, provider) => sql(db.url,
  `select status, attempts, recipient_sealed is null, coalesce(last_error, '') from outbox where kind = '${kind}' and provider = '${provider}' order by id desc limit 1`)[0];
const numbers = [];  // every citizen address used, for the final grep

function twilioSignature(url, fields) {
  return createHmac('sha1', creds.twilioToken).update(url + Object.keys(fields).sort().map((k) => k + fields[k]).join('')).digest('base64');
}
async function twilioSms(from, text) {
  numbers.push(from);
  const sid = 'SM' + randomBytes(16).toString('hex');
  const fields = { MessageSid: sid, SmsSid: sid, AccountSid: creds.twilioSid, From: from, To: '+22370000000', Body: text, NumMedia: '0' };
  const url = `${server.base}/hooks/twilio`;
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, fields) } });
}
async function atSms(from, text) {
  numbers.push(from);
  return fetch(`${server.base}/hooks/africastalking/sms/${secrets.africastalking.sms_token}`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ from, to: '36180', text, id: 'ATXid_' + randomBytes(8).toString('hex'), date: '2026-12-04 10:00:00' }).toString() });
}
async function orangeSms(from, text) {
  numbers.push(from);
  return fetch(`${server.base}/hooks/orange/${secrets.orange.token}`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inboundSMSMessageNotification: { inboundSMSMessage: { senderAddress: `tel:${from}`,
      destinationAddress: 'tel:+22370000001', message: text, messageId: 'OM' + randomBytes(6).toString('hex'), dateTime: '2026-12-04T10:00:00Z' } } }) });
}
const metaJson = (obj) => JSON.stringify(obj).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
async function postMeta(obj) {
  const body = metaJson(obj);
  return fetch(`${server.base}/hooks/meta`, { method: 'POST', body, headers: { 'content-type': 'application/json',
    'x-hub-signature-256': 'sha256=' + createHmac('sha256', secrets.meta.app_secret).update(body).digest('hex') } });
}
async function whatsapp(waId, text, timestamp) {
  numbers.push('+' + waId);
  return postMeta({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' },
    messages: [{ from: waId, id: 'wamid.' + randomBytes(8).toString('hex'), timestamp: String(timestamp), type: 'text', text: { body: text } }] } }] }] });
}
async function telegram(userId, text) {
  const id = Math.floor(Math.random() * 1e9);
  return fetch(`${server.base}/hooks/telegram`, { method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegram.secret_token },
    body: JSON.stringify({ update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000), text,
      from: { id: userId, is_bot: false, first_name: 'Awa' }, chat: { id: userId, type: 'private' } } }) });
}

async function smssync(from, text, messageId = 'ss-' + randomBytes(6).toString('hex')) {
  numbers.push(from);
  return fetch(`${server.base}/hooks/smssync`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ from, message: text, message_id: messageId, sent_to: '+22370000002', sent_timestamp: String(Date.now()),
      device_id: '1', secret: secrets.smssync.secret }).toString() });
}
const smssyncPoll = (secret = secrets.smssync.secret) =>
  fetch(`${server.base}/hooks/smssync?task=send&secret=${encodeURIComponent(secret)}`);
const handed = (payload, to) => (payload.messages ?? []).filter((m) => m.to === to);

// ---- the tests ----------------------------------------------------------------------------------
test('Twilio SMS in → committed → exactly one Messages API request with basic auth, To, From and the Bambara thanks', async () => {
  const r = await twilioSms('+22376100001', bambara);
  assert.equal(r.status, 200);
  assert.doesNotMatch(await r.text(), /<Message>/);  // the outbox answers: no TwiML thanks as well
  await waitFor('the Twilio send', () => sentTo('twilio', (d) => d.fields.To === '+22376100001').length === 1);
  const [d] = sentTo('twilio', (d) => d.fields.To === '+22376100001');
  assert.equal(d.fields.From, '+22370000000');
  assert.equal(d.fields.Body, texts.bm['reply.thanks']);
  await waitFor('the row marked sent', () => outboxRow('ack', 'twilio')?.[0] === 'sent');
  assert.deepEqual(outboxRow('ack', 'twilio').slice(0, 3), ['sent', '1', 't']);  // the address is erased with the send
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(sentTo('twilio', (d) => d.fields.To === '+22376100001').length, 1);
});

test("Africa's Talking: a send answered 503 twice, then 201, delivers one message (backoff 1 s, 2 s)", async () => {
  failNext.africastalking = [503, 503];
  assert.equal((await atSms('+22365100002', french)).status, 200);
  await waitFor('the third attempt', () => sentTo('africastalking', (d) => d.fields.to === '+22365100002').length === 1, 30000);
  const [d] = sentTo('africastalking', (d) => d.fields.to === '+22365100002');
  assert.equal(d.fields.message, texts.fr['reply.thanks']);
  assert.equal(d.fields.from, '36180');
  assert.equal(seen.filter((s) => s.name === 'africastalking' && s.body.includes('to=%2B22365100002')).length, 3);
  await waitFor('the row marked sent', () => outboxRow('ack', 'africastalking')?.[0] === 'sent');
  assert.deepEqual(outboxRow('ack', 'africastalking').slice(0, 3), ['sent', '3', 't']);
});

test('the consultation\'s own texts: a Bambara message gets the Bambara text set with baro replies set; a French one keeps the default; an empty text restores it', async () => {
  const env = { ...process.env, BARO_DATABASE_URL: db.url };
  const own = 'I ni ce! An ye i ka hakilina sɔrɔ, matransition ka baro kɔnɔ.';
  execFileSync(bin, ['replies', 'set', 'matransition', 'sms', '--text-bm', own], { env });
  assert.equal((await atSms('+22365100020', bambara)).status, 200);
  assert.equal((await atSms('+22365100021', french)).status, 200);
  await waitFor('both thanks', () => sentTo('africastalking', (d) => ['+22365100020', '+22365100021'].includes(d.fields.to)).length === 2);
  assert.equal(sentTo('africastalking', (d) => d.fields.to === '+22365100020')[0].fields.message, own);
  assert.equal(sentTo('africastalking', (d) => d.fields.to === '+22365100021')[0].fields.message, texts.fr['reply.thanks']);
  execFileSync(bin, ['replies', 'set', 'matransition', 'sms', '--text-bm', ''], { env });
  assert.equal((await atSms('+22365100022', bambara)).status, 200);
  await waitFor('the default Bambara thanks again', () => sentTo('africastalking', (d) => d.fields.to === '+22365100022').length === 1);
  assert.equal(sentTo('africastalking', (d) => d.fields.to === '+22365100022')[0].fields.message, texts.bm['reply.thanks']);
});

test('Orange: one OAuth2 token for several sends; JSON outboundSMSMessageRequest with clientCorrelator', async () => {
  const tokensBefore = seen.filter((s) => s.name === 'orange_token').length;
  assert.equal((await orangeSms('+22376100003', french)).status, 200);
  assert.equal((await orangeSms('+22376100004', french)).status, 200);
  await waitFor('two Orange sends', () => sentTo('orange', (d) => ['tel:+22376100003', 'tel:+22376100004'].includes(d.fields.address)).length === 2);
  const [d] = sentTo('orange', (d) => d.fields.address === 'tel:+22376100003');
  assert.equal(d.fields.senderAddress, 'tel:+22370000001');
  assert.equal(d.fields.outboundSMSTextMessage.message, texts.fr['reply.thanks']);
  assert.ok(seen.filter((s) => s.name === 'orange_token').length - tokensBefore <= 1);
});

test('SIGKILL between commit and send: Orange (clientCorrelator) delivers once; Twilio (no key) at most once more', async () => {
  for (const [name, send, to, match] of [
    ['orange', orangeSms, '+22376100005', (d) => d.fields.address === 'tel:+22376100005'],
    ['twilio', twilioSms, '+22376100006', (d) => d.fields.To === '+22376100006'],
  ]) {
    hold[name] = true;
    const heldBefore = held.length;
    assert.equal((await send(to, french)).status, 200);
    await waitFor(`the held ${name} request`, () => held.length > heldBefore);
    server.proc.kill('SIGKILL');
    await server.exited;
    logs.push(server.log());
    // The provider received the first request but baro never heard the answer: it commits now.
    const { r, res } = held[held.length - 1];
    if (!(r.correlator && orangeSent.has(r.correlator))) { delivered.push(r); if (r.correlator) orangeSent.add(r.correlator); }
    res.destroy();
    await start();
    await waitFor(`the ${name} row sent after restart`, () => sql(db.url,
      `select 1 from outbox where provider = '${name}' and status = 'sent' and attempts = 2`).length > 0 && true, 30000);
    const requests = seen.filter((s) => s.name === name && s.body.includes(to.slice(1))).length;
    assert.equal(requests, 2, `${name}: the held request and one after the lease ran out`);
    assert.equal(sentTo(name, match).length, name === 'orange' ? 1 : 2);
  }
});

test('SIGKILL after commit, before the provider took the reply: sent exactly once after restart, even without an idempotency key (Twilio, Africa\'s Talking)', async () => {
  for (const [name, send, to, match] of [
    ['twilio', twilioSms, '+22376100009', (d) => d.fields.To === '+22376100009'],
    ['africastalking', atSms, '+22365100009', (d) => d.fields.to === '+22365100009'],
  ]) {
    hold[name] = true;
    const heldBefore = held.length;
    assert.equal((await send(to, french)).status, 200);  // committed: the reply is a pending row
    await waitFor(`the held ${name} request`, () => held.length > heldBefore);
    assert.equal(sql(db.url, `select status from outbox where provider = '${name}' and status = 'pending' and recipient_sealed is not null`).length, 1);
    server.proc.kill('SIGKILL');
    await server.exited;
    logs.push(server.log());
    // The connection dies with baro: the provider never took the message.
    held[held.length - 1].res.destroy();
    assert.equal(sentTo(name, match).length, 0);
    await start();
    await waitFor(`the ${name} row sent after restart`, () => sql(db.url,
      `select 1 from outbox where provider = '${name}' and status = 'pending'`).length === 0, 30000);
    await waitFor(`the ${name} message delivered`, () => sentTo(name, match).length > 0);
    assert.equal(sentTo(name, match).length, 1, `${name}: one message`);
    assert.equal(sentTo(name, match)[0].fields.Body ?? sentTo(name, match)[0].fields.message, texts.fr['reply.thanks']);
  }
});

test('STOP → confirmation in the language the sender wrote in (Telegram, Bambara)', async () => {
  assert.equal((await telegram(777000222, bambara)).status, 200);
  await waitFor('the thanks', () => sentTo('telegram', (d) => String(d.fields.chat_id) === '777000222').length === 1);
  assert.equal(sentTo('telegram', (d) => String(d.fields.chat_id) === '777000222')[0].fields.text, texts.bm['reply.thanks']);
  const r = await telegram(777000222, 'STOP');
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '{}');  // no inline reply: the outbox sends it
  await waitFor('the confirmation', () => sentTo('telegram', (d) => String(d.fields.chat_id) === '777000222').length === 2);
  assert.equal(sentTo('telegram', (d) => String(d.fields.chat_id) === '777000222')[1].fields.text, texts.bm['reply.withdrawn']);
});

test('budget reached → no more SMS acknowledgements; the STOP confirmation still goes; /metrics shows it', async () => {
  const today = Number(sql(db.url, "select count(*) from outbox o join consultation c on c.id = o.consultation_id where c.slug = 'matransition' and o.channel = 'sms' and o.status = 'sent'")[0][0]);
  execFileSync(bin, ['replies', 'set', 'matransition', 'sms', '--budget', String(today + 1)], { env: { ...process.env, BARO_DATABASE_URL: db.url } });
  assert.equal((await atSms('+22365100007', french)).status, 200);
  await waitFor('the last acknowledgement in budget', () => sentTo('africastalking', (d) => d.fields.to === '+22365100007').length === 1);
  assert.equal((await atSms('+22365100008', french)).status, 200);
  await waitFor('the skipped acknowledgement', () => outboxRow('ack', 'africastalking')?.[0] === 'skipped');
  assert.deepEqual(outboxRow('ack', 'africastalking'), ['skipped', '1', 't', 'budget']);
  assert.equal(sentTo('africastalking', (d) => d.fields.to === '+22365100008').length, 0);
  assert.equal((await atSms('+22365100008', 'STOP')).status, 200);
  await waitFor('the STOP confirmation', () => sentTo('africastalking', (d) => d.fields.to === '+22365100008').length === 1);
  assert.equal(sentTo('africastalking', (d) => d.fields.to === '+22365100008')[0].fields.message, texts.fr['reply.withdrawn']);
  // The stand-in records the request before baro hears the answer and counts it: wait for the count.
  const sentMetric = /baro_outbox_sent_total\{provider="africastalking",kind="withdrawal"\} 1/;
  let metrics = '';
  for (const end = Date.now() + 30000; !sentMetric.test(metrics); await new Promise((r) => setTimeout(r, 50))) {
    assert.ok(Date.now() < end, 'timed out waiting for the counters');
    metrics = await (await fetch(`${server.base}/metrics`)).text();
  }
  assert.match(metrics, /baro_sms_budget_remaining\{consultation="matransition"\} 0/);
  assert.match(metrics, /baro_outbox_sent_total\{provider="africastalking",kind="withdrawal"\} 1/);
  assert.match(metrics, /baro_outbox_skipped_total\{provider="africastalking",kind="ack",reason="budget"\} 1/);
});

test('WhatsApp Cloud: within 24 h one Graph API message; a message dated 25 h ago gets nothing; Messenger', async () => {
  const now = Math.floor(Date.now() / 1000);
  assert.equal((await whatsapp('22376100009', french, now)).status, 200);
  await waitFor('the WhatsApp send', () => sentTo('whatsapp', (d) => d.fields.to === '22376100009').length === 1);
  const [d] = sentTo('whatsapp', (d) => d.fields.to === '22376100009');
  assert.equal(d.node, '106540352242922');
  assert.equal(d.fields.text.body, texts.fr['reply.thanks']);
  assert.equal((await whatsapp('22376100010', french, now - 25 * 3600)).status, 200);
  await waitFor('the expired reply given up', () => outboxRow('ack', 'whatsapp')?.[0] === 'skipped');
  assert.deepEqual(outboxRow('ack', 'whatsapp'), ['skipped', '1', 't', 'window']);
  assert.equal(seen.filter((s) => s.name === 'whatsapp' && s.body.includes('22376100010')).length, 0);

  assert.equal((await postMeta({ object: 'page', entry: [{ id: '1122334455', time: Date.now(), messaging: [{
    sender: { id: '6000000000000011' }, recipient: { id: '1122334455' }, timestamp: Date.now(),
    message: { mid: 'm_' + randomBytes(8).toString('hex'), text: french } }] }] })).status, 200);
  await waitFor('the Messenger send', () => sentTo('messenger', (d) => d.fields.recipient.id === '6000000000000011').length === 1);
  assert.equal(sentTo('messenger', (d) => d.fields.recipient.id === '6000000000000011')[0].node, '1122334455');
  // Messenger's window too: a message dated 25 h ago gets nothing.
  assert.equal((await postMeta({ object: 'page', entry: [{ id: '1122334455', time: Date.now(), messaging: [{
    sender: { id: '6000000000000012' }, recipient: { id: '1122334455' }, timestamp: Date.now() - 25 * 3600 * 1000,
    message: { mid: 'm_' + randomBytes(8).toString('hex'), text: french } }] }] })).status, 200);
  await waitFor('the expired Messenger reply given up', () => outboxRow('ack', 'messenger')?.[0] === 'skipped');
  assert.deepEqual(outboxRow('ack', 'messenger'), ['skipped', '1', 't', 'window']);
  assert.equal(seen.filter((s) => s.name === 'messenger' && s.body.includes('6000000000000012')).length, 0);
});

test('a message to a closed consultation gets the closed answer through the outbox, in its language, kept unrouted', async () => {
  assert.equal((await atSms('+22365100012', `ANCIEN ${french}`)).status, 200);
  await waitFor('the closed answer', () => sentTo('africastalking', (d) => d.fields.to === '+22365100012').length === 1);
  assert.equal(sentTo('africastalking', (d) => d.fields.to === '+22365100012')[0].fields.message, texts.fr['reply.closed']);
  const [row] = sql(db.url, `select o.status, c.slug, o.recipient_sealed is null, k.consultation_id is null, k.flags::text
    from outbox o join consultation c on c.id = o.consultation_id join contribution k on k.id = o.contribution_id where o.kind = 'closed'`);
  assert.deepEqual(row, ['sent', 'ancienne', 't', 't', '{closed:ancienne}']);
  // Telegram, in Bambara: no inline answer, the outbox sends the closed answer.
  const r = await telegram(777000333, `ANCIEN ${bambara}`);
  assert.equal(await r.text(), '{}');
  await waitFor('the Bambara closed answer', () => sentTo('telegram', (d) => String(d.fields.chat_id) === '777000333').length === 1);
  assert.equal(sentTo('telegram', (d) => String(d.fields.chat_id) === '777000333')[0].fields.text, texts.bm['reply.closed']);
  // The closed consultation's switch governs it, like the thanks.
  execFileSync(bin, ['replies', 'set', 'ancienne', 'sms', '--acknowledgements', 'off'], { env: { ...process.env, BARO_DATABASE_URL: db.url } });
  assert.equal((await atSms('+22365100013', `ANCIEN ${french}`)).status, 200);
  await waitFor('the closed answer skipped', () => sql(db.url,
    "select 1 from outbox where kind = 'closed' and status = 'skipped' and last_error = 'acknowledgements_off'").length === 1);
  assert.equal(sentTo('africastalking', (d) => d.fields.to === '+22365100013').length, 0);
});

test('SMSSync: the answer to the POST carries the thanks with its uuid, marked sent and erased; a poll or a retry hands nothing again', async () => {
  // SMSSync's thanks are SMS of matransition too: a new day's worth of budget after the budget test.
  execFileSync(bin, ['replies', 'set', 'matransition', 'sms', '--budget', '1000'], { env: { ...process.env, BARO_DATABASE_URL: db.url } });
  const r = await smssync('+22366100014', bambara, 'ss-first');
  assert.equal(r.status, 200);
  const { payload } = await r.json();
  assert.equal(payload.success, true);
  assert.equal(payload.task, 'send');
  assert.equal(payload.secret, secrets.smssync.secret);
  const [m] = handed(payload, '+22366100014');
  assert.equal(m.message, texts.bm['reply.thanks']);
  assert.match(m.uuid, /^[0-9a-f-]{36}$/);
  assert.deepEqual(sql(db.url, `select status, provider_message_id, recipient_sealed is null from outbox where idempotency_key = '${m.uuid}'`)[0],
    ['sent', m.uuid, 't']);
  const poll = await smssyncPoll();
  assert.equal(poll.status, 200);
  const polled = (await poll.json()).payload;
  assert.equal(polled.task, 'send');
  assert.equal(polled.secret, secrets.smssync.secret);
  assert.deepEqual(polled.messages, []);
  assert.equal((await smssyncPoll('wrong')).status, 403);
  const retried = (await (await smssync('+22366100014', bambara, 'ss-first')).json()).payload;  // the phone's retry: a duplicate
  assert.deepEqual([retried.success, handed(retried, '+22366100014').length], [true, 0]);
  // STOP: the confirmation, in the language they wrote in, in the answer to the STOP itself.
  const stop = (await (await smssync('+22366100014', 'STOP')).json()).payload;
  assert.deepEqual(handed(stop, '+22366100014').map((x) => x.message), [texts.bm['reply.withdrawn']]);
});

test('SMSSync: the phone confirms with POST ?task=sent (the documented JSON); confirmed_at recorded once, unknown uuids left out, nothing handed again', async () => {
  const r = await smssync('+22366100015', french, 'ss-confirm');
  const [m] = handed((await r.json()).payload, '+22366100015');
  assert.ok(m, 'the thanks handed over');
  assert.equal(sql(db.url, `select confirmed_at is null from outbox where idempotency_key = '${m.uuid}'`)[0][0], 't');
  const unknown = '00000000-0000-4000-8000-000000000000';
  const confirm = (body, secret = secrets.smssync.secret) => fetch(`${server.base}/hooks/smssync?task=sent&secret=${encodeURIComponent(secret)}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const first = await confirm({ queued_messages: [unknown, m.uuid] });
  assert.equal(first.status, 200);
  assert.deepEqual(await first.json(), { message_uuids: [m.uuid] });
  const [status, at] = sql(db.url, `select status, confirmed_at from outbox where idempotency_key = '${m.uuid}'`)[0];
  assert.equal(status, 'sent');
  assert.ok(at, 'confirmed_at set');
  // The phone's retry of the same confirmation (its answer lost): the same answer, the first time kept.
  const again = await confirm({ queued_messages: [m.uuid, m.uuid], secret: 'ignored: the query has it' });
  assert.deepEqual(await again.json(), { message_uuids: [m.uuid] });
  assert.equal(sql(db.url, `select confirmed_at from outbox where idempotency_key = '${m.uuid}'`)[0][0], at);
  // The secret may come in the JSON body instead of the query string; a wrong one is refused.
  const bodySecret = await fetch(`${server.base}/hooks/smssync?task=sent`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret: secrets.smssync.secret, queued_messages: [m.uuid] }) });
  assert.deepEqual(await bodySecret.json(), { message_uuids: [m.uuid] });
  assert.equal((await confirm({ queued_messages: [m.uuid] }, 'wrong')).status, 403);
  assert.equal((await confirm({ messages: [m.uuid] })).status, 400);
  // Confirmed or not, a handed-over reply is never handed again.
  assert.deepEqual((await (await smssyncPoll()).json()).payload.messages, []);
  const metrics = await (await fetch(`${server.base}/metrics`)).text();
  assert.match(metrics, /baro_outbox_confirmed_total\{provider="smssync"\} 1\b/);
});

test('SMSSync: a POST and a concurrent GET ?task=send hand one reply over exactly once between them', async () => {
  for (let i = 0; i < 5; i++) {
    const to = `+2236610002${i}`;
    const [post, poll] = await Promise.all([smssync(to, french), smssyncPoll()]);
    const both = [...handed((await post.json()).payload, to), ...handed((await poll.json()).payload, to)];
    assert.equal(both.length, 1, `${to}: handed ${both.length} times`);
    assert.equal(both[0].message, texts.fr['reply.thanks']);
  }
  assert.deepEqual((await (await smssyncPoll()).json()).payload.messages, []);
  assert.equal(sql(db.url, "select count(*) from outbox where provider = 'smssync' and status <> 'sent'")[0][0], '0');
});

test('nothing raw: after the sends on every gateway, no number or account id is in pg_dump, the logs, baro export or open data', async () => {
  await waitFor('every reply done', () => sql(db.url, "select count(*) from outbox where status = 'pending'")[0][0] === '0');
  assert.equal(sql(db.url, 'select count(*) from outbox where recipient_sealed is not null')[0][0], '0');
  // Published, so that the export has the contributions of these senders to (not) betray them by.
  sql(db.url, "update contribution set status = 'published', published_at = now() where status = 'new'");
  const env = { ...process.env, BARO_DATABASE_URL: db.url };
  const dump = execFileSync('pg_dump', [db.url], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const exports = ['csv', 'jsonl'].map((f) => execFileSync(bin, ['export', 'matransition', '--format', f], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).join('\n');
  assert.ok(exports.includes('Nous voulons des écoles'), 'the export holds the contributions');
  const openData = (await Promise.all(['csv', 'jsonl'].map(async (f) => {
    const r = await fetch(`${server.base}/open-data/matransition.${f}`);
    assert.equal(r.status, 200);
    return r.text();
  }))).join('\n');
  assert.ok(openData.includes('Nous voulons des écoles'), 'the open data holds the contributions');
  const haystacks = { 'pg_dump': dump, 'logs': logs.join('\n') + server.log(), 'baro export': exports, 'open data': openData };
  const ids = ['777000222', '777000333', '6000000000000011', '6000000000000012'];
  for (const n of numbers) {
    const intl = n.replace(/^\+/, '');
    for (const form of [n, intl, intl.replace(/^223/, '')])
      for (const [where, text] of Object.entries(haystacks)) assert.ok(!text.includes(form), `${form} appears in ${where}`);
  }
  for (const id of ids)
    for (const [where, text] of Object.entries(haystacks)) assert.ok(!text.includes(id), `${id} appears in ${where}`);
});
