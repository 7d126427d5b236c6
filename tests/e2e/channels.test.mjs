// Every gateway against the real server and PostgreSQL: the provider's documented request shape,
// signed here from a known secret with node's own crypto (an implementation independent of the
// server's) → exactly one row, the right text, the right pseudonym; tampered → 403, nothing stored;
// replayed → still one row; Bambara letters and tone marks survive byte for byte.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { createDatabase, startServer, sql } from './harness.mjs';

const pepper = randomBytes(32).toString('hex');
const secrets = {
  pepper,
  twilio: { auth_token: '12345678901234567890123456789012' },
  africastalking: { sms_token: 'at-sms-' + randomBytes(12).toString('hex'), ussd_token: 'at-ussd-' + randomBytes(12).toString('hex') },
  orange: { token: 'or-' + randomBytes(12).toString('hex') },
  meta: { app_secret: 'meta-app-secret-' + randomBytes(8).toString('hex'), verify_token: 'verify-' + randomBytes(8).toString('hex') },
  telegram: { secret_token: 'tg_' + randomBytes(12).toString('hex') },
  smssync: { secret: 'ss-' + randomBytes(12).toString('hex') },
};
const bambara = 'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ. Ŋaniya bɛ an na, kɔ̀nɔ́ ka di!';

let db;
let server;
let secretsFile;

before(async () => {
  db = createDatabase('channels');
  secretsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baro-secrets-')), 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  server = await startServer(db.url, { BARO_SECRETS_FILE: secretsFile, BARO_WITHDRAWAL_KEYWORDS: 'A JƆSI' });
});
after(async () => {
  await server?.stop();
  db?.drop();
  fs.rmSync(path.dirname(secretsFile), { recursive: true, force: true });
});

const senderKey = (id) => createHmac('sha256', Buffer.from(pepper, 'hex')).update(id).digest('hex');
const form = (fields) => new URLSearchParams(fields).toString();
const rowsFor = (channel, externalId) => sql(db.url,
  `select display_text, sender_key, encode(convert_to(raw, 'UTF8'), 'hex'), language from contribution ` +
  `where channel = '${channel}' and external_id = '${externalId}'`);
const hex = (s) => Buffer.from(s, 'utf8').toString('hex');

// Twilio: HMAC-SHA1 over the URL followed by each parameter name and value, names sorted; base64.
function twilioSignature(url, fields) {
  const data = url + Object.keys(fields).sort().map((k) => k + fields[k]).join('');
  return createHmac('sha1', secrets.twilio.auth_token).update(data).digest('base64');
}

async function postTwilio(fields, signature) {
  const url = `${server.base}/hooks/twilio`;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? twilioSignature(url, fields) },
    body: form(fields),
  });
}

test('Twilio SMS: signed delivery stored once with its pseudonym, TwiML thanks in Bambara; replay and tamper', async () => {
  const fields = {
    ToCountry: 'ML', ToState: '', SmsMessageSid: 'SM0123456789abcdef0123456789abcdef', NumMedia: '0',
    ToCity: '', FromZip: '', SmsSid: 'SM0123456789abcdef0123456789abcdef', FromState: '', SmsStatus: 'received',
    FromCity: '', Body: bambara, FromCountry: 'ML', To: '+22370000000', ToZip: '', NumSegments: '1',
    MessageSid: 'SM0123456789abcdef0123456789abcdef', AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: '+22376123456', ApiVersion: '2010-04-01',
  };
  const r = await postTwilio(fields);
  assert.equal(r.status, 200, await r.clone().text());
  assert.match(r.headers.get('content-type'), /text\/xml/);
  assert.match(await r.text(), /<Message>I ni ce!/);
  const rows = rowsFor('sms', 'twilio:SM0123456789abcdef0123456789abcdef');
  assert.equal(rows.length, 1);
  assert.equal(rows[0][0], bambara.normalize('NFC'));
  assert.equal(rows[0][1], senderKey('+22376123456'));
  assert.equal(rows[0][2], hex(bambara));
  assert.equal(rows[0][3], 'bm');

  // Twilio retries when it sees no 2xx in time: the same delivery again stores nothing, thanks nobody twice.
  const again = await postTwilio(fields);
  assert.equal(again.status, 200);
  assert.doesNotMatch(await again.text(), /<Message>/);
  assert.equal(rowsFor('sms', 'twilio:SM0123456789abcdef0123456789abcdef').length, 1);

  const tampered = { ...fields, Body: 'Un autre texte', MessageSid: 'SMffffffffffffffffffffffffffffffff' };
  const forged = await postTwilio(tampered, twilioSignature(`${server.base}/hooks/twilio`, fields));
  assert.equal(forged.status, 403);
  assert.equal(rowsFor('sms', 'twilio:SMffffffffffffffffffffffffffffffff').length, 0);

  // The raw phone number is nowhere in the database.
  assert.equal(sql(db.url, "select count(*) from contribution where raw like '%76123456%' or sender_key like '%76123456%'")[0][0], '0');
});

