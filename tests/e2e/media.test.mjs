// Voice notes and pictures (issue 15), against stand-ins written here of the WhatsApp Cloud API's
// media endpoints (GET /{version}/{media-id} with the bearer token answers {"url"}, then that URL
// with the same token gives the bytes), the Telegram Bot API's getFile and file download, Twilio's
// Media resource (MediaUrl0, HTTP basic auth with the Account SID and Auth Token, answered by a
// redirect to the file) and a Messenger attachment's payload URL (a CDN URL, no credentials), as
// their references describe them. The audio is real Ogg/Opus made at set-up by `opusenc` (Debian's
// opus-tools) from one-second tones written here.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { addModerator, bin, createDatabase, launchBrowser, outputDir, searchable, startServer, sql } from './harness.mjs';

const creds = { metaToken: 'EAAG' + randomBytes(12).toString('hex'), botToken: '123456:' + randomBytes(12).toString('hex'),
  twilioSid: 'AC' + randomBytes(16).toString('hex'), twilioToken: randomBytes(16).toString('hex') };
const maxBytes = 256 * 1024;
let tmp, ogg, oggSha, standIn, standInBase, db, server, secrets, mediaDir, browser;
const files = {};  // name → { body, type }
const media = {};  // WhatsApp media id → file name
const seen = [];

// A one-second tone (440 Hz unless said) as 16-bit mono 48 kHz WAV, encoded to Ogg/Opus by opusenc.
function makeOgg(dir, hz = 440) {
  const rate = 48000;
  const samples = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i++) samples.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * hz * i / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0); header.writeUInt32LE(36 + samples.length, 4); header.write('WAVE', 8);
  header.write('fmt ', 12); header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24); header.writeUInt32LE(rate * 2, 28); header.writeUInt16LE(2, 32); header.writeUInt16LE(16, 34);
  header.write('data', 36); header.writeUInt32LE(samples.length, 40);
  fs.writeFileSync(path.join(dir, `tone${hz}.wav`), Buffer.concat([header, samples]));
  execFileSync('opusenc', ['--quiet', path.join(dir, `tone${hz}.wav`), path.join(dir, `tone${hz}.ogg`)]);
  return fs.readFileSync(path.join(dir, `tone${hz}.ogg`));
}

