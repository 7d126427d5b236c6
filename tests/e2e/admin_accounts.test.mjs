// Accounts administered from the console (issue #11): every new route against every role and
// without its CSRF token; an invitation followed through the invitee's first login (password change,
// then TOTP enrolment on the no-JavaScript page); disable, sign out everywhere and TOTP reset acting on
// live sessions at once; the last-admin and own-account rules, also under two admins racing; stale
// versions refused; the audit chain and the transparency page's counts; and an invitation made by
// keyboard only in Chromium (screenshots in tests/e2e/output/).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { bin, createDatabase, startServer, sql, launchBrowser, addModerator, outputDir, totp } from './harness.mjs';

let db;
let server;
let admin;   // { cookie, csrf }
const adminEmail = 'first-admin@baro.ml';
let adminPassword;


const formHeaders = () => ({ 'content-type': 'application/x-www-form-urlencoded', origin: server.base });
async function logIn(email, password, code = '') {
  const r = await fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual', headers: formHeaders(),
    body: new URLSearchParams({ email, password, code }).toString() });
  assert.equal(r.status, 303, `login of ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf } = await (await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).json();
  return { cookie, csrf };
}
async function asRole(role) {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@baro.ml`;
  return logIn(email, await addModerator(server.base, db.url, email, role));
}
const api = (who, method, url, body, { csrf = true } = {}) => fetch(`${server.base}${url}`, {
  method, redirect: 'manual',
  headers: { ...(who ? { cookie: who.cookie } : {}), ...(csrf && who ? { 'x-csrf-token': who.csrf } : {}),
             'content-type': 'application/json', origin: server.base },
  body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
const page = (who, url, fields, { csrf = true } = {}) => fetch(`${server.base}${url}`, {
  method: fields ? 'POST' : 'GET', redirect: 'manual',
  headers: { ...(who ? { cookie: who.cookie } : {}), ...formHeaders() },
  body: fields ? new URLSearchParams({ ...(csrf && who ? { csrf: who.csrf } : {}), ...fields }).toString() : undefined });
const accountOf = async (email) => (await (await api(admin, 'GET', '/api/v1/admin/accounts')).json()).accounts.find((a) => a.email === email);
async function invite(email, role = 'moderator') {
  const r = await api(admin, 'POST', '/api/v1/admin/accounts', { email, role });
  assert.equal(r.status, 201);
  return r.json();
}
const audited = (action, id) => Number(sql(db.url, `select count(*) from audit_event where action = '${action}' and subject = 'moderator:${id}'`)[0][0]);

before(async () => {
  db = createDatabase('adminaccounts');
  server = await startServer(db.url);
  adminPassword = await addModerator(server.base, db.url, adminEmail, 'admin');
  admin = await logIn(adminEmail, adminPassword);
});
after(async () => {
  await server?.stop();
  db?.drop();
});

test('every accounts route refuses anonymous, analyst and moderator sessions, and every change needs its CSRF token', async () => {
  const target = await invite('matrix@baro.ml');
  const routes = [
    { kind: 'api', method: 'GET', url: '/api/v1/admin/accounts', ok: 200 },
    { kind: 'api', method: 'POST', url: '/api/v1/admin/accounts', body: () => ({ email: `m${Math.random()}@baro.ml`, role: 'analyst' }), ok: 201 },
    { kind: 'api', method: 'POST', url: `/api/v1/admin/accounts/${target.id}/sign-out`, body: () => ({}), ok: 200 },
    { kind: 'page', method: 'GET', url: '/mod/admin/accounts', ok: 200 },
    { kind: 'page', method: 'POST', url: '/mod/admin/accounts', body: () => ({ email: `p${Math.random()}@baro.ml`, role: 'analyst' }), ok: 201 },
    { kind: 'page', method: 'POST', url: `/mod/admin/accounts/${target.id}/sign-out`, body: () => ({ version: '1' }), ok: 303 },
  ];
  const analyst = await asRole('analyst');
  const moderator = await asRole('moderator');
  const call = (r, who, opts) => (r.kind === 'api'
    ? api(who, r.method, r.url, r.body?.(), opts)
    : page(who, r.url, r.method === 'POST' ? r.body() : undefined, opts));
  for (const r of routes) {
    const anon = await call(r, null);
    if (r.kind === 'api') assert.equal(anon.status, 401, `anonymous ${r.method} ${r.url}`);
    else assert.ok(anon.status === 303 || anon.status === 401, `anonymous ${r.method} ${r.url}: ${anon.status}`);
    for (const who of [analyst, moderator]) assert.equal((await call(r, who)).status, 403, `${r.method} ${r.url} as non-admin`);
    if (r.method === 'POST') assert.equal((await call(r, admin, { csrf: false })).status, 403, `${r.method} ${r.url} without CSRF`);
    assert.equal((await call(r, admin)).status, r.ok, `${r.method} ${r.url} as admin`);
  }
  // Bad input names its field.
  const bad = await api(admin, 'POST', '/api/v1/admin/accounts', { email: 'not an address', role: 'moderator' });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).field, 'email');
  const badRole = await api(admin, 'POST', '/api/v1/admin/accounts', { email: 'x@baro.ml', role: 'root' });
  assert.equal((await badRole.json()).field, 'role');
  const taken = await api(admin, 'POST', '/api/v1/admin/accounts', { email: 'MATRIX@baro.ml', role: 'analyst' });
  assert.equal(taken.status, 409);
  assert.equal((await taken.json()).field, 'email');
  const noVersion = await api(admin, 'POST', `/api/v1/admin/accounts/${target.id}/disable`, {});
  assert.equal(noVersion.status, 422);
  assert.equal((await noVersion.json()).field, 'version');
  assert.equal((await api(admin, 'POST', `/api/v1/admin/accounts/${target.id}/delete`, {})).status, 404);
});

