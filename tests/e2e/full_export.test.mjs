// The analysts' full export (issue 14): every contribution of a consultation in every state, as CSV
// and XLSX, from the console's route and from `baro export --all`; redacted unless an admin asks for
// the raw text; each download an audit entry; no sender's phone number in any file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { addModerator, bin, createDatabase, launchBrowser, startServer, sql } from './harness.mjs';

const rows = 3000;
const statuses = ['new', 'published', 'rejected', 'spam', 'duplicate', 'archived', 'unpublished'];
const columns = ['id', 'consultation', 'received_at', 'status', 'published_at', 'decided_at', 'language', 'region',
  'channel', 'suggested_themes', 'themes', 'themes_confirmed', 'tags', 'duplicate_group', 'duplicate_of', 'sender', 'text'];
const phones = ['+22376000101', '+22376000102', '+22376000103'];
const typedNumber = '76 55 44 33';
const secrets = { pepper: randomBytes(32).toString('hex'), twilio: { auth_token: '12345678901234567890123456789012' } };
let db;
let server;
let dir;
let browser;
const who = {};

async function signIn(email, role) {
  const password = await addModerator(server.base, db.url, email, role);
  const r = await fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base },
    body: new URLSearchParams({ email, password }).toString(),
  });
  assert.equal(r.status, 303);
  return { email, password, cookie: r.headers.get('set-cookie').split(';')[0] };
}

function twilioSms(sid, from, body) {
  const url = `${server.base}/hooks/twilio`;
  const fields = { MessageSid: sid, SmsSid: sid, AccountSid: 'AC0123456789abcdef0123456789abcdef', From: from, To: '+22370000000', Body: body, NumMedia: '0' };
  const data = url + Object.keys(fields).sort().map((k) => k + fields[k]).join('');
  const signature = createHmac('sha1', secrets.twilio.auth_token).update(data).digest('base64');
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(fields).toString() });
}

// RFC 4180: quoted cells may hold commas, doubled quotes and line breaks.
function parseCsv(text) {
  const out = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); out.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); out.push(row); }
  return out;
}

const exportUrl = (query) => `${server.base}/api/v1/mod/consultations/matransition/export?${query}`;
const download = (query, as) => fetch(exportUrl(query), { redirect: 'manual', headers: as ? { cookie: as.cookie } : {} });
const total = () => Number(sql(db.url, "select count(*) from contribution c join consultation k on k.id = c.consultation_id where k.slug = 'matransition'")[0][0]);
const exportEntries = () => sql(db.url, "select actor, detail->>'format', detail->>'text', detail->>'rows', detail->>'via' from audit_event where action = 'export_full' order by id");