function startStandIn() {
  standIn = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    seen.push(url.pathname);
    const send = (status, body, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const graph = url.pathname.match(/^\/v19\.0\/(\d+)$/);
    if (graph) {
      if (req.headers.authorization !== `Bearer ${creds.metaToken}`) return send(401, '{}');
      const name = media[graph[1]];
      if (!name) return send(404, JSON.stringify({ error: { code: 100 } }));
      return send(200, JSON.stringify({ messaging_product: 'whatsapp', url: `${standInBase}/whatsapp/${name}`,
        mime_type: files[name].type, sha256: createHash('sha256').update(files[name].body).digest('hex'),
        file_size: files[name].body.length, id: graph[1] }));
    }
    const wa = url.pathname.match(/^\/whatsapp\/([\w.]+)$/);
    if (wa && files[wa[1]]) {
      if (req.headers.authorization !== `Bearer ${creds.metaToken}`) return send(401, '{}');
      return send(200, files[wa[1]].body, files[wa[1]].type);  // the provider's word: audio/ogg, whatever it serves
    }
    if (url.pathname === `/bot${creds.botToken}/getFile`) {
      const name = url.searchParams.get('file_id');
      if (!files[name]) return send(400, JSON.stringify({ ok: false, description: 'Bad Request: invalid file_id' }));
      return send(200, JSON.stringify({ ok: true, result: { file_id: name, file_unique_id: 'u', file_size: files[name].body.length,
        file_path: `voice/${name}` } }));
    }
    const twilio = url.pathname.match(new RegExp(`^/2010-04-01/Accounts/${creds.twilioSid}/Messages/MM\\w+/Media/ME(\\w+)$`));
    if (twilio) {
      const basic = 'Basic ' + Buffer.from(`${creds.twilioSid}:${creds.twilioToken}`).toString('base64');
      if (req.headers.authorization !== basic) return send(401, '{"code": 20003}');
      res.writeHead(307, { location: `${standInBase}/twilio-cdn/${twilio[1]}.ogg`, 'content-length': 0 });
      return res.end();
    }
    const cdn = url.pathname.match(/^\/(twilio|messenger)-cdn\/([\w.]+)$/);
    if (cdn && files[cdn[2]]) return send(200, files[cdn[2]].body, files[cdn[2]].type);
    const tg = url.pathname.match(new RegExp(`^/file/bot${creds.botToken}/voice/([\\w.]+)$`));
    if (tg && files[tg[1]]) return send(200, files[tg[1]].body, 'application/octet-stream');
    send(404, '{}');
  });
  return new Promise((resolve) => standIn.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${standIn.address().port}`)));
}

async function waitFor(what, cond, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const metaJson = (obj) => JSON.stringify(obj).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
async function postMeta(obj) {
  const body = metaJson(obj);
  return fetch(`${server.base}/hooks/meta`, { method: 'POST', body, headers: { 'content-type': 'application/json',
    'x-hub-signature-256': 'sha256=' + createHmac('sha256', secrets.meta.app_secret).update(body).digest('hex') } });
}
function whatsapp(waId, message) {
  const id = 'wamid.' + randomBytes(8).toString('hex');
  return { id, post: postMeta({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { phone_number_id: '106540352242922' },
    messages: [{ from: waId, id, timestamp: String(Math.floor(Date.now() / 1000)), ...message }] } }] }] }) };
}
function voiceNote(waId, fileName) {
  const mediaId = String(Math.floor(Math.random() * 1e12));
  media[mediaId] = fileName;
  return whatsapp(waId, { type: 'audio', audio: { id: mediaId, mime_type: 'audio/ogg; codecs=opus', voice: true } });
}
const mediaOf = (externalId) => sql(db.url, `select m.id, m.state, coalesce(m.reason, ''), coalesce(m.sha256, ''), coalesce(m.size_bytes, 0),
  coalesce(m.content_type, ''), m.reference_sealed is null, c.id, c.display_text from contribution c join contribution_media m on m.contribution_id = c.id
  where c.external_id = 'meta:${externalId}'`)[0];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-media-'));
  ogg = makeOgg(tmp);
  oggSha = createHash('sha256').update(ogg).digest('hex');
  files['voice.ogg'] = { body: ogg, type: 'audio/ogg' };
  files['big.ogg'] = { body: Buffer.concat([Buffer.from('OggS'), randomBytes(maxBytes + 1024)]), type: 'audio/ogg' };
  files['page.ogg'] = { body: Buffer.from('<!DOCTYPE html><html><body>Session expired</body></html>'), type: 'audio/ogg' };
  files['tg.oga'] = { body: ogg, type: 'audio/ogg' };
  files['tw.ogg'] = { body: makeOgg(tmp, 660), type: 'audio/ogg' };
  files['fb.mp4'] = { body: makeOgg(tmp, 550), type: 'video/mp4' };  // Messenger says audio; the bytes decide
  standInBase = await startStandIn();
  secrets = {
    pepper: randomBytes(32).toString('hex'),
    outbox: { key: randomBytes(32).toString('hex') },
    meta: { app_secret: 'app-' + randomBytes(8).toString('hex'), verify_token: 'v', access_token: creds.metaToken, api_base: standInBase },
    telegram: { secret_token: 'tg_' + randomBytes(8).toString('hex'), bot_token: creds.botToken, api_base: standInBase },
    twilio: { auth_token: creds.twilioToken, account_sid: creds.twilioSid, api_base: standInBase },
  };
  fs.writeFileSync(path.join(tmp, 'secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
  mediaDir = path.join(tmp, 'media');
  db = createDatabase('media');
  server = await startServer(db.url, { BARO_SECRETS_FILE: path.join(tmp, 'secrets.json'), BARO_MEDIA_DIR: mediaDir,
    BARO_MEDIA_MAX_BYTES: String(maxBytes) });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (server) await server.stop();
  standIn?.close();
  db?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

let voice;  // the WhatsApp voice note of the first test: { id (external), contribution }
let refusedPage;  // the contribution whose medium was an HTML page (its id)
test('a WhatsApp voice note is stored first, then fetched, checked by its bytes and kept under its checksum', async () => {
  const v = voiceNote('22376200001', 'voice.ogg');
  assert.equal((await v.post).status, 200);
  const row = await waitFor('the voice note stored', () => { const r = mediaOf(v.id); return r && r[1] === 'stored' && r; });
  assert.equal(row[3], oggSha);
  assert.equal(Number(row[4]), ogg.length);
  assert.equal(row[5], 'audio/ogg');
  assert.equal(row[6], 't');  // the provider reference is gone once fetched
  assert.equal(row[8], '');   // no text yet: a voice note alone is a contribution
  const kept = fs.readFileSync(path.join(mediaDir, oggSha));
  assert.equal(createHash('sha256').update(kept).digest('hex'), oggSha);
  assert.ok(seen.some((p) => /^\/v19\.0\/\d+$/.test(p)) && seen.includes('/whatsapp/voice.ogg'));
  voice = { id: v.id, contribution: row[7], media: row[0] };
  // Never public: no public route serves it, and /mod/media wants a session.
  assert.equal((await fetch(`${server.base}/mod/media/${row[0]}`)).status, 401);
});

test('an oversized medium and an HTML page served as audio are refused, and say why', async () => {
  const big = voiceNote('22376200002', 'big.ogg');
  const page = voiceNote('22376200003', 'page.ogg');
  assert.equal((await big.post).status, 200);
  assert.equal((await page.post).status, 200);
  const b = await waitFor('the big one refused', () => { const r = mediaOf(big.id); return r && r[1] === 'refused' && r; });
  const p = await waitFor('the page refused', () => { const r = mediaOf(page.id); return r && r[1] === 'refused' && r; });
  assert.equal(b[2], 'too_large');
  assert.equal(p[2], 'not_media');
  refusedPage = p[7];
  assert.equal(fs.readdirSync(mediaDir).filter((f) => !f.startsWith('.')).length, 1);  // only the real voice note
});

test('a Telegram voice note goes through getFile and is stored', async () => {
  const id = Math.floor(Math.random() * 1e9);
  const r = await fetch(`${server.base}/hooks/telegram`, { method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegram.secret_token },
    body: JSON.stringify({ update_id: id, message: { message_id: id, date: Math.floor(Date.now() / 1000),
      from: { id: 4242, is_bot: false, first_name: 'Awa' }, chat: { id: 4242, type: 'private' },
      voice: { file_id: 'tg.oga', file_unique_id: 'u', duration: 1, mime_type: 'audio/ogg' } } }) });
  assert.equal(r.status, 200);
  const row = await waitFor('the Telegram voice stored', () => sql(db.url,
    `select m.state, m.sha256 from contribution c join contribution_media m on m.contribution_id = c.id where c.external_id = 'telegram:${id}'`)
    .find((x) => x[0] === 'stored'));
  assert.equal(row[1], oggSha);
  assert.ok(seen.includes(`/bot${creds.botToken}/getFile`) && seen.includes(`/file/bot${creds.botToken}/voice/tg.oga`));
});

test('a moderator plays the voice note in Chromium, transcribes it, finds it by search; the public API and the open data say "medium": "voice"; a refused medium says why in the console', async () => {
  const email = 'mariam@baro.ml';
  const password = await addModerator(server.base, db.url, email, 'moderator');
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/mod`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/mod\?/), page.click('button[type=submit]')]);
  await page.click(`#queue li[data-id="${voice.contribution}"]`);
  await page.waitForSelector('#detail audio');
  const audio = await page.waitForFunction(() => {
    const a = document.querySelector('#detail audio');
    return a && a.readyState >= 1 && Number.isFinite(a.duration) && a.duration > 0 && { readyState: a.readyState, duration: a.duration };
  }, null, { timeout: 30000 });
  const played = await audio.jsonValue();
  assert.ok(played.duration > 0.9 && played.duration < 1.2, `duration ${played.duration}`);
  const served = await page.evaluate(async (src) => { const r = await fetch(src); return { type: r.headers.get('content-type'), cache: r.headers.get('cache-control') }; },
    `/mod/media/${voice.media}`);
  assert.deepEqual(served, { type: 'audio/ogg', cache: 'no-store' });
  await page.screenshot({ path: path.join(outputDir, 'media-voice.png') });

  const said = 'An bɛ lakɔli fɛ Kayes mara la, ani sira ɲuman.';
  await page.fill('#transcription', said);
  await page.selectOption('#transcription-language', 'bm');
  await page.click('#save-transcription');
  await waitFor('the transcription saved', () => sql(db.url, `select display_text, language from contribution where id = ${voice.contribution}`)[0][0] === said);
  assert.equal(sql(db.url, `select language from contribution where id = ${voice.contribution}`)[0][0], 'bm');
  assert.equal(sql(db.url, `select count(*) from audit_event where action = 'transcribe' and subject = 'contribution:${voice.contribution}'`)[0][0], '1');
  await searchable(db.url);  // search follows the stored transcription by about 0.1 s (sql/029)
  await page.fill('#f-q', 'lakoli kayes');
  await page.press('#f-q', 'Enter');
  await page.waitForFunction((id) => { const li = document.querySelectorAll('#queue li'); return li.length === 1 && li[0].dataset.id === id; },
    String(voice.contribution));

  // Published, it is marked as a voice note in the public API and the open data; the audio is not there.
  const me = await page.evaluate(async () => (await fetch('/api/v1/mod/session')).json());
  const version = sql(db.url, `select version from contribution where id = ${voice.contribution}`)[0][0];
  const decided = await page.evaluate(async ({ id, csrf, version }) => (await fetch(`/api/v1/mod/contributions/${id}/decision`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ action: 'publish', version: Number(version) }) })).status, { id: voice.contribution, csrf: me.csrf, version });
  assert.equal(decided, 200);
  let pub;
  const item = await waitFor('the voice note in the public API', async () => {
    pub = await (await fetch(`${server.base}/api/v1/consultations/matransition/contributions?limit=100`)).json();
    return pub.items.find((c) => String(c.id) === voice.contribution);
  });
  assert.equal(item?.medium, 'voice');
  assert.equal(item?.text, said);
  assert.doesNotMatch(JSON.stringify(pub), /mod\/media|\/media\/|OggS/);
  // The open data too: the row says "medium": "voice" (JSON lines) and voice (CSV), never the audio.
  const row = await waitFor('the voice note in the open data', async () => {
    const r = await fetch(`${server.base}/open-data/matransition.jsonl`);
    return r.status === 200 && (await r.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((c) => String(c.id) === voice.contribution);
  });
  assert.equal(row.medium, 'voice');
  const csv = await (await fetch(`${server.base}/open-data/matransition.csv`)).text();
  const csvLine = csv.split('\r\n').find((l) => l.startsWith(`${voice.contribution},`));
  assert.ok(csvLine && csvLine.includes(',voice,'), csvLine);
  assert.doesNotMatch(csv + JSON.stringify(row), /mod\/media|\/media\/|OggS/);

  // The audio itself is public only once a moderator publishes it: /media/{id} is 404 before, plays
  // on the contribution's public page after, and is 404 again once withdrawn.
  const publicUrl = `${server.base}/media/${voice.media}`;
  const pagePath = `/c/matransition/contributions/${voice.contribution}`;
  assert.equal((await fetch(publicUrl)).status, 404);
  assert.doesNotMatch(await (await fetch(server.base + pagePath)).text(), /<audio/);
  const setPublic = (on) => page.evaluate(async ({ id, csrf, on }) => (await fetch(`/api/v1/mod/media/${id}/publish`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ public: on }) })).status, { id: voice.media, csrf: me.csrf, on });
  assert.equal(await setPublic(true), 200);
  const open = await waitFor('the published medium served', async () => { const r = await fetch(publicUrl); return r.status === 200 && r; });
  assert.equal(open.headers.get('content-type'), 'audio/ogg');
  assert.equal(open.headers.get('cache-control'), 'public, max-age=60');
  assert.equal(open.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(open.headers.get('etag'), `"${oggSha}"`);
  assert.equal(createHash('sha256').update(Buffer.from(await open.arrayBuffer())).digest('hex'), oggSha);
  assert.equal((await fetch(publicUrl, { headers: { 'if-none-match': `"${oggSha}"` } })).status, 304);
  const visitor = await browser.newContext({ locale: 'fr-FR' });
  const publicPage = await visitor.newPage();
  await publicPage.goto(server.base + pagePath);
  const heard = await publicPage.waitForFunction(() => {
    const a = document.querySelector('article audio');
    return a && a.readyState >= 1 && Number.isFinite(a.duration) && a.duration > 0 && a.duration;
  }, null, { timeout: 30000 });
  assert.ok(await heard.jsonValue() > 0.9);
  await visitor.close();
  assert.equal(await setPublic(false), 200);
  await waitFor('the withdrawn medium gone', async () => (await fetch(publicUrl)).status === 404);

  // The refused medium: its contribution says why, in the moderator's console.
  await page.fill('#f-q', '');
  await page.press('#f-q', 'Enter');
  await page.click(`#queue li[data-id="${refusedPage}"]`);
  const why = await page.waitForSelector('#detail .media-state.refused[data-reason="not_media"]');
  const fr = JSON.parse(fs.readFileSync(path.join(process.env.BARO_SOURCE_DIR, 'client-web', 'i18n', 'fr.json'), 'utf8'));
  assert.ok((await why.textContent()).includes(fr['mod.media.reason.not_media']), await why.textContent());
  await context.close();
});

