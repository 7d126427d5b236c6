// Reply settings per consultation and channel (issue 15) in the organiser's workspace: the JSON API
// under /api/v1/admin/consultations/{slug}/replies and the section of the consultation's page, with
// the admin role, CSRF and audit rules of the other admin routes; both write what `baro replies set`
// writes (the row the outbox reads when it sends), shown back by `baro replies show`. The page's form
// is filled and submitted in Chromium.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { bin, createDatabase, startServer, sql, launchBrowser, addModerator, outputDir } from './harness.mjs';

let db;
let server;
const who = {};
const passwords = {};

async function signIn(email, role) {
  passwords[role] = await addModerator(server.base, db.url, email, role);
  const r = await fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base },
    body: new URLSearchParams({ email, password: passwords[role] }).toString(),
  });
  assert.equal(r.status, 303);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf } = await (await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).json();
  return { cookie, csrf };
}

function api(as, method, p, body, { csrf = true } = {}) {
  const headers = { 'content-type': 'application/json', origin: server.base };
  if (as) headers.cookie = as.cookie;
  if (as && csrf) headers['x-csrf-token'] = as.csrf;
  return fetch(`${server.base}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
}

function page(as, method, p, fields) {
  const headers = { origin: server.base };
  if (as) headers.cookie = as.cookie;
  if (fields) headers['content-type'] = 'application/x-www-form-urlencoded';
  return fetch(`${server.base}${p}`, { method, headers, redirect: 'manual', body: fields ? new URLSearchParams(fields).toString() : undefined });
}

const show = (channel) => execFileSync(bin, ['replies', 'show', 'matransition', channel],
  { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8' });

before(async () => {
  db = createDatabase('replies_admin');
  server = await startServer(db.url);
  who.admin = await signIn('admin@baro.ml', 'admin');
  who.moderator = await signIn('mod@baro.ml', 'moderator');
  who.analyst = await signIn('analyst@baro.ml', 'analyst');
});
after(async () => {
  await server?.stop();
  db?.drop();
});

test('reply settings routes: anonymous 401 (page: to the login form), analyst and moderator 403, no CSRF 403, admin ok', async () => {
  const body = { acknowledgements: false, daily_sms_budget: 5 };
  for (const [method, p, b] of [['GET', '/api/v1/admin/consultations/matransition/replies'],
    ['POST', '/api/v1/admin/consultations/matransition/replies/sms', body]]) {
    assert.equal((await api(null, method, p, b)).status, 401, `${method} ${p} anonymous`);
    for (const role of ['analyst', 'moderator']) assert.equal((await api(who[role], method, p, b)).status, 403, `${method} ${p} ${role}`);
    if (method === 'POST') assert.equal((await api(who.admin, method, p, b, { csrf: false })).status, 403, `${p} without CSRF`);
  }
  const form = '/mod/admin/consultations/matransition/replies/sms';
  assert.ok([303, 401].includes((await page(null, 'POST', form, { daily_sms_budget: '5' })).status));
  for (const role of ['analyst', 'moderator'])
    assert.equal((await page(who[role], 'POST', form, { csrf: who[role].csrf, daily_sms_budget: '5' })).status, 403);
  assert.equal((await page(who.admin, 'POST', form, { daily_sms_budget: '5' })).status, 403, 'the form without CSRF');
  assert.equal(sql(db.url, 'select count(*) from reply_setting')[0][0], '0', 'nothing refused was saved');

  const r = await api(who.admin, 'GET', '/api/v1/admin/consultations/matransition/replies');
  assert.equal(r.status, 200);
  const { replies } = await r.json();
  assert.deepEqual(replies.map((x) => x.channel), ['sms', 'whatsapp', 'messenger', 'telegram']);
  assert.deepEqual(replies[0], { channel: 'sms', acknowledgements: true, daily_sms_budget: 1000, text: { fr: '', bm: '', en: '' } });
});

test('the API saves what baro replies set writes, refuses bad fields by name, and 404s what does not exist', async () => {
  const saved = await api(who.admin, 'POST', '/api/v1/admin/consultations/matransition/replies/whatsapp',
    { acknowledgements: false, daily_sms_budget: 12, text: { fr: 'Merci, bien reçu.', bm: 'I ni ce, a sera.' } });
  assert.equal(saved.status, 200, await saved.clone().text());
  assert.deepEqual(await saved.json(), { channel: 'whatsapp', acknowledgements: false, daily_sms_budget: 12,
    text: { fr: 'Merci, bien reçu.', bm: 'I ni ce, a sera.', en: '' } });
  const shown = show('whatsapp');
  assert.match(shown, /acknowledgements off, daily SMS budget 12/);
  assert.match(shown, /fr: Merci, bien reçu\./);
  assert.match(shown, /bm: I ni ce, a sera\./);
  assert.match(shown, /en: \(default\)/);

  for (const [body, field] of [[{ daily_sms_budget: -1 }, 'daily_sms_budget'], [{ daily_sms_budget: '7' }, 'daily_sms_budget'],
    [{ acknowledgements: 'yes' }, 'acknowledgements'], [{ text: { fr: 'x'.repeat(481) } }, 'text.fr'], [{ text: 'merci' }, 'text']]) {
    const r = await api(who.admin, 'POST', '/api/v1/admin/consultations/matransition/replies/sms', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal((await r.json()).field, field);
  }
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/matransition/replies/ussd', {})).status, 404);
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/nowhere/replies/sms', {})).status, 404);
  assert.equal((await api(who.admin, 'GET', '/api/v1/admin/consultations/nowhere/replies')).status, 404);
  assert.equal(sql(db.url, "select count(*) from reply_setting where channel = 'sms'")[0][0], '0');
});

test('in Chromium, an admin switches SMS thanks off, sets a budget and a Bambara text on the consultation page', async () => {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const p = await context.newPage();
    await p.goto(`${server.base}/mod/login?lang=fr`);
    await p.fill('#email', 'admin@baro.ml');
    await p.fill('#password', passwords.admin);
    await Promise.all([p.waitForURL(/\/mod\?lang=fr/), p.click('button[type=submit]')]);
    await p.goto(`${server.base}/mod/admin/consultations/matransition?lang=fr`);
    assert.match(await p.textContent('#replies'), /Réponses aux citoyens/);
    // The WhatsApp form shows what the API saved.
    assert.equal(await p.isChecked('#replies_whatsapp_acknowledgements'), false);
    assert.equal(await p.inputValue('#replies_whatsapp_budget'), '12');
    assert.equal(await p.inputValue('#replies_whatsapp_bm'), 'I ni ce, a sera.');
    // An empty text shows the default one as its placeholder.
    const fr = JSON.parse(fs.readFileSync(path.join(process.env.BARO_SOURCE_DIR, 'client-web', 'i18n', 'fr.json'), 'utf8'));
    assert.equal(await p.getAttribute('#replies_sms_fr', 'placeholder'), fr['reply.thanks']);

    await p.uncheck('#replies_sms_acknowledgements');
    await p.fill('#replies_sms_budget', '250');
    await p.fill('#replies_sms_bm', 'I ni ce! I ka cikan sera an ma.');
    await Promise.all([p.waitForURL(/#replies$/), p.click('form[data-channel=sms] button[type=submit]')]);
    await p.screenshot({ path: path.join(outputDir, 'admin_replies.png'), fullPage: true });
    assert.equal(await p.isChecked('#replies_sms_acknowledgements'), false);
    assert.equal(await p.inputValue('#replies_sms_budget'), '250');
    const shown = show('sms');
    assert.match(shown, /acknowledgements off, daily SMS budget 250/);
    assert.match(shown, /bm: I ni ce! I ka cikan sera an ma\./);

    // A budget that is not a number is refused on the page with its field, nothing saved.
    const bad = await page(who.admin, 'POST', '/mod/admin/consultations/matransition/replies/sms?lang=en',
      { csrf: who.admin.csrf, acknowledgements: 'on', daily_sms_budget: 'lots' });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /daily_sms_budget/);
    assert.match(show('sms'), /daily SMS budget 250/);
  } finally {
    await browser.close();
  }
});

test('every save is in the audit log and baro audit verify passes', () => {
  const rows = sql(db.url, "select subject from audit_event where action = 'replies_update' order by id");
  assert.deepEqual(rows.map((r) => r[0]), ['replies:matransition/whatsapp', 'replies:matransition/sms']);
  assert.match(execFileSync(bin, ['audit', 'verify'], { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8' }), /intact/);
});