before(async () => {
  db = createDatabase('fullexport');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-fullexport-'));
  const secretsFile = path.join(dir, 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  server = await startServer(db.url, { BARO_SECRETS_FILE: secretsFile });
  // Three real SMS through the gateway: their senders' numbers become pseudonyms at the edge.
  for (const [i, from] of phones.entries()) {
    const r = await twilioSms(`SM${String(i).padStart(32, 'f')}`, from, i === 0 ? `Appelez-moi au ${typedNumber}, la paix d'abord` : `=SUM(A1) avis numéro ${i}`);
    assert.equal(r.status, 200);
  }
  const cid = sql(db.url, "select id from consultation where slug = 'matransition'")[0][0];
  sql(db.url, `insert into contribution (consultation_id, channel, external_id, sender_key, raw, display_text, language, region,
      status, suggested_themes, themes, themes_confirmed, tags, published_at, decided_at)
    select ${cid}, (array['sms','web','whatsapp','ussd','telegram','messenger'])[1 + g % 6], 'bulk-' || g,
      case when g % 6 = 1 then null else md5('sender ' || (g % 400)) || md5('x') end, 'Avis ' || g, 'Avis ' || g || ' sur la transition',
      (array['fr','bm','mixed'])[1 + g % 3], (array['bamako','mopti','diaspora'])[1 + g % 3],
      (array['${statuses.join("','")}'])[1 + g % 7], '{securite}', case when g % 2 = 0 then '{education}' else '{}' end::text[],
      g % 2 = 0, case when g % 10 = 0 then '{featured}' else '{}' end::text[],
      case when g % 7 = 1 then now() end, case when g % 7 > 0 then now() end
    from generate_series(1, ${rows}) g`);
  who.analyst = await signIn('analyst@example.org', 'analyst');
  who.moderator = await signIn('moderator@example.org', 'moderator');
  who.admin = await signIn('admin@example.org', 'admin');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('role matrix: anonymous 401, analyst and moderator may, raw text for admins only (moderator 403), bad format 400', async () => {
  assert.equal((await download('format=csv')).status, 401);
  assert.equal((await download('format=csv&raw=1', who.analyst)).status, 403);
  assert.equal((await download('format=csv&raw=1', who.moderator)).status, 403);
  assert.equal((await download('format=pdf', who.analyst)).status, 400);
  const missing = await fetch(`${server.base}/api/v1/mod/consultations/nowhere/export?format=csv`, { headers: { cookie: who.analyst.cookie } });
  assert.equal(missing.status, 404);
  const moderator = await download('format=csv', who.moderator);
  assert.equal(moderator.status, 200);
  await moderator.arrayBuffer();
  assert.equal(exportEntries().length, 1, 'refused requests are not exports; the moderator\'s is');
});

test('an analyst downloads every contribution as CSV: all states, the right columns, redacted, no phone number', async () => {
  const r = await download('format=csv', who.analyst);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const text = await r.text();
  const table = parseCsv(text);
  assert.deepEqual(table[0], columns);
  assert.equal(table.length - 1, total());
  assert.equal(total(), rows + phones.length);
  assert.deepEqual([...new Set(table.slice(1).map((row) => row[3]))].sort(), [...statuses].sort());
  for (const row of table.slice(1)) assert.equal(row.length, columns.length);
  for (const p of phones) assert.ok(!text.includes(p.slice(4)), `sender number ${p} in the CSV`);
  assert.ok(!text.includes(typedNumber), 'a typed phone number is masked');
  assert.match(text, /'=SUM\(A1\)/, 'a formula is neutralised');
  const sms = table.filter((row) => row[2] && row[8] === 'sms' && /^[0-9a-f]{12}$/.test(row[15]));
  assert.ok(sms.length > 0, 'senders appear as 12-hex-digit pseudonyms');
});

test('an analyst downloads the same rows as XLSX, opened by exceljs', async () => {
  const r = await download('format=xlsx', who.analyst);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await r.arrayBuffer());
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  const sheet = book.getWorksheet('contributions');
  assert.deepEqual(sheet.getRow(1).values.slice(1), columns);
  assert.equal(sheet.actualRowCount - 1, total());
  const seen = new Set();
  sheet.eachRow((row, n) => { if (n > 1) seen.add(row.getCell(4).value); });
  assert.deepEqual([...seen].sort(), [...statuses].sort());
  assert.equal(typeof sheet.getRow(2).getCell(1).value, 'number');
  const all = [];
  sheet.eachRow((row) => all.push(row.values.join('\t')));
  const flat = all.join('\n');
  for (const p of phones) assert.ok(!flat.includes(p.slice(4)), `sender number ${p} in the XLSX`);
  assert.ok(!flat.includes(typedNumber));
});

test('an admin asking for raw text gets it; a moderator was refused', async () => {
  const r = await download('format=csv&raw=1', who.admin);
  assert.equal(r.status, 200);
  const text = await r.text();
  assert.ok(text.includes(typedNumber), 'the raw text keeps what the citizen typed');
  for (const p of phones) assert.ok(!text.includes(p.slice(4)), 'never the sender number, even raw');
});

test('baro export --all writes the XLSX from the command line, audited as cli', async () => {
  const out = path.join(dir, 'all.xlsx');
  execFileSync(bin, ['export', 'matransition', '--all', '--format', 'xlsx', '--output', out],
    { env: { ...process.env, BARO_DATABASE_URL: db.url }, stdio: 'pipe' });
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(out);
  assert.equal(book.getWorksheet('contributions').actualRowCount - 1, total());
});

test('every download is in the audit log with who, format, text and rows; baro audit verify passes', () => {
  const entries = exportEntries();
  const n = String(total());
  assert.deepEqual(entries.map((e) => e.slice(0, 5)), [
    ['moderator@example.org', 'csv', 'redacted', n, 'console'],
    ['analyst@example.org', 'csv', 'redacted', n, 'console'],
    ['analyst@example.org', 'xlsx', 'redacted', n, 'console'],
    ['admin@example.org', 'csv', 'raw', n, 'console'],
    [entries[4][0], 'xlsx', 'redacted', n, 'cli'],
  ]);
  assert.match(entries[4][0], /^cli:/);
  assert.match(sql(db.url, "select subject from audit_event where action = 'export_full' limit 1")[0][0], /^consultation:matransition$/);
  assert.match(execFileSync(bin, ['audit', 'verify'], { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8' }), /intact/);
});

test('the console page links to both downloads, as plain links a keyboard reaches', async () => {
  const page = await (await fetch(`${server.base}/mod?lang=fr`, { headers: { cookie: who.analyst.cookie } })).text();
  assert.match(page, /<a id="export-csv" href="\/api\/v1\/mod\/consultations\/matransition\/export\?format=csv" download>Télécharger en CSV<\/a>/);
  assert.match(page, /<a id="export-xlsx" href="[^"]+format=xlsx" download>/);
});

// The console in Chromium with the account's session (signed in above: a login costs a password hash).
async function consoleAs(account) {
  browser ??= await launchBrowser();
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // The cookie as the login set it (__Host-: secure, host-only, path /; 127.0.0.1 counts as secure).
  const eq = account.cookie.indexOf('=');
  await context.addCookies([{ name: account.cookie.slice(0, eq), value: account.cookie.slice(eq + 1), domain: new URL(server.base).hostname,
    path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
  const page = await context.newPage();
  await page.goto(`${server.base}/mod?lang=fr`);
  await page.waitForSelector('#export-csv[href*="lang=fr"]');   // console.js has set the links
  return page;
}

// Clicks a download link and returns the downloaded bytes and the name the browser would save.
async function clickDownload(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  assert.equal(await download.failure(), null);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

test('in Chromium, the console\'s links download the files: an analyst gets both, the raw choice is for admins only', async () => {
  const before = exportEntries().length;
  const analyst = await consoleAs(who.analyst);
  assert.equal(await analyst.isHidden('#export-raw-choice'), true, 'no raw choice for an analyst');
  const csv = await clickDownload(analyst, '#export-csv');
  assert.match(csv.name, /\.csv$/);
  const table = parseCsv(csv.bytes.toString('utf8'));
  assert.deepEqual(table[0], columns);
  assert.equal(table.length - 1, total());
  const xlsx = await clickDownload(analyst, '#export-xlsx');
  assert.match(xlsx.name, /\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.bytes);
  assert.equal(book.getWorksheet('contributions').actualRowCount - 1, total());
  // A raw link typed by hand is refused to an analyst.
  const refused = await analyst.goto(`${server.base}/api/v1/mod/consultations/matransition/export?format=csv&raw=1`);
  assert.equal(refused.status(), 403);
  await analyst.context().close();

  // A moderator may export too (the role matrix above), redacted, without a raw choice.
  const moderator = await consoleAs(who.moderator);
  assert.equal(await moderator.isHidden('#export-raw-choice'), true, 'no raw choice for a moderator');
  const modCsv = await clickDownload(moderator, '#export-csv');
  assert.ok(!modCsv.bytes.toString('utf8').includes(typedNumber));
  await moderator.context().close();

  const admin = await consoleAs(who.admin);
  assert.equal(await admin.isHidden('#export-raw-choice'), false);
  await admin.check('#export-raw');
  await admin.waitForSelector('#export-csv[href*="raw=1"]');
  const raw = await clickDownload(admin, '#export-csv');
  assert.ok(raw.bytes.toString('utf8').includes(typedNumber), 'the admin\'s raw file keeps what the citizen typed');
  await admin.context().close();
  assert.deepEqual(exportEntries().slice(before).map((e) => e.slice(0, 3)), [
    ['analyst@example.org', 'csv', 'redacted'], ['analyst@example.org', 'xlsx', 'redacted'],
    ['moderator@example.org', 'csv', 'redacted'], ['admin@example.org', 'csv', 'raw']]);
});