test('STOP from the sender erases the voice note\'s file', async () => {
  assert.ok(fs.existsSync(path.join(mediaDir, oggSha)));
  // The Telegram note shares the file (same bytes): its sender's STOP first, the file stays.
  const stop = whatsapp('22376200001', { type: 'text', text: { body: 'STOP' } });
  assert.equal((await stop.post).status, 200);
  await waitFor('the media row gone', () => sql(db.url, `select count(*) from contribution_media where id = ${voice.media}`)[0][0] === '0');
  assert.ok(fs.existsSync(path.join(mediaDir, oggSha)), 'the Telegram sender\'s copy is still theirs');
  const tg = await fetch(`${server.base}/hooks/telegram`, { method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegram.secret_token },
    body: JSON.stringify({ update_id: 77, message: { message_id: 77, date: Math.floor(Date.now() / 1000), text: 'STOP',
      from: { id: 4242, is_bot: false, first_name: 'Awa' }, chat: { id: 4242, type: 'private' } } }) });
  assert.equal(tg.status, 200);
  await waitFor('the file erased', () => !fs.existsSync(path.join(mediaDir, oggSha)));
  assert.equal(sql(db.url, 'select count(*) from contribution_media where sha256 is not null')[0][0], '0');
});

const storedFile = (externalId) => sql(db.url, `select m.state, coalesce(m.sha256, ''), coalesce(m.size_bytes, 0), coalesce(m.content_type, ''),
  coalesce(m.reason, '') from contribution c join contribution_media m on m.contribution_id = c.id where c.external_id = '${externalId}'`)[0];
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

