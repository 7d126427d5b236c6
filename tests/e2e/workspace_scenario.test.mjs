// The organiser's workspace end to end (issue 11, Tests): in real Chromium, an admin made with the
// CLI creates a consultation with three themes from nothing through the /mod/admin pages, opens it,
// invites a moderator; the moderator logs in with the one-time password, replaces it and enrols TOTP;
// a signed Twilio SMS reaches the consultation by its keyword and a citizen posts on its form; the
// moderator confirms a theme on one, changes the other's, and publishes both; the results page counts
// the confirmed theme; the admin closes the consultation, the form shows the closed page and a form
// posted anyway gets 410; every step is in the audit log and `baro audit verify` passes.
// A screenshot of each step is kept in tests/e2e/output/workspace-*.png.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { bin, createDatabase, startServer, sql, launchBrowser, outputDir, addModerator, totp } from './harness.mjs';

const twilioToken = '98765432109876543210987654321098';
const adminEmail = 'organisatrice@baro.ml';
const moderatorEmail = 'moderateur@baro.ml';
let db;
let server;
let browser;
let secretsFile;

const shot = (page, step) => page.screenshot({ path: path.join(outputDir, `workspace-${step}.png`), fullPage: true });

function twilio(fields) {
  const url = `${server.base}/hooks/twilio`;
  const data = url + Object.keys(fields).sort().map((k) => k + fields[k]).join('');
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': createHmac('sha1', twilioToken).update(data).digest('base64') },
    body: new URLSearchParams(fields).toString(),
  });
}

before(async () => {
  db = createDatabase('workspace');
  secretsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baro-secrets-')), 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify({ pepper: randomBytes(32).toString('hex'), twilio: { auth_token: twilioToken } }), { mode: 0o600 });
  server = await startServer(db.url, { BARO_SECRETS_FILE: secretsFile });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  db?.drop();
  if (secretsFile) fs.rmSync(path.dirname(secretsFile), { recursive: true, force: true });
});

