// Account security against the real server (issue #16, items 7–10): one TOTP code raced by eight
// parallel logins, forty parallel wrong passwords against the throttle, a moderator logging in from
// their own address while an attacker elsewhere hammers their account, what failed logins leave in
// the audit, the forced change of a one-time password (in Chromium without JavaScript), and
// `baro user add --reset` with e-mails in any case. Client addresses come from X-Forwarded-For
// (127.0.0.1 is a trusted proxy here), so each test plays its own addresses.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { bin, createDatabase, startServer, sql, launchBrowser, addModerator, totp } from './harness.mjs';

let db;
let server;
let browser;


function login(email, password, address, code = '') {
  return fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base, 'x-forwarded-for': address },
    body: new URLSearchParams({ email, password, code }).toString(),
  });
}
const cookieOf = (r) => (r.headers.get('set-cookie') ?? '').split(';')[0];
const statuses = (responses) => responses.map((r) => r.status).sort().join(',');
const tally = (responses, status) => responses.filter((r) => r.status === status).length;
const userAdd = (args) => execFileSync(bin, ['user', 'add', ...args], { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8' });

before(async () => {
  db = createDatabase('accounts');
  server = await startServer(db.url, { BARO_TRUSTED_PROXIES: '127.0.0.1' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  db?.drop();
});

test('eight parallel logins with one valid TOTP code open exactly one session', async () => {
  const email = 'totp@baro.ml';
  const password = await addModerator(server.base, db.url, email, 'moderator');
  const secret = 'JBSWY3DPEHPK3PXP';
  sql(db.url, `update moderator set totp_secret = '${secret}', totp_confirmed = true where email = '${email}'`);
  const sessions = () => Number(sql(db.url, `select count(*) from moderator_session s join moderator m on m.id = s.moderator_id where m.email = '${email}'`)[0][0]);
  const before = sessions();
  // Not in the last seconds of a step: the eight must carry a code the server still takes.
  while (Date.now() / 1000 % 30 > 20) await new Promise((r) => setTimeout(r, 200));
  const code = totp(secret);
  const results = await Promise.all([...Array(8).keys()].map((i) => login(email, password, `10.1.0.${i}`, code)));
  assert.equal(tally(results, 303), 1, statuses(results));
  assert.equal(tally(results, 401), 7, statuses(results));
  assert.equal(sessions() - before, 1);
});

test('forty parallel wrong passwords from one address are checked exactly five times', async () => {
  const email = 'brute@baro.ml';
  const password = await addModerator(server.base, db.url, email, 'moderator');
  const results = await Promise.all([...Array(40).keys()].map((i) => login(email, `guess-${i}`, '10.2.0.1')));
  assert.equal(tally(results, 401), 5, statuses(results));
  assert.equal(tally(results, 429), 35, statuses(results));
  assert.equal(sql(db.url, `select count(*) from audit_event where action = 'login_failed' and actor = '${email}'`)[0][0], '5');
  assert.ok(Number((await login(email, password, '10.2.0.1')).headers.get('retry-after')) > 0);
});

test('an attacker throttling an account from thirty addresses does not stop its owner logging in from theirs', async () => {
  const email = 'victim@baro.ml';
  const password = await addModerator(server.base, db.url, email, 'admin');
  assert.equal((await login(email, password, '10.3.0.1')).status, 303);   // the owner's usual address
  const guesses = await Promise.all([...Array(30).keys()].map((i) => login(email, 'guess', `10.4.0.${i}`)));
  assert.equal(tally(guesses, 401), 10, statuses(guesses));
  assert.equal(tally(guesses, 429), 20, statuses(guesses));
  // From an address the account never used, even the right password waits; from the owner's, it works.
  assert.equal((await login(email, password, '10.5.0.1')).status, 429);
  assert.equal((await login(email, password, '10.3.0.1')).status, 303);
});

test('a failed login is audited with a keyed tag, never the typed text, and throttled attempts are not audited', async () => {
  const typed = `Mon mot de passe secret 2024 ${'x'.repeat(7000)}`;   // typed in the e-mail field
  const before = Number(sql(db.url, 'select coalesce(max(id), 0) from audit_event')[0][0]);
  for (let i = 0; i < 5; i++) assert.equal((await login(typed, 'x', '10.6.0.1')).status, 401);
  for (let i = 0; i < 5; i++) assert.equal((await login(typed, 'x', '10.6.0.1')).status, 429);
  const rows = sql(db.url, `select actor, action, coalesce(subject, ''), detail::text from audit_event where id > ${before} order by id`);
  assert.equal(rows.length, 5);
  for (const [actor, action, subject, detail] of rows) {
    assert.deepEqual([actor, action, subject], ['unknown', 'login_failed', '']);
    const d = JSON.parse(detail);
    assert.deepEqual(Object.keys(d).sort(), ['identifier', 'reason']);
    assert.match(d.identifier, /^[0-9a-f]{16}$/);
  }
  assert.equal(sql(db.url, "select count(*) from audit_event where detail::text ilike '%secret%' or actor ilike '%secret%'")[0][0], '0');
  assert.equal(sql(db.url, 'select sum(refused) from login_throttle where key like \'address:10.6.0.1\'')[0][0], '5');
});

test('in Chromium without JavaScript: a one-time password must be changed before anything else', async () => {
  const email = 'fatou@baro.ml';
  const oneTime = userAdd(['--email', email, '--role', 'moderator']).match(/one-time password: (\S+)/)[1];
  const first = await login(email, oneTime, '10.7.0.1');
  assert.equal(first.status, 303);
  const cookie = cookieOf(first);
  const api = await fetch(`${server.base}/api/v1/mod/contributions`, { headers: { cookie } });
  assert.equal(api.status, 403);
  assert.equal((await api.json()).reason, 'password_change_required');
  const console = await fetch(`${server.base}/mod?lang=en`, { redirect: 'manual', headers: { cookie } });
  assert.equal(console.status, 303);
  assert.equal(console.headers.get('location'), '/mod/password?lang=en');

  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/mod/login?lang=bm`);
  await page.fill('#email', email.toUpperCase());
  await page.fill('#password', oneTime);
  await Promise.all([page.waitForURL(/\/mod\/password\?lang=bm/), page.click('button[type=submit]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'bm');
  assert.match(await page.textContent('h1'), /gundo daɲɛ sugandi/);
  await page.fill('#current', oneTime);
  await page.fill('#new', 'kalata ka kɛ ka ɲɛ 2026');
  await page.fill('#repeat', 'kalata ka kɛ ka ɲɛ 2025');
  await page.click('button[type=submit]');
  await page.waitForSelector('.error');
  assert.match(await page.textContent('.error'), /tɛ kelen ye/);
  await page.fill('#current', oneTime);
  await page.fill('#new', 'kalata ka kɛ ka ɲɛ 2026');
  await page.fill('#repeat', 'kalata ka kɛ ka ɲɛ 2026');
  await Promise.all([page.waitForURL(/\/mod\?lang=bm/), page.click('button[type=submit]')]);
  const browserCookie = (await context.cookies()).find((c) => /baro_session/.test(c.name));
  await context.close();
  // The new password works from then on; the session that changed it goes on, the other one ended.
  const ok = await fetch(`${server.base}/api/v1/mod/contributions`, { headers: { cookie: `${browserCookie.name}=${browserCookie.value}` } });
  assert.equal(ok.status, 200);
  assert.equal((await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).status, 401);
  assert.equal((await login(email, 'kalata ka kɛ ka ɲɛ 2026', '10.7.0.1')).status, 303);
  assert.equal(sql(db.url, `select count(*) from audit_event where action = 'password_changed' and actor = '${email}'`)[0][0], '1');
});

test('baro user add --reset ends the sessions, prints the stored role and forces a change; e-mails match in any case', async () => {
  const password = await addModerator(server.base, db.url, 'Reset@Baro.ML', 'analyst');
  const loggedIn = await login('  RESET@baro.ml ', password, '10.8.0.1');
  assert.equal(loggedIn.status, 303);
  const cookie = cookieOf(loggedIn);
  assert.equal((await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).status, 200);

  let taken;
  try { userAdd(['--email', 'reset@baro.ml', '--role', 'admin']); } catch (e) { taken = e; }
  assert.equal(taken?.status, 3);

  const out = userAdd(['--email', 'reset@BARO.ml', '--reset', '--reset-totp']);
  assert.match(out, /^account: reset@baro\.ml \(analyst\)\n/);
  assert.match(out, /^sessions ended: [1-9]\d*$/m);
  assert.equal((await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).status, 401);
  assert.equal((await login('reset@baro.ml', password, '10.8.0.1')).status, 401);
  const fresh = await login('reset@baro.ml', out.match(/one-time password: (\S+)/)[1], '10.8.0.1');
  assert.equal(fresh.status, 303);
  const refused = await fetch(`${server.base}/api/v1/mod/audit`, { headers: { cookie: cookieOf(fresh) } });
  assert.equal(refused.status, 403);
  assert.equal((await refused.json()).reason, 'password_change_required');
});