test('a Twilio WhatsApp voice note is fetched from MediaUrl0 with basic auth, through its redirect, and stored', async () => {
  const sid = 'MM' + randomBytes(16).toString('hex');
  const fields = { MessageSid: sid, AccountSid: creds.twilioSid, From: 'whatsapp:+22376200004', To: 'whatsapp:+14155238886', Body: '',
    NumMedia: '1', MediaContentType0: 'audio/ogg',
    MediaUrl0: `${standInBase}/2010-04-01/Accounts/${creds.twilioSid}/Messages/${sid}/Media/MEtw` };
  const url = `${server.base}/hooks/twilio`;
  const signature = createHmac('sha1', creds.twilioToken).update(url + Object.keys(fields).sort().map((k) => k + fields[k]).join('')).digest('base64');
  const r = await fetch(url, { method: 'POST', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } });
  assert.equal(r.status, 200);
  const row = await waitFor('the Twilio voice stored', () => { const x = storedFile(`twilio:${sid}`); return x && x[0] !== 'pending' && x; });
  assert.deepEqual(row, ['stored', sha256(files['tw.ogg'].body), String(files['tw.ogg'].body.length), 'audio/ogg', '']);
  assert.equal(sha256(fs.readFileSync(path.join(mediaDir, row[1]))), row[1]);
  assert.ok(seen.includes(`/2010-04-01/Accounts/${creds.twilioSid}/Messages/${sid}/Media/MEtw`) && seen.includes('/twilio-cdn/tw.ogg'));
  const mediaId = sql(db.url, `select m.id from contribution c join contribution_media m on m.contribution_id = c.id where c.external_id = 'twilio:${sid}'`)[0][0];
  assert.equal((await fetch(`${server.base}/media/${mediaId}`)).status, 404);  // stored, never published
});

