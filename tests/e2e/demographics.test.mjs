// The optional demographic questions (issue 14) end to end: off by default, an admin switches them
// on from the consultation's page in Chromium; citizens answer on the web form (consent text, "prefer
// not to say", left blank, without JavaScript) and by USSD (consent screen, then the questions); a
// moderator publishes; the results page, the report and the summary show people per answer with the
// cells under 10 suppressed, and the complementary cell when exactly one is (axe-core passes on the
// form and the results page with the questions; e2e_charts runs it on the report); and no public output, open data, feed
// or the console carries an answer per contribution.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDatabase, startServer, sql, launchBrowser, outputDir, addModerator, postForm } from './harness.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ussdToken = 'ussd-' + randomBytes(12).toString('hex');
const adminEmail = 'organisatrice@baro.ml';
const moderatorEmail = 'moderateur@baro.ml';
let db;
let server;
let browser;
let dir;
const passwords = {};

// What the citizens answer, in all: gender woman 12, man 10, unsaid 2 (one cell under 10, so the
// smallest shown one, man, is withheld too); age under_25 11 and four cells under 10.
const expected = {
  gender: { woman: '12', man: 'masqué', unsaid: 'moins de 10' },
  age_band: { under_25: '11', '25_34': 'moins de 10', '35_49': 'moins de 10', '50_plus': 'moins de 10', unsaid: 'moins de 10' },
};
const published = 3 + 3 + 20;   // Chromium, USSD, plain form posts