test('Twilio WhatsApp: whatsapp: prefix removed before the pseudonym; a status callback stores nothing', async () => {
  const fields = {
    MessageSid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: 'whatsapp:+22376123456', To: 'whatsapp:+14155238886', Body: 'Kalanso ka da wuli.', NumMedia: '0',
    ProfileName: 'Awa', WaId: '22376123456',
  };
  const r = await postTwilio(fields);
  assert.equal(r.status, 200);
  const rows = rowsFor('whatsapp', 'twilio:SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  assert.equal(rows.length, 1);
  assert.equal(rows[0][1], senderKey('+22376123456'));
  assert.doesNotMatch(JSON.stringify(sql(db.url, 'select * from contribution')), /Awa|22376123456/);

  const status = { MessageSid: 'SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', AccountSid: 'AC0123456789abcdef0123456789abcdef',
    MessageStatus: 'delivered', From: '+22370000000', To: '+22376123456' };
  const s = await postTwilio(status);
  assert.equal(s.status, 200);
  assert.equal(sql(db.url, "select count(*) from contribution where external_id like 'twilio:SMbbbb%'")[0][0], '0');
});

test("Africa's Talking SMS: the path token authenticates; a wrong token is 403; a retry stores once", async () => {
  const fields = { from: '+22365123456', to: '36180', text: bambara, date: '2024-03-05 10:15:00', id: 'ATXid_0a1b2c3d4e5f', linkId: 'link-1', networkCode: '61002' };
  const post = (token) => fetch(`${server.base}/hooks/africastalking/sms/${token}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
  assert.equal((await post(secrets.africastalking.sms_token)).status, 200);
  assert.equal((await post(secrets.africastalking.sms_token)).status, 200);
  assert.equal((await post('not-the-token')).status, 403);
  const rows = rowsFor('sms', 'africastalking:ATXid_0a1b2c3d4e5f');
  assert.equal(rows.length, 1);
  assert.equal(rows[0][2], hex(bambara));
  assert.equal(rows[0][1], senderKey('+22365123456'));
});

test('Orange: OneAPI notification without messageId is deduplicated on its content; Latin-1 decodes', async () => {
  const body = JSON.stringify({ inboundSMSMessageNotification: { inboundSMSMessage: {
    senderAddress: 'tel:+22376000001', destinationAddress: 'tel:+22370000000', message: bambara, dateTime: '2024-03-05T10:15:00Z' } } });
  const post = (b, token = secrets.orange.token) => fetch(`${server.base}/hooks/orange/${token}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
  assert.equal((await post(body)).status, 200);
  assert.equal((await post(body)).status, 200);
  assert.equal((await post(body, 'wrong')).status, 403);
  const rows = sql(db.url, `select display_text, sender_key from contribution where sender_key = '${senderKey('+22376000001')}'`);
  assert.deepEqual(rows, [[bambara.normalize('NFC'), senderKey('+22376000001')]]);

  const latin1 = Buffer.concat([
    Buffer.from('{"inboundSMSMessageNotification":{"inboundSMSMessage":{"senderAddress":"tel:+22376000002",' +
      '"message":"Libert'), Buffer.from([0xe9]), Buffer.from(', '), Buffer.from([0xe9]), Buffer.from('galit' ), Buffer.from([0xe9]),
    Buffer.from('","messageId":"OM-latin1","dateTime":"2024-03-05T11:00:00Z"}}}')]);
  assert.equal((await post(latin1)).status, 200);
  assert.deepEqual(sql(db.url, "select display_text, 'cp1252' = any(flags) from contribution where external_id = 'orange:OM-latin1'"),
    [['Liberté, égalité', 't']]);
});

// Meta escapes non-ASCII as \uXXXX in the body it signs.
const metaJson = (obj) => JSON.stringify(obj).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const metaSign = (body) => 'sha256=' + createHmac('sha256', secrets.meta.app_secret).update(body).digest('hex');

test('Meta: verification handshake; WhatsApp Cloud delivery signed over the raw bytes; repeats stored once', async () => {
  const ok = await fetch(`${server.base}/hooks/meta?hub.mode=subscribe&hub.verify_token=${secrets.meta.verify_token}&hub.challenge=1158201444`);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), '1158201444');
  const bad = await fetch(`${server.base}/hooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
  assert.equal(bad.status, 403);

  const message = (id, body) => ({ from: '22376123457', id, timestamp: '1709633700', text: { body }, type: 'text' });
  const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
    contacts: [{ profile: { name: 'Moussa' }, wa_id: '22376123457' }],
    messages: [message('wamid.HBgLMjIzNzYxMjM0NTcVAgASGBQzQTdBRTc5', bambara),
               message('wamid.HBgLMjIzNzYxMjM0NTcVAgASGBQzQTdBRTc5', bambara),
               message('wamid.HBgLMjIzNzYxMjM0NTcVAgASGBQzQjhCRjg2', 'Sariya ka kɛ bɛɛ ye kelen ye.')] } }] }] });
  assert.match(body, /\\u025b/);   // ɛ as Meta sends it
  const post = (b, sig) => fetch(`${server.base}/hooks/meta`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body: b });
  const r = await post(body, metaSign(body));
  assert.equal(r.status, 200);
  assert.equal((await post(body, metaSign(body))).status, 200);
  const rows = sql(db.url, `select external_id, display_text from contribution where channel = 'whatsapp' and sender_key = '${senderKey('+22376123457')}' order by external_id`);
  assert.deepEqual(rows, [
    ['meta:wamid.HBgLMjIzNzYxMjM0NTcVAgASGBQzQTdBRTc5', bambara.normalize('NFC')],
    ['meta:wamid.HBgLMjIzNzYxMjM0NTcVAgASGBQzQjhCRjg2', 'Sariya ka kɛ bɛɛ ye kelen ye.'],
  ]);
  // Re-serialised JSON (raw UTF-8 instead of \u escapes) is not what Meta signed.
  const reserialised = JSON.stringify(JSON.parse(body));
  assert.equal((await post(reserialised, metaSign(body))).status, 403);

  const statusOnly = metaJson({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' },
    statuses: [{ id: 'wamid.X', status: 'read', timestamp: '1709633800', recipient_id: '22376123457' }] } }] }] });
  assert.equal((await post(statusOnly, metaSign(statusOnly))).status, 200);
});

test('Telegram: secret token header; Update deduplicated on update_id; reply in the chat', async () => {
  const update = { update_id: 912345678, message: { message_id: 42, date: 1709633700, text: bambara,
    from: { id: 555123456, is_bot: false, first_name: 'Fanta', language_code: 'fr' }, chat: { id: 555123456, type: 'private', first_name: 'Fanta' } } };
  const post = (secret) => fetch(`${server.base}/hooks/telegram`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) });
  const r = await post(secrets.telegram.secret_token);
  assert.equal(r.status, 200);
  const reply = await r.json();
  assert.equal(reply.method, 'sendMessage');
  assert.equal(String(reply.chat_id), '555123456');
  assert.match(reply.text, /I ni ce/);
  assert.equal((await post(secrets.telegram.secret_token)).status, 200);
  assert.equal((await post('wrong')).status, 403);
  const rows = rowsFor('telegram', 'telegram:912345678');
  assert.equal(rows.length, 1);
  assert.equal(rows[0][1], senderKey('telegram:555123456'));
  assert.equal(rows[0][2], hex(bambara));
  assert.doesNotMatch(JSON.stringify(sql(db.url, 'select * from contribution')), /Fanta/);
});

test('SMSSync: the secret authenticates; its JSON reply; message_id deduplicates', async () => {
  const fields = { from: '+22379000001', message: bambara, message_id: 'b5f1c0de-1111-4222-8333-944455556666',
    sent_to: '+22370000000', secret: secrets.smssync.secret, sent_timestamp: '1709633700000', device_id: 'phone-1' };
  const post = (f) => fetch(`${server.base}/hooks/smssync`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(f) });
  const r = await post(fields);
  assert.equal(r.status, 200);
  assert.equal((await r.json()).payload.success, true);
  assert.equal((await post(fields)).status, 200);
  assert.equal((await post({ ...fields, secret: 'wrong' })).status, 403);
  const rows = rowsFor('sms', 'smssync:b5f1c0de-1111-4222-8333-944455556666');
  assert.equal(rows.length, 1);
  assert.equal(rows[0][2], hex(bambara));
});

test('malformed payloads are 400 with a reason, and nothing is stored', async () => {
  const before = sql(db.url, 'select count(*) from contribution')[0][0];
  const tg = await fetch(`${server.base}/hooks/telegram`, { method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegram.secret_token }, body: '{"update_id": "x"' });
  assert.equal(tg.status, 400);
  assert.ok((await tg.json()).message.length > 0);
  const or = await fetch(`${server.base}/hooks/orange/${secrets.orange.token}`, { method: 'POST', body: '{"inboundSMSMessageNotification":{}}' });
  assert.equal(or.status, 400);
  const at = await fetch(`${server.base}/hooks/africastalking/sms/${secrets.africastalking.sms_token}`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'to=36180&text=hello' });
  assert.equal(at.status, 400);
  assert.equal(sql(db.url, 'select count(*) from contribution')[0][0], before);
});

test('routing: a leading keyword reaches its consultation; with two open and no keyword, the unrouted inbox', async () => {
  sql(db.url, "insert into consultation (slug, title, sms_keyword) values ('budget', '{\"fr\":\"Budget\"}', 'BUDGET')");
  await new Promise((r) => setTimeout(r, 5500));   // the catalog refreshes every 5 s
  const send = (id, text) => fetch(`${server.base}/hooks/africastalking/sms/${secrets.africastalking.sms_token}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ from: '+22365000009', to: '36180', text, date: '2024-03-05 10:15:00', id, networkCode: '61002' }) });
  assert.equal((await send('route-1', 'MT An ka kalanso jɔ.')).status, 200);
  assert.equal((await send('route-2', 'budget Il faut des routes.')).status, 200);
  assert.equal((await send('route-3', 'Un message sans mot-clé.')).status, 200);
  const rows = sql(db.url, "select external_id, coalesce(c.slug, '(unrouted)'), display_text, raw from contribution t " +
    "left join consultation c on c.id = t.consultation_id where external_id like 'africastalking:route-%' order by external_id");
  assert.deepEqual(rows, [
    ['africastalking:route-1', 'matransition', 'An ka kalanso jɔ.', 'MT An ka kalanso jɔ.'],
    ['africastalking:route-2', 'budget', 'Il faut des routes.', 'budget Il faut des routes.'],
    ['africastalking:route-3', '(unrouted)', 'Un message sans mot-clé.', 'Un message sans mot-clé.'],
  ]);
});