test('a Messenger audio attachment is fetched from its payload URL and stored, its type taken from its bytes', async () => {
  const mid = 'm_' + randomBytes(12).toString('hex');
  const r = await postMeta({ object: 'page', entry: [{ id: '1122334455', time: Date.now(), messaging: [{
    sender: { id: '6021234567890123' }, recipient: { id: '1122334455' }, timestamp: Date.now(),
    message: { mid, attachments: [{ type: 'audio', payload: { url: `${standInBase}/messenger-cdn/fb.mp4` } }] } }] }] });
  assert.equal(r.status, 200);
  const row = await waitFor('the Messenger voice stored', () => { const x = storedFile(`meta:${mid}`); return x && x[0] !== 'pending' && x; });
  assert.deepEqual(row, ['stored', sha256(files['fb.mp4'].body), String(files['fb.mp4'].body.length), 'audio/ogg', '']);
  assert.equal(sha256(fs.readFileSync(path.join(mediaDir, row[1]))), row[1]);
  assert.ok(seen.includes('/messenger-cdn/fb.mp4'));
});

test('a WhatsApp picture is stored as an image, and is not public by default, even once its contribution is published', async () => {
  // A 1×1 PNG; WhatsApp's word (image/png) is checked against the bytes.
  files['photo.png'] = { body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'), type: 'image/png' };
  const mediaId = String(Math.floor(Math.random() * 1e12));
  media[mediaId] = 'photo.png';
  const caption = 'Sira in ka jugu kosɛbɛ Kati kɔfɛ.';
  const m = whatsapp('22376200005', { type: 'image', image: { id: mediaId, mime_type: 'image/png', caption } });
  assert.equal((await m.post).status, 200);
  const row = await waitFor('the picture stored', () => { const r = mediaOf(m.id); return r && r[1] === 'stored' && r; });
  assert.equal(row[5], 'image/png');
  assert.equal(row[8], caption);
  sql(db.url, `update contribution set status = 'published', published_at = now() where id = ${row[7]}`);
  const pub = await waitFor('the picture\'s contribution in the public API', async () => {
    const r = await (await fetch(`${server.base}/api/v1/consultations/matransition/contributions?limit=100`)).json();
    return r.items.some((c) => String(c.id) === row[7]) && r;
  });
  assert.doesNotMatch(JSON.stringify(pub), /\/media\/|image\/png/);
  assert.equal((await fetch(`${server.base}/media/${row[0]}`)).status, 404);
  const page = await (await fetch(`${server.base}/c/matransition/contributions/${row[7]}`)).text();
  assert.ok(page.includes('Kati'), 'the public page shows the caption');
  assert.doesNotMatch(page, /<img[^>]*\/media\//);
});

test('nothing raw: the senders of the media (WhatsApp, Twilio, Messenger) appear nowhere in pg_dump, the logs or baro export', async () => {
  const dump = execFileSync('pg_dump', [db.url], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const exported = execFileSync(bin, ['export', 'matransition', '--format', 'jsonl'],
    { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const haystacks = { 'pg_dump': dump, 'logs': server.log(), 'baro export': exported };
  for (const id of ['22376200001', '22376200002', '22376200003', '22376200004', '22376200005', '6021234567890123'])
    for (const [where, text] of Object.entries(haystacks)) assert.ok(!text.includes(id), `${id} appears in ${where}`);
});