test('an organiser runs a consultation from nothing to closed in the browser, and every step is audited', async () => {
  const adminPassword = await addModerator(server.base, db.url, adminEmail, 'admin');
  const admin = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })).newPage();

  // 1. The admin logs in and creates the draft from the consultations page.
  await admin.goto(`${server.base}/mod/login?lang=fr`);
  await admin.fill('#email', adminEmail);
  await admin.fill('#password', adminPassword);
  await Promise.all([admin.waitForURL(/\/mod\?lang=fr/), admin.click('button[type=submit]')]);
  await Promise.all([admin.waitForURL(/\/mod\/admin\?lang=fr$/), admin.click('#admin-link')]);  // the console's way in
  await Promise.all([admin.waitForURL(/\/mod\/admin\/consultations\?lang=fr$/), admin.click('a[href^="/mod/admin/consultations"]')]);
  await admin.fill('#slug', 'fasokan-2027');
  await admin.fill('#title_fr', 'Fasokan 2027 : votre avis sur les services publics');
  await admin.fill('#title_bm', 'Fasokan 2027 : aw ka hakilina');
  await admin.fill('#title_en', 'Fasokan 2027: your view on public services');
  await admin.fill('#description_fr', 'Dites-nous ce qui doit changer.');
  await admin.fill('#sms_keyword', 'FK');
  await shot(admin, '01-new-consultation');
  await Promise.all([admin.waitForURL(/\/mod\/admin\/consultations\/fasokan-2027\?lang=fr$/), admin.click('form[action^="/mod/admin/consultations?"] button[type=submit]')]);
  assert.equal(await admin.textContent('#phase'), 'Brouillon');

  // 2. Three themes with their French and Bambara keywords, then Open.
  for (const [slug, fr, bm, en, kwFr, kwBm] of [
    ['eau', 'Eau', 'Ji', 'Water', 'eau\nforage\nrobinet', 'ji\nkɔlɔn'],
    ['sante', 'Santé', 'Kɛnɛya', 'Health', 'santé\nhôpital\nmédecin', 'dɔgɔtɔrɔso\nfura'],
    ['ecole', 'École', 'Lakɔli', 'School', 'école\nenseignant', 'lakɔli\nkaramɔgɔ'],
  ]) {
    await admin.fill('#theme_slug', slug);
    await admin.fill('#label_fr', fr);
    await admin.fill('#label_bm', bm);
    await admin.fill('#label_en', en);
    await admin.fill('#keywords_fr', kwFr);
    await admin.fill('#keywords_bm', kwBm);
    await Promise.all([admin.waitForNavigation(), admin.click('form[action*="/themes?"] button[type=submit]')]);
    assert.ok((await admin.textContent('#themes + ul')).includes(`${slug} — ${fr}`), slug);
  }
  await shot(admin, '02-themes');
  await Promise.all([admin.waitForNavigation(), admin.click('form.status button[value=open]')]);
  assert.equal(await admin.textContent('#phase'), 'Ouverte');
  await shot(admin, '03-open');
  assert.equal((await fetch(`${server.base}/c/fasokan-2027?lang=fr`)).status, 200);

  // 3. The admin invites a moderator: the one-time password is shown once.
  await admin.goto(`${server.base}/mod/admin/accounts?lang=fr`);
  await admin.fill('#invite-email', moderatorEmail);
  await admin.selectOption('#invite-role', 'moderator');
  await Promise.all([admin.waitForSelector('#one-time-password'), admin.click('#invite button[type=submit]')]);
  const oneTime = (await admin.textContent('#one-time-password')).trim();
  assert.match(oneTime, /\S{10,}/);
  await shot(admin, '04-invited');
  await admin.goto(`${server.base}/mod/admin/accounts?lang=fr`);
  assert.equal(await admin.$('#one-time-password'), null, 'shown once');

  // 4. The moderator logs in with it, chooses a password, enrols TOTP and reaches the console.
  const mod = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } })).newPage();
  const dialogs = [];
  mod.on('dialog', (d) => d.accept(dialogs.shift() ?? undefined));
  await mod.goto(`${server.base}/mod/login?lang=fr`);
  await mod.fill('#email', moderatorEmail);
  await mod.fill('#password', oneTime);
  await Promise.all([mod.waitForURL(/\/mod\/password/), mod.click('button[type=submit]')]);
  const chosen = `un mot de passe choisi ${randomBytes(4).toString('hex')}`;
  await mod.fill('#current', oneTime);
  await mod.fill('#new', chosen);
  await mod.fill('#repeat', chosen);
  await shot(mod, '05-password');
  await Promise.all([mod.waitForURL(/\/mod\/totp/), mod.click('button[type=submit]')]);
  await Promise.all([mod.waitForSelector('#totp-secret'), mod.click('form[action^="/mod/totp/begin"] button[type=submit]')]);
  const secret = (await mod.textContent('#totp-secret')).replace(/\s/g, '');
  await mod.fill('#code', totp(secret));
  await shot(mod, '06-totp');
  await Promise.all([mod.waitForNavigation(), mod.click('form[action^="/mod/totp?"] button[type=submit]')]);
  assert.ok(await mod.locator('li > code').count() >= 8, 'recovery codes shown');
  assert.deepEqual(sql(db.url, `select totp_confirmed, must_change_password from moderator where email = '${moderatorEmail}'`)[0], ['t', 'f']);

  // 5. A signed Twilio SMS reaches the consultation by its keyword; a citizen posts on its form.
  const sid = 'SM2027fasokan0000000000000000000';
  const sms = await twilio({ MessageSid: sid, SmsSid: sid, AccountSid: 'AC0', From: '+22376543210', To: '+22370009999',
    Body: 'FK Le forage de notre village est en panne, pas d\'eau depuis un mois.', NumMedia: '0' });
  assert.equal(sms.status, 200);
  const citizen = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await citizen.goto(`${server.base}/c/fasokan-2027?lang=fr`);
  await citizen.fill('#text', 'Il faut plus de médecins à l\'hôpital de Sikasso et des forages pour les villages.');
  await shot(citizen, '07-form');
  await Promise.all([citizen.waitForNavigation(), citizen.click('form button[type=submit]')]);
  await shot(citizen, '08-thanks');
  const stored = sql(db.url, "select x.id, x.channel, array_to_string(x.suggested_themes, ' ') from contribution x join consultation c on c.id = x.consultation_id where c.slug = 'fasokan-2027' order by x.id");
  assert.deepEqual(stored.map((r) => r[1]), ['sms', 'web']);
  const [smsId, webId] = stored.map((r) => Number(r[0]));
  assert.equal(stored[0][2], 'eau');
  assert.match(stored[1][2], /sante/);

  // 6. In the console the moderator confirms the SMS's theme (c), sets the post's to Santé (T), and
  // publishes both (p).
  await mod.goto(`${server.base}/mod?lang=fr`);
  await mod.selectOption('#f-consultation', 'fasokan-2027');
  await mod.selectOption('#f-status', 'new');
  await mod.waitForSelector(`#queue li[data-id="${smsId}"]`);
  await mod.waitForSelector(`#queue li[data-id="${webId}"]`);
  const openById = async (id) => {
    await mod.locator('#queue').focus();
    for (let i = 0; i < 10 && await mod.getAttribute('#queue li.current', 'data-id') !== String(id); i++) await mod.keyboard.press('j');
    for (let i = 0; i < 10 && await mod.getAttribute('#queue li.current', 'data-id') !== String(id); i++) await mod.keyboard.press('k');
    await mod.keyboard.press('o');
    await mod.waitForFunction((t) => document.getElementById('detail').dataset.id === String(t), id);
  };
  const confirmed = (id) => sql(db.url, `select themes_confirmed, array_to_string(themes, ' '), status from contribution where id = ${id}`)[0];
  await openById(smsId);
  await mod.keyboard.press('c');
  await mod.waitForFunction((t) => document.querySelector(`#queue li[data-id="${t}"] .theme-state`)?.textContent === 'confirmés', smsId);
  await mod.keyboard.press('p');
  await openById(webId);
  dialogs.push('sante');
  await mod.keyboard.press('Shift+T');
  await mod.waitForFunction((t) => document.querySelector(`#queue li[data-id="${t}"] .theme-state`)?.textContent === 'confirmés', webId);
  await shot(mod, '09-console-themes');
  await mod.keyboard.press('p');
  await mod.waitForFunction((t) => document.querySelector(`#queue li[data-id="${t}"]`)?.dataset.status === 'published', webId);
  await shot(mod, '10-console-published');
  assert.deepEqual(confirmed(smsId), ['t', 'eau', 'published']);
  assert.deepEqual(confirmed(webId), ['t', 'sante', 'published']);

  // 7. The public results page counts the confirmed themes: one each, and the post's suggested Eau
  // (which the moderator took away) is not counted.
  const results = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  const themeCount = async (key) => {
    const n = results.locator(`figure[data-chart="themes"] g[data-key="${key}"] text.n`);
    return (await n.count()) ? Number(await n.textContent()) : 0;
  };
  await results.goto(`${server.base}/c/fasokan-2027/resultats?lang=fr`);
  for (let i = 0; i < 100 && await themeCount('sante') !== 1; i++) {
    await new Promise((r) => setTimeout(r, 100));
    await results.reload();
  }
  assert.equal(await themeCount('sante'), 1);
  assert.equal(await themeCount('eau'), 1);
  assert.equal(await themeCount('ecole'), 0);
  await shot(results, '11-results');

  // 8. The admin closes it: the form shows the closed page; the citizen's open form posted anyway gets 410.
  await citizen.goto(`${server.base}/c/fasokan-2027?lang=fr`);
  await admin.goto(`${server.base}/mod/admin/consultations/fasokan-2027?lang=fr`);
  await Promise.all([admin.waitForNavigation(), admin.click('form.status button[value=closed]')]);
  assert.equal(await admin.textContent('#phase'), 'Close');
  await shot(admin, '12-closed');
  await citizen.fill('#text', 'Un message après la clôture.');
  const [late] = await Promise.all([citizen.waitForResponse((r) => r.request().method() === 'POST'), citizen.click('form button[type=submit]')]);
  assert.equal(late.status(), 410);
  await citizen.goto(`${server.base}/c/fasokan-2027?lang=fr`);
  assert.equal(await citizen.locator('#text').count(), 0);
  assert.ok(await citizen.locator('a[href="/c/fasokan-2027/resultats?lang=fr"]').count() >= 1, 'the results link');
  await shot(citizen, '13-closed-form');
  assert.equal(sql(db.url, "select count(*) from contribution x join consultation c on c.id = x.consultation_id where c.slug = 'fasokan-2027'")[0][0], '2');

  // 9. Every step is in the hash-chained audit log, which verifies.
  const entries = sql(db.url, 'select actor, action, subject from audit_event order by id');
  const did = (actor, action, subject) => entries.some((e) => e[0] === actor && e[1] === action && (!subject || e[2] === subject));
  assert.ok(did(adminEmail, 'consultation_create', 'consultation:fasokan-2027'));
  for (const t of ['eau', 'sante', 'ecole']) assert.ok(did(adminEmail, 'theme_create', `theme:fasokan-2027/${t}`), t);
  assert.ok(did(adminEmail, 'consultation_open', 'consultation:fasokan-2027'));
  assert.ok(did(adminEmail, 'account_invited'));
  for (const a of ['login', 'password_changed', 'totp_enrolled']) assert.ok(did(moderatorEmail, a), a);
  for (const id of [smsId, webId]) {
    assert.ok(did(moderatorEmail, 'edit', `contribution:${id}`), `edit ${id}`);
    assert.ok(did(moderatorEmail, 'publish', `contribution:${id}`), `publish ${id}`);
  }
  assert.ok(did(adminEmail, 'consultation_closed', 'consultation:fasokan-2027'));
  assert.match(execFileSync(bin, ['audit', 'verify'], { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8' }), /intact/);
});