test('STOP erases everything the sender said, on every channel, and confirms in their language', async () => {
  const who = '+22376123456';   // wrote by Twilio SMS and WhatsApp above
  assert.ok(Number(sql(db.url, `select count(*) from contribution where sender_key = '${senderKey(who)}'`)[0][0]) >= 2);
  const fields = { MessageSid: 'SMcccccccccccccccccccccccccccccccc', AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: who, To: '+22370000000', Body: 'stop', NumMedia: '0' };
  const r = await postTwilio(fields);
  assert.equal(r.status, 200);
  // They last wrote in Bambara (the WhatsApp message above): the confirmation is in Bambara.
  assert.match(await r.text(), /<Message>I ka cikanw bɛɛ jɔsira/);
  assert.equal(sql(db.url, `select count(*) from contribution where sender_key = '${senderKey(who)}'`)[0][0], '0');
  assert.equal(sql(db.url, 'select erased from withdrawal order by id desc limit 1')[0][0], '2');
});

test('a replayed STOP erases nothing sent after it; a STOP with a new id still erases what came before', async () => {
  const who = '+22376555444';
  const sms = (sid, body) => postTwilio({ MessageSid: sid, AccountSid: 'AC0123456789abcdef0123456789abcdef',
    From: who, To: '+22370000000', Body: body, NumMedia: '0' });
  const theirs = () => sql(db.url, `select external_id from contribution where sender_key = '${senderKey(who)}' order by id`);
  const stop = 'SM5709aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
  assert.equal((await sms('SM5709000000000000000000000000000b', "Avant mon STOP : l'eau manque à Kati.")).status, 200);
  assert.equal((await sms(stop, 'STOP')).status, 200);
  assert.deepEqual(theirs(), []);
  assert.equal((await sms('SM5709000000000000000000000000000a', 'Après mon STOP, je reviens : les routes de Kati.')).status, 200);
  // The gateway delivers the same STOP again (a retry, or an attacker replaying it).
  const replay = await sms(stop, 'STOP');
  assert.equal(replay.status, 200);
  assert.deepEqual(theirs(), [['twilio:SM5709000000000000000000000000000a']], 'the message sent after the STOP survives');
  assert.deepEqual(sql(db.url, `select erased from withdrawal where channel = 'sms' and external_id = 'twilio:${stop}'`), [['1']],
    'the replay is not a second withdrawal');
  // A new STOP (another message id) is a new withdrawal: it erases what came before it.
  assert.equal((await sms('SM5709bbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'stop')).status, 200);
  assert.deepEqual(theirs(), []);
  assert.deepEqual(sql(db.url, "select erased from withdrawal where external_id = 'twilio:SM5709bbbbbbbbbbbbbbbbbbbbbbbbbbbb'"), [['1']]);
});

test("an operator's Bambara withdrawal keyword works however it is typed, and answers in Bambara", async () => {
  const update = (id, text) => ({ update_id: id, message: { message_id: id, date: 1709633700, text,
    from: { id: 777000111, is_bot: false, first_name: 'Awa' }, chat: { id: 777000111, type: 'private' } } });
  const post = (u) => fetch(`${server.base}/hooks/telegram`, { method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegram.secret_token }, body: JSON.stringify(u) });
  assert.equal((await post(update(700001, 'Kalanso ka da wuli Gao.'))).status, 200);
  assert.equal(sql(db.url, `select count(*) from contribution where sender_key = '${senderKey('telegram:777000111')}'`)[0][0], '1');
  const r = await post(update(700002, 'a josi'));
  assert.equal(r.status, 200);
  assert.match((await r.json()).text, /jɔsira/);
  assert.equal(sql(db.url, `select count(*) from contribution where sender_key = '${senderKey('telegram:777000111')}'`)[0][0], '0');
});

test("Africa's Talking allow-list: behind a trusted proxy the gateway's address comes from X-Forwarded-For, never from anyone else", async () => {
  const db2 = createDatabase('channels_proxy');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-secrets-'));
  const token = 'at-sms-' + randomBytes(12).toString('hex');
  fs.writeFileSync(path.join(dir, 's.json'), JSON.stringify({ pepper, africastalking: { sms_token: token, allow_from: ['196.201.214.0/24'] } }));
  const behind = await startServer(db2.url, { BARO_SECRETS_FILE: path.join(dir, 's.json'), BARO_TRUSTED_PROXIES: '127.0.0.1, ::1' });
  const facing = await startServer(db2.url, { BARO_SECRETS_FILE: path.join(dir, 's.json') });
  try {
    let n = 0;
    const post = (base, headers) => fetch(`${base}/hooks/africastalking/sms/${token}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: form({ from: '+22365000001', to: '36180', text: `proxy ${++n}`, date: '2024-03-05 10:15:00', id: `ATXid_proxy_${n}` }) });
    // nginx on this host forwards Africa's Talking's address
    assert.equal((await post(behind.base, { 'x-forwarded-for': '196.201.214.10' })).status, 200);
    // what a caller wrote itself is to the left of what nginx appended: not believed
    assert.equal((await post(behind.base, { 'x-forwarded-for': '196.201.214.10, 203.0.113.9' })).status, 403);
    // no header: the peer (127.0.0.1) is not in the allow-list
    assert.equal((await post(behind.base, {})).status, 403);
    // a server facing the gateways itself ignores the header
    assert.equal((await post(facing.base, { 'x-forwarded-for': '196.201.214.10' })).status, 403);
    assert.equal(sql(db2.url, "select count(*) from contribution where external_id like 'africastalking:ATXid_proxy_%'")[0][0], '1');
  } finally {
    await behind.stop();
    await facing.stop();
    db2.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a gateway without its secret is switched off (404), and the logs never show a phone number', async () => {
  const bare = createDatabase('channels_off');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-secrets-'));
  fs.writeFileSync(path.join(dir, 's.json'), JSON.stringify({ pepper }));
  const s = await startServer(bare.url, { BARO_SECRETS_FILE: path.join(dir, 's.json') });
  try {
    const r = await fetch(`${s.base}/hooks/twilio`, { method: 'POST', body: 'x=1' });
    assert.equal(r.status, 404);
  } finally {
    await s.stop();
    bare.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.doesNotMatch(server.log(), /76123456|65123456|79000001|555123456/);
});