test('an invitee logs in with the one-time password, must change it, then enrol TOTP, then lands in the console', async () => {
  const { id, one_time_password: oneTime, state } = await invite('awa@baro.ml');
  assert.equal(state, 'invited');
  assert.match(oneTime, /\S{10,}/);
  assert.equal(sql(db.url, `select count(*) from moderator where password_hash like '%${oneTime}%'`)[0][0], '0');
  const s = await logIn('awa@baro.ml', oneTime);
  const password = 'a chosen password 2026';
  const changed = await page(s, '/mod/password?lang=en', { current: oneTime, new: password, repeat: password });
  assert.equal(changed.status, 303);
  const consolePage = await page(s, '/mod?lang=en');
  assert.equal(consolePage.status, 303);
  assert.equal(consolePage.headers.get('location'), '/mod/totp?lang=en');
  const queue = await api(s, 'GET', '/api/v1/mod/contributions');
  assert.equal(queue.status, 403);
  assert.equal((await queue.json()).reason, 'totp_enrolment_required');
  assert.equal((await page(s, '/mod/totp?lang=en')).status, 200);
  const begun = await (await page(s, '/mod/totp/begin?lang=en', {})).text();
  const secret = begun.match(/id="totp-secret">([A-Z2-7]+)</)[1];
  assert.equal((await page(s, '/mod/totp?lang=en', { code: '000000' === totp(secret) ? '111111' : '000000' })).status, 422);
  const done = await page(s, '/mod/totp?lang=en', { code: totp(secret) });
  assert.equal(done.status, 200);
  assert.equal((await done.text()).match(/<li><code>/g).length >= 8, true);
  assert.equal((await page(s, '/mod?lang=en')).status, 200);
  assert.equal((await api(s, 'GET', '/api/v1/mod/contributions')).status, 200);
  const listed = await accountOf('awa@baro.ml');
  assert.equal(listed.state, 'active');
  assert.equal(listed.totp, true);
  assert.match(listed.last_login_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(audited('account_invited', id), 1);
});

test('disable ends a live session at once; re-enable; sign out everywhere; a stale version is refused', async () => {
  const email = 'bakary@baro.ml';
  const password = await addModerator(server.base, db.url, email, 'moderator');
  const s1 = await logIn(email, password);
  const s2 = await logIn(email, password);
  const a = await accountOf(email);
  const disabled = await api(admin, 'POST', `/api/v1/admin/accounts/${a.id}/disable`, { version: a.version });
  assert.equal(disabled.status, 200);
  assert.equal((await disabled.json()).state, 'disabled');
  assert.equal((await api(s1, 'GET', '/api/v1/mod/contributions')).status, 401);
  // A second admin's decision taken on the old version is refused, not merged.
  const stale = await api(admin, 'POST', `/api/v1/admin/accounts/${a.id}/role`, { role: 'analyst', version: a.version });
  assert.equal(stale.status, 409);
  assert.equal((await stale.json()).reason, 'version');
  const b = await accountOf(email);
  assert.equal((await api(admin, 'POST', `/api/v1/admin/accounts/${b.id}/enable`, { version: b.version })).status, 200);
  const s3 = await logIn(email, password);
  assert.equal((await api(s3, 'GET', '/api/v1/mod/contributions')).status, 200);
  const out = await api(admin, 'POST', `/api/v1/admin/accounts/${a.id}/sign-out`);
  assert.equal(out.status, 200);
  assert.equal((await out.json()).sessions_ended, 1);
  for (const s of [s2, s3]) assert.equal((await api(s, 'GET', '/api/v1/mod/session')).status, 401);
  const c = await accountOf(email);
  const demoted = await api(admin, 'POST', `/api/v1/admin/accounts/${a.id}/role`, { role: 'analyst', version: c.version });
  assert.equal((await demoted.json()).role, 'analyst');
  for (const action of ['account_disabled', 'account_enabled', 'account_signed_out', 'account_role_changed']) assert.equal(audited(action, a.id), 1, action);
});

test('a TOTP reset forces a new enrolment at the next login', async () => {
  const email = 'fanta@baro.ml';
  const password = await addModerator(server.base, db.url, email, 'moderator');
  sql(db.url, `update moderator set totp_secret = 'JBSWY3DPEHPK3PXP', totp_confirmed = true where email = '${email}'`);
  const a = await accountOf(email);
  assert.equal(a.totp, true);
  const reset = await api(admin, 'POST', `/api/v1/admin/accounts/${a.id}/totp-reset`);
  assert.equal(reset.status, 200);
  assert.deepEqual([(await reset.json()).totp, (await accountOf(email)).must_enrol_totp], [false, true]);
  const s = await logIn(email, password);   // no code asked any more
  const r = await api(s, 'GET', '/api/v1/mod/contributions');
  assert.equal(r.status, 403);
  assert.equal((await r.json()).reason, 'totp_enrolment_required');
  assert.equal(audited('account_totp_reset', a.id), 1);
});

test('the last admin cannot be demoted or disabled, an admin cannot lock themselves out, and two admins racing keep one', async () => {
  const me = sql(db.url, "select id, version from moderator where role = 'admin' and disabled_at is null order by id")[0];
  const alone = await api(admin, 'POST', `/api/v1/admin/accounts/${me[0]}/role`, { role: 'moderator', version: Number(me[1]) });
  assert.equal(alone.status, 409);
  assert.equal((await alone.json()).reason, 'last_admin');
  const viaPage = await page(admin, `/mod/admin/accounts/${me[0]}/disable?lang=fr`, { version: me[1] });
  assert.equal(viaPage.status, 409);
  assert.match(await viaPage.text(), /dernier compte administrateur/);
  // Two other admins try to disable each other at once: one wins, the other is refused, one admin stays.
  const x = await asRole('admin');
  const y = await asRole('admin');
  const [ax, ay] = [await accountOf(sql(db.url, 'select email from moderator order by id desc limit 1 offset 1')[0][0]),
                    await accountOf(sql(db.url, 'select email from moderator order by id desc limit 1')[0][0])];
  const self = await api(x, 'POST', `/api/v1/admin/accounts/${ax.id}/disable`, { version: ax.version });
  assert.equal(self.status, 409);
  assert.equal((await self.json()).reason, 'self_lockout');
  const results = await Promise.all([
    api(x, 'POST', `/api/v1/admin/accounts/${ay.id}/disable`, { version: ay.version }),
    api(y, 'POST', `/api/v1/admin/accounts/${ax.id}/disable`, { version: ax.version })]);
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses[0], 200, statuses.join(','));
  assert.ok(statuses[1] === 401 || statuses[1] === 403 || statuses[1] === 409, statuses.join(','));
  assert.equal(sql(db.url, "select count(*) from moderator where role = 'admin' and disabled_at is null")[0][0], '2');
});