before(async () => {
  db = createDatabase('demographics');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-demographics-'));
  const secretsFile = path.join(dir, 's.json');
  fs.writeFileSync(secretsFile, JSON.stringify({ pepper: randomBytes(32).toString('hex'), africastalking: { ussd_token: ussdToken } }), { mode: 0o600 });
  server = await startServer(db.url, { BARO_SECRETS_FILE: secretsFile });
  browser = await launchBrowser();
  passwords.admin = await addModerator(server.base, db.url, adminEmail, 'admin');
  passwords.moderator = await addModerator(server.base, db.url, moderatorEmail, 'moderator');
});
after(async () => {
  await browser?.close();
  await server?.stop();
  db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function until(what, check, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ussd(sessionId, text, phone) {
  const r = await fetch(`${server.base}/hooks/africastalking/ussd/${ussdToken}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sessionId, serviceCode: '*384*2021#', phoneNumber: phone, networkCode: '61002', text }).toString(),
  });
  const body = await r.text();
  assert.equal(r.status, 200, body);
  return body;
}

// Plays a whole USSD session, one screen per answer; returns every screen.
async function ussdSession(phone, answers) {
  const id = 'ATUid_' + randomBytes(6).toString('hex');
  const screens = [await ussd(id, '', phone)];
  for (let i = 1; i <= answers.length; i++) screens.push(await ussd(id, answers.slice(0, i).join('*'), phone));
  return screens;
}

async function login(email, password) {
  const r = await fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base },
    body: new URLSearchParams({ email, password }).toString(),
  });
  assert.equal(r.status, 303);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf } = await (await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).json();
  return { cookie, csrf };
}

const call = (who, method, p, body) => fetch(`${server.base}${p}`, {
  method,
  headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json', origin: server.base },
  body: body === undefined ? undefined : JSON.stringify(body),
});

// A citizen fills the form in Chromium; `answers` are the radio buttons to check.
async function formInChromium(lang, text, answers, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${server.base}/c/matransition?lang=${lang}`);
  await page.fill('#text', text);
  for (const id of answers) await page.check(`#${id}`);
  if (!javaScriptEnabled) await page.screenshot({ path: path.join(outputDir, `demographics-form-${lang}.png`), fullPage: true });
  await Promise.all([page.waitForURL(/\/merci/), page.click('button[type=submit]')]);
  await context.close();
}

// axe-core on a page (injected inline, so the page's CSP is bypassed): no serious or critical violation.
async function noSeriousViolations(url) {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, bypassCSP: true });
  await page.goto(url);
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate(async () => await window.axe.run(document));
  await page.close();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${url}: ${v.id}: ${v.nodes[0]?.target}`), []);
}

const summary = async () => (await fetch(`${server.base}/api/v1/consultations/matransition/summary`)).json();

// The "who spoke" cells of a results page or report, as shown: {question: {answer: text}}.
async function shownCells(url) {
  const page = await browser.newPage();
  await page.goto(url);
  const cells = await page.$$eval('table.who-spoke td[data-cell]', (tds) => tds.map((td) => [td.closest('table').dataset.question, td.dataset.cell, td.textContent]));
  await page.close();
  const out = {};
  for (const [q, a, t] of cells) (out[q] ??= {})[a] = t;
  return out;
}

test('off by default: the form asks nothing, USSD goes from the theme to the message, the summary has no cells', async () => {
  const form = await (await fetch(`${server.base}/c/matransition?lang=fr`)).text();
  assert.doesNotMatch(form, /name="gender"|name="age_band"|class="demographics"/);
  assert.doesNotMatch(form, /Vous pouvez nous dire qui vous êtes/);
  const screens = await ussdSession('+22376000900', ['1', '1']);
  assert.match(screens[2], /^CON Écrivez votre message/);
  assert.deepEqual((await summary()).who_spoke, { min_cell: 10 });
  const results = await (await fetch(`${server.base}/c/matransition/resultats?lang=fr`)).text();
  assert.doesNotMatch(results, /who-spoke/);
});

test('an admin switches both questions on from the consultation page in Chromium', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const admin = await context.newPage();
  await admin.goto(`${server.base}/mod/login?lang=fr`);
  await admin.fill('#email', adminEmail);
  await admin.fill('#password', passwords.admin);
  await Promise.all([admin.waitForURL(/\/mod\?lang=fr/), admin.click('button[type=submit]')]);
  await admin.goto(`${server.base}/mod/admin/consultations/matransition?lang=fr`);
  assert.equal(await admin.isChecked('input[name=ask_gender]'), false);
  assert.equal(await admin.isChecked('input[name=ask_age_band]'), false);
  await admin.check('input[name=ask_gender]');
  await admin.check('input[name=ask_age_band]');
  const form = admin.locator('form', { has: admin.locator('input[name=ask_gender]') });
  await Promise.all([admin.waitForNavigation(), form.locator('button[type=submit]').click()]);
  assert.equal(await admin.isChecked('input[name=ask_gender]'), true);
  assert.equal(await admin.isChecked('input[name=ask_age_band]'), true);
  await admin.screenshot({ path: path.join(outputDir, 'demographics-admin.png'), fullPage: true });
  await context.close();
  const stored = sql(db.url, "select questions->>'gender', questions->>'age_band' from consultation where slug = 'matransition'");
  assert.deepEqual(stored, [['true', 'true']]);
  // The catalog picks the change up within seconds: wait for the form to show it.
  await until('the questions on the form', async () => /name="gender"/.test(await (await fetch(`${server.base}/c/matransition?lang=fr`)).text()));
});

test('citizens answer on the form in Chromium: consent shown, "prefer not to say" offered, blank allowed, without JavaScript too', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${server.base}/c/matransition?lang=fr`);
  assert.match(await page.textContent('.demographics .consent'), /seuls des totaux sont publiés.*moins de 10 personnes/);
  assert.equal(await page.textContent('label[for=gender-unsaid]'), ' Je préfère ne pas le dire');
  assert.equal(await page.textContent('label[for=age_band-unsaid]'), ' Je préfère ne pas le dire');
  assert.equal(await page.locator('.demographics input[type=radio]:checked').count(), 0, 'nothing is chosen for the citizen');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${width} px`);
  await context.close();
  await noSeriousViolations(`${server.base}/c/matransition?lang=fr`);

  await formInChromium('fr', 'Avis une : la sécurité des routes.', ['gender-woman', 'age_band-under_25']);
  await formInChromium('bm', 'Kuma fila : lakana ka sabati.', ['gender-man', 'age_band-unsaid'], false);
  await formInChromium('fr', 'Avis trois, sans répondre aux questions.', []);
  const rows = sql(db.url, "select coalesce(gender, '-'), coalesce(age_band, '-') from contribution where channel = 'web' order by id");
  assert.deepEqual(rows, [['woman', 'under_25'], ['man', 'unsaid'], ['-', '-']]);

  // An answer the form does not offer is refused next to the questions, the text kept.
  const bad = await postForm(server.base, 'matransition', { text: 'Un avis', gender: 'other' });
  assert.equal(bad.status, 422);
  const page422 = await bad.text();
  assert.match(page422, /Choisissez une des réponses proposées/);
  assert.match(page422, />Un avis</);
});

test('citizens answer by USSD: the consent screen, then each question; "2 Passer" skips them', async () => {
  const a = await ussdSession('+22376000901', ['1', '1', '1', '1', '1', 'Mon avis par USSD.']);
  assert.match(a[2], /^CON 2 questions facultatives sur vous\. Seuls des totaux de 10 personnes ou plus sont publiés\.\n1 Répondre\n2 Passer/);
  assert.match(a[3], /^CON Vous êtes :\n1 Femme\n2 Homme\n3 Ne pas répondre/);
  assert.match(a[4], /^CON Age :\n1 Moins de 25 ans/);
  assert.match(a[5], /^CON Écrivez votre message/);
  assert.match(a[6], /^END /);
  const b = await ussdSession('+22376000902', ['2', '1', '1', '3', '2', 'N ka kuma USSD la.']);
  assert.match(b[2], /^CON Ɲininkali 2, i sago\..*\n1 Jaabi\n2 Tɛmɛ/);
  assert.match(b[3], /N t'a fɔ/);
  assert.match(b[6], /^END /);
  const c = await ussdSession('+22376000903', ['1', '1', '2', 'Sans les questions.']);
  assert.match(c[3], /^CON Écrivez votre message/);
  assert.match(c[4], /^END /);
  const rows = sql(db.url, "select coalesce(gender, '-'), coalesce(age_band, '-') from contribution where channel = 'ussd' order by id");
  // The session of the first test stopped at the message screen: it stored nothing.
  assert.deepEqual(rows, [['woman', 'under_25'], ['unsaid', '25_34'], ['-', '-']]);
});

test('published, the results page, the report and the summary show people per answer, small cells suppressed', async () => {
  // The rest of the citizens, through the same form by plain HTTP (as a browser posts it).
  const posts = [
    ...Array.from({ length: 9 }, () => ({ gender: 'woman', age_band: 'under_25' })),
    { gender: 'woman' },
    ...Array.from({ length: 9 }, () => ({ gender: 'man' })),
    { gender: 'unsaid', age_band: '35_49' },
  ];
  for (const [i, answers] of posts.entries()) {
    const r = await postForm(server.base, 'matransition', { text: `Avis numéro ${i} sur la transition`, ...answers });
    assert.equal(r.status, 303);
  }
  const moderator = await login(moderatorEmail, passwords.moderator);
  const ask = await call(moderator, 'POST', '/api/v1/mod/bulk', { filter: { status: 'new' }, action: 'publish' });
  assert.equal(ask.status, 409);
  const { count } = await ask.json();
  assert.equal(count, published);
  const done = await call(moderator, 'POST', '/api/v1/mod/bulk', { filter: { status: 'new' }, action: 'publish', confirm_count: count });
  assert.equal(done.status, 200, await done.clone().text());
  await until('the summary to count every publication', async () => (await summary()).total === published);

  const s = await summary();
  assert.deepEqual(s.who_spoke, {
    min_cell: 10,
    gender: [{ key: 'woman', count: 12 }, { key: 'man', count: null, suppressed: 'complementary' },
      { key: 'unsaid', count: null, suppressed: 'fewer_than_10' }],
    age_band: [{ key: 'under_25', count: 11 }, ...['25_34', '35_49', '50_plus', 'unsaid'].map((key) => ({ key, count: null, suppressed: 'fewer_than_10' }))],
  });
  await until('the results page of this summary', async () => JSON.stringify(await shownCells(`${server.base}/c/matransition/resultats?lang=fr`)) === JSON.stringify(expected));
  assert.deepEqual(await shownCells(`${server.base}/c/matransition/rapport?lang=fr`), expected);
  const en = await shownCells(`${server.base}/c/matransition/rapport?lang=en`);
  assert.deepEqual(en.gender, { woman: '12', man: 'withheld', unsaid: 'fewer than 10' });
  await noSeriousViolations(`${server.base}/c/matransition/resultats?lang=fr`);
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(`${server.base}/c/matransition/resultats?lang=fr`);
  await page.locator('section.who-spoke').screenshot({ path: path.join(outputDir, 'demographics-results.png') });
  await page.close();
});

// Collects every key of every object under `v`.
function keysOf(v, out = new Set()) {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); keysOf(x, out); }
  return out;
}

test('no answer leaves per contribution: open data, the public API, feeds, contribution pages and the console', async () => {
  const perRow = /gender|age_band|under_25|25_34|35_49|50_plus|\bwoman\b|\bunsaid\b/;
  const labels = /Une femme|Un homme|Moins de 25 ans|Je préfère ne pas le dire|Qui a parlé/;
  const csv = await (await fetch(`${server.base}/open-data/matransition.csv`)).text();
  assert.equal(csv.trim().split('\r\n').length, published + 1);
  assert.doesNotMatch(csv, perRow);
  const jsonl = (await (await fetch(`${server.base}/open-data/matransition.jsonl`)).text()).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(jsonl.length, published);
  assert.doesNotMatch([...keysOf(jsonl)].join(' '), perRow);
  const list = await (await fetch(`${server.base}/api/v1/consultations/matransition/contributions?limit=100`)).json();
  assert.equal(list.items.length, published);
  assert.doesNotMatch(JSON.stringify(list), perRow);
  const s = await summary();
  const { who_spoke: _aggregate, ...rest } = s;
  assert.doesNotMatch(JSON.stringify(rest), perRow, 'only who_spoke speaks of answers');
  const feed = await (await fetch(`${server.base}/feeds/matransition.atom`)).text();
  assert.match(feed, /<entry>/);
  assert.doesNotMatch(feed, perRow);
  assert.doesNotMatch(feed, labels);
  const id = sql(db.url, "select id from contribution where gender = 'woman' and channel = 'ussd'")[0][0];
  const one = await (await fetch(`${server.base}/c/matransition/contributions/${id}?lang=fr`)).text();
  assert.match(one, /Mon avis par USSD/);
  assert.doesNotMatch(one, perRow);
  assert.doesNotMatch(one, labels);
  const embed = await (await fetch(`${server.base}/embed/matransition?lang=fr`)).text();
  assert.doesNotMatch(embed, labels);
  // Nor the console: a moderator sees the contribution, never its answers.
  const moderator = await login(moderatorEmail, passwords.moderator);
  const queue = await (await call(moderator, 'GET', '/api/v1/mod/contributions?status=published&limit=100')).json();
  assert.ok(JSON.stringify(queue).includes('Mon avis par USSD'));
  assert.doesNotMatch([...keysOf(queue)].join(' '), /gender|age_band/);
  const detail = await (await call(moderator, 'POST', `/api/v1/mod/contributions/${id}/open`)).json();
  assert.doesNotMatch([...keysOf(detail)].join(' '), /gender|age_band/);
  const full = await (await call(moderator, 'GET', '/api/v1/mod/consultations/matransition/export?format=csv')).text();
  assert.doesNotMatch(full.split('\r\n')[0], /gender|age_band/);
});