test('account actions are in the audit chain, which verifies, and counted on the transparency page without e-mails', async () => {
  assert.match(execFileSync(bin, ['audit', 'verify'], { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8' }), /intact/);
  const html = await (await fetch(`${server.base}/c/matransition/transparence?lang=en`)).text();
  const invitations = Number(sql(db.url, "select count(*) from audit_event where action = 'account_invited'")[0][0]);
  assert.ok(invitations >= 3);
  assert.match(html, new RegExp(`invitations</th><td>${invitations}<`));
  assert.match(html, /two-factor resets<\/th><td>1</);
  assert.doesNotMatch(html, /@baro\.ml/);
});

test('in Chromium, an admin invites a moderator by keyboard only', async () => {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const p = await context.newPage();
    await p.goto(`${server.base}/mod/login?lang=fr`);
    await p.fill('#email', adminEmail);
    await p.fill('#password', adminPassword);
    await Promise.all([p.waitForURL(/\/mod\?lang=fr/), p.click('button[type=submit]')]);
    await p.goto(`${server.base}/mod/admin/accounts?lang=fr`);
    await p.screenshot({ path: path.join(outputDir, 'admin_accounts_list.png'), fullPage: true });
    // Tab from the top of the page to the invitation's e-mail field, type, pick the role by keyboard, submit with Enter.
    await p.keyboard.press('Tab');
    for (let i = 0; i < 10 && await p.evaluate(() => document.activeElement?.id) !== 'invite-email'; i++) await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement.id), 'invite-email');
    await p.keyboard.type('kadiatou@baro.ml');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement.id), 'invite-role');
    await p.keyboard.press('Tab');
    await Promise.all([p.waitForSelector('#one-time-password'), p.keyboard.press('Enter')]);
    const shown = await p.textContent('#one-time-password');
    assert.match(shown, /\S{10,}/);
    await p.screenshot({ path: path.join(outputDir, 'admin_accounts_invited.png'), fullPage: true });
    const a = await accountOf('kadiatou@baro.ml');
    assert.deepEqual([a.role, a.state], ['moderator', 'invited']);
    // Shown once: the list shows it no more.
    await p.goto(`${server.base}/mod/admin/accounts?lang=fr`);
    assert.equal(await p.$('#one-time-password'), null);
  } finally {
    await browser.close();
  }
});
