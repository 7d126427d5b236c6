// The moderator console against the real server and PostgreSQL: access control (401/403/CSRF/429,
// no session fixation), claims between two moderators, and a whole triage session in Chromium with
// a TOTP second factor — filter Bambara, publish two, reject one with a reason, bulk-tag five, see
// the audit entries — while a contribution carrying HTML stays inert text.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { bin, createDatabase, startServer, sql, launchBrowser, outputDir, addModerator, totp, searchable } from './harness.mjs';

let db;
let server;
let browser;
const accounts = {};

const addUser = (email, role) => addModerator(server.base, db.url, email, role);

// RFC 6238 with node's own HMAC, independent of the server's implementation.

// Logs in over HTTP; returns the cookie and the CSRF token.
async function login(email, password, code = '') {
  const r = await fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base },
    body: new URLSearchParams({ email, password, code }).toString(),
  });
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  if (r.status !== 303) return { status: r.status, body: await r.text() };
  const me = await (await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).json();
  return { status: 303, cookie, csrf: me.csrf, setCookie: r.headers.get('set-cookie') };
}

const call = (who, method, p, body, extra = {}) => fetch(`${server.base}${p}`, {
  method,
  headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json', ...extra },
  body: body === undefined ? undefined : JSON.stringify(body),
});

function contribute(text) {
  return fetch(`${server.base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
}

// A French console in Chromium, logged in as the admin (no second factor set up for that account).
async function openConsoleAsAdmin() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/mod`);
  await page.fill('#email', accounts.admin.email);
  await page.fill('#password', accounts.admin.password);
  await Promise.all([page.waitForURL(/\/mod\?/), page.click('button[type=submit]')]);
  return { context, page };
}

before(async () => {
  db = createDatabase('mod');
  server = await startServer(db.url);
  browser = await launchBrowser();
  accounts.admin = { email: 'awa@baro.ml', password: await addUser('awa@baro.ml', 'admin') };
  accounts.mod = { email: 'moussa@baro.ml', password: await addUser('moussa@baro.ml', 'moderator') };
  accounts.analyst = { email: 'fanta@baro.ml', password: await addUser('fanta@baro.ml', 'analyst') };
  const texts = [
    'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.',
    'Lakana ka sabati Mopti mara kɔnɔ, kɛlɛ ka ban.',
    'Lakɔliw ka da wuli kokura, karamɔgɔw ka sara.',
    'Dɔgɔtɔrɔso ka caya dugukolo kan.',
    'Sariya ka kɛ bɛɛ ye kelen ye, jamana kɔnɔ.',
    'Jamanadenw ka kuma lamɛn, fanga ka baara kɛ.',
    'Je veux des élections libres et transparentes.',
    'Il faut rouvrir les écoles du Nord.',
    '<img src=x onerror=alert(1)> Nous voulons la paix <script>alert(2)</script>',
  ];
  for (const t of texts) assert.equal((await contribute(t)).status, 201);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  db?.drop();
});

test('without a session every console endpoint is 401, the console page sends to the login form', async () => {
  for (const [m, p] of [['GET', '/api/v1/mod/contributions'], ['GET', '/api/v1/mod/session'], ['GET', '/api/v1/mod/audit'],
    ['POST', '/api/v1/mod/contributions/1/decision'], ['POST', '/api/v1/mod/contributions/1/open'], ['POST', '/api/v1/mod/bulk']]) {
    const r = await fetch(`${server.base}${p}`, { method: m, body: m === 'POST' ? '{}' : undefined });
    assert.equal(r.status, 401, `${m} ${p}`);
  }
  const page = await fetch(`${server.base}/mod`, { redirect: 'manual' });
  assert.equal(page.status, 303);
  assert.match(page.headers.get('location'), /^\/mod\/login/);
  // Logging out of a session that already ended (a console left open) lands on the login form too.
  const logout = await fetch(`${server.base}/mod/logout`, { method: 'POST', redirect: 'manual', headers: { origin: server.base } });
  assert.equal(logout.status, 303);
  assert.match(logout.headers.get('location'), /^\/mod\/login/);
});

test('a wrong role is 403, a missing CSRF token is 403, a foreign Origin is 403', async () => {
  const analyst = await login(accounts.analyst.email, accounts.analyst.password);
  assert.equal(analyst.status, 303);
  const list = await call(analyst, 'GET', '/api/v1/mod/contributions?status=new');
  assert.equal(list.status, 200);
  const id = (await list.json()).items[0].id;
  assert.equal((await call(analyst, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish' })).status, 403);

  const mod = await login(accounts.mod.email, accounts.mod.password);
  const noCsrf = await call({ cookie: mod.cookie, csrf: '' }, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish' });
  assert.equal(noCsrf.status, 403);
  const wrongCsrf = await call({ cookie: mod.cookie, csrf: 'x'.repeat(64) }, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish' });
  assert.equal(wrongCsrf.status, 403);
  const foreign = await call(mod, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish' }, { origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal(sql(db.url, `select status from contribution where id = ${id}`)[0][0], 'new');
});

test('the session cookie is HttpOnly and SameSite=Strict, and a token planted before login is never adopted', async () => {
  const planted = 'a'.repeat(64);
  const r = await fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base, cookie: `__Host-baro_session=${planted}` },
    body: new URLSearchParams({ email: accounts.mod.email, password: accounts.mod.password }).toString(),
  });
  assert.equal(r.status, 303);
  const setCookie = r.headers.get('set-cookie');
  assert.match(setCookie, /^__Host-baro_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict; Secure/);
  assert.ok(!setCookie.includes(planted));
  const stale = await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie: `__Host-baro_session=${planted}` } });
  assert.equal(stale.status, 401);
});

test('a brute-forced login gets 429, and the answer never says whether the account exists', async () => {
  const unknown = await login('nobody@baro.ml', 'x');
  const wrong = await login(accounts.analyst.email, 'wrong');
  assert.equal(unknown.status, 401);
  assert.equal(wrong.status, 401);
  assert.equal(unknown.body.replace(/nobody@baro.ml/g, ''), wrong.body.replace(new RegExp(accounts.analyst.email, 'g'), ''));
  let last;
  for (let i = 0; i < 6; i++) last = await login(accounts.analyst.email, `wrong-${i}`);
  assert.equal(last.status, 429);
  // Even the right password waits out the throttle.
  assert.equal((await login(accounts.analyst.email, accounts.analyst.password)).status, 429);
  assert.ok(Number(sql(db.url, "select count(*) from audit_event where action = 'login_failed'")[0][0]) >= 6);
});

test('a second moderator is refused an item the first has claimed', async () => {
  const a = await login(accounts.admin.email, accounts.admin.password);
  const b = await login(accounts.mod.email, accounts.mod.password);
  const id = Number(sql(db.url, "select id from contribution where display_text like 'Il faut rouvrir%'")[0][0]);
  assert.equal((await call(a, 'POST', `/api/v1/mod/contributions/${id}/open`)).status, 200);
  const refused = await call(b, 'POST', `/api/v1/mod/contributions/${id}/open`);
  assert.equal(refused.status, 409);
  assert.match((await refused.json()).message, /awa@baro\.ml/);
  assert.equal((await call(b, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'spam' })).status, 409);
  assert.equal(sql(db.url, `select status from contribution where id = ${id}`)[0][0], 'new');
  // The claim holder decides, which releases the claim.
  const archived = await call(a, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'archive' });
  assert.equal(archived.status, 200);
  assert.deepEqual(sql(db.url, `select status, claimed_by is null from contribution where id = ${id}`), [['archived', 't']]);
});

test('in Chromium: log in with TOTP, filter Bambara, publish two, reject one, bulk-tag five, read the audit', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const alerts = [];
  page.on('dialog', async (d) => {
    if (d.type() === 'alert') { alerts.push(d.message()); return d.dismiss(); }
    if (d.type() === 'prompt') return d.accept('gouvernance');
    return d.accept();
  });
  // First login with the password alone, then enrol a second factor from the console.
  await page.goto(`${server.base}/mod`);
  await page.fill('#email', accounts.mod.email);
  await page.fill('#password', accounts.mod.password);
  await Promise.all([page.waitForURL(/\/mod\?/), page.click('button[type=submit]')]);
  await page.click('details.security summary');
  await page.click('#totp-begin');
  await page.waitForSelector('#totp-setup:not([hidden])');
  const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  assert.match(await page.textContent('#totp-uri'), /^otpauth:\/\/totp\//);
  await page.fill('#totp-code', totp(secret));
  await page.click('#totp-confirm');
  await page.waitForFunction(() => document.querySelector('#totp-codes li') || document.getElementById('totp-error').textContent);
  assert.equal(await page.textContent('#totp-error'), '', 'the enrolment code was refused');
  assert.equal(await page.locator('#totp-codes li').count(), 10);
  await Promise.all([page.waitForURL(/\/mod\/login/), page.click('header form button[type=submit]')]);

  // From now on the code is required.
  await page.fill('#email', accounts.mod.email);
  await page.fill('#password', accounts.mod.password);
  await page.click('button[type=submit]');
  assert.match(await page.textContent('.error'), /code/i);
  await page.fill('#password', accounts.mod.password);
  // Wait for a fresh 30 s step: the code used at enrolment cannot be replayed.
  const step = Math.floor(Date.now() / 30000);
  while (Math.floor(Date.now() / 30000) === step) await new Promise((r) => setTimeout(r, 250));
  await page.fill('#code', totp(secret));
  await Promise.all([page.waitForURL(/\/mod\?/), page.click('button[type=submit]')]);
  await page.waitForSelector('#queue li');

  // The hostile contribution is on screen as text and ran nothing.
  const hostile = page.locator('#queue li', { hasText: 'onerror' });
  assert.equal(await hostile.count(), 1);
  assert.equal(await page.locator('#queue img').count(), 0);
  assert.equal(await page.locator('#queue script').count(), 0);

  await page.selectOption('#f-language', 'bm');
  await page.waitForFunction(() => [...document.querySelectorAll('#queue li')].length === 6);
  await page.screenshot({ path: path.join(outputDir, 'moderation-queue.png') });
  await page.locator('#queue').focus();
  await page.keyboard.press('o');
  await page.waitForSelector('#detail blockquote');
  await page.screenshot({ path: path.join(outputDir, 'moderation-detail.png') });
  await page.keyboard.press('p');
  await page.waitForFunction(() => document.querySelector('#queue li[data-status=published]'));
  await page.keyboard.press('p');
  await page.waitForFunction(() => document.querySelectorAll('#queue li[data-status=published]').length === 2);
  await page.keyboard.press('r');
  await page.selectOption('#reason', 'off_topic');
  await page.click('#reason-ok');
  await page.waitForFunction(() => document.querySelector('#queue li[data-status=rejected]'));

  // Bulk: the five still new (three Bambara, two French), selected with x and tagged.
  await page.selectOption('#f-language', '');
  await page.selectOption('#f-status', 'new');
  // Failed here 3 times in ~19 runs on 2026-12-07 between 05:00 and 05:30 UTC, then 0 times in ~50
  // with these lines in place; the cause is not known. On a timeout, say what the console, the
  // database and the server showed.
  try { await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 5); } catch (e) {
    console.log('queue shown', JSON.stringify(await page.evaluate(() => [...document.querySelectorAll('#queue li')].map((li) => [li.dataset.status, li.textContent.slice(0, 80)]))));
    console.log('filters', await page.evaluate(() => location.href + ' ' + document.getElementById('f-status').value + ' ' + document.getElementById('f-language').value));
    console.log('rows', JSON.stringify(sql(db.url, "select c.id, c.status, c.language, g.group_id, left(c.display_text, 30) from contribution c left join contribution_group g on g.contribution_id = c.id order by c.id")));
    console.log('counts', await page.textContent('#counts'), 'detail', (await page.textContent('#detail')).slice(0, 200));
    console.log('server log', server.log().slice(-3000));
    throw e;
  }
  await page.locator('#queue').focus();
  assert.equal(await page.isHidden('#bulk'), true, 'no bulk bar while nothing is selected');
  for (let i = 0; i < 5; i++) { await page.keyboard.press('x'); await page.keyboard.press('j'); }
  await page.waitForFunction(() => document.getElementById('bulk-count').textContent === '5');
  assert.equal(await page.isVisible('#bulk'), true);
  await page.keyboard.press('t');
  await page.waitForFunction(() => [...document.querySelectorAll('#queue .tag')].length === 5);

  // The audit panel reloads after the tags appear; wait for it rather than read it mid-flight.
  await page.waitForFunction(() => /bulk_edit/.test(document.getElementById('audit').textContent));
  const audit = await page.textContent('#audit');
  assert.match(audit, /publish/);
  assert.match(audit, /reject contribution:\d+ off_topic/);
  assert.match(audit, /bulk_edit/);
  assert.deepEqual(alerts, []);
  await page.screenshot({ path: path.join(outputDir, 'moderation-after.png') });
  await context.close();

  assert.equal(sql(db.url, "select count(*) from contribution where status = 'published' and language = 'bm'")[0][0], '2');
  assert.deepEqual(sql(db.url, "select reject_reason from contribution where status = 'rejected'"), [['off_topic']]);
  assert.equal(sql(db.url, "select count(*) from contribution where 'gouvernance' = any(tags)")[0][0], '5');
  assert.equal(sql(db.url, "select count(*) from audit_event where action = 'publish' and actor = 'moussa@baro.ml'")[0][0], '2');
});

test('members of the wrong type are refused with 422, and the server stays up', async () => {
  const a = await login(accounts.admin.email, accounts.admin.password);
  const id = sql(db.url, "select id from contribution where status = 'new' order by id limit 1")[0][0];
  for (const body of [{ action: 5 }, { action: 'reject', reason: 7 }, { action: 'duplicate', duplicate_of: 'x' }, []]) {
    const r = await call(a, 'POST', `/api/v1/mod/contributions/${id}/decision`, body);
    assert.ok([400, 422].includes(r.status), `${JSON.stringify(body)} → ${r.status}`);
  }
  assert.equal((await call(a, 'POST', '/api/v1/mod/bulk', { ids: [Number(id)], confirm_count: 'x', action: 9 })).status, 422);
  assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
});

test('a bulk action on a filter applies only to the count it was shown', async () => {
  const a = await login(accounts.admin.email, accounts.admin.password);
  const ask = await call(a, 'POST', '/api/v1/mod/bulk', { filter: { status: 'new', language: 'fr' }, action: 'archive' });
  assert.equal(ask.status, 409);
  const { count } = await ask.json();
  assert.ok(count >= 1);
  const done = await call(a, 'POST', '/api/v1/mod/bulk', { filter: { status: 'new', language: 'fr' }, action: 'archive', confirm_count: count });
  assert.equal(done.status, 200);
  const result = await done.json();
  assert.equal(result.changed.length + result.refused.length, count);
});

test('in Chromium: a campaign and its near copy show once as a group of three and are published once; everything matching a search is archived after confirming the count', async () => {
  const campaign = 'Nous exigeons le retour des enseignants dans les villages du cercle de Douentza avant la rentrée scolaire.';
  for (const text of [campaign, campaign.toUpperCase(), `Merci. ${campaign.replace('.', ',')} Signé Awa`,
    'Route de Kidal : il faut la réparer.', 'Kidal a besoin d\'eau potable.']) {
    assert.equal((await contribute(text)).status, 201);
  }
  // The grouper places new contributions within about a second of their commit.
  const deadline = Date.now() + 15000;
  const groups = () => sql(db.url, "select count(distinct g.group_id), count(*) from contribution c join contribution_group g"
    + " on g.contribution_id = c.id where c.search_key like '%douentza%'")[0];
  while (groups()[1] !== '3' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(groups(), ['1', '3']);
  await searchable(db.url);

  const { context, page } = await openConsoleAsAdmin();
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); return d.accept(); });
  await page.fill('#f-q', 'douentza');
  await page.press('#f-q', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 3);
  await page.check('#f-collapse');
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 1);
  assert.match(await page.textContent('#queue li .group'), /×3/);
  await page.screenshot({ path: path.join(outputDir, 'moderation-group.png') });

  // P publishes the group shown in the detail pane: this one is published, the two others become its duplicates.
  await page.locator('#queue').focus();
  await page.keyboard.press('o');
  await page.waitForSelector('#detail blockquote');
  await page.keyboard.press('Shift+P');
  await page.waitForFunction(() => document.querySelector('#queue li[data-status=published]'));
  const published = sql(db.url, "select id from contribution where search_key like '%douentza%' and status = 'published'");
  assert.equal(published.length, 1);
  assert.deepEqual(sql(db.url, "select status, duplicate_of, count(*) from contribution where search_key like '%douentza%'"
    + " and status <> 'published' group by 1, 2"), [['duplicate', published[0][0], '2']]);
  // The public sees it once, sent by three citizens.
  const pub = await (await fetch(`${server.base}/api/v1/consultations/matransition/contributions?limit=100`)).json();
  assert.equal(pub.items.find((c) => String(c.id) === published[0][0])?.sent_by, 3);

  await page.uncheck('#f-collapse');
  await page.fill('#f-q', 'kidal');
  await page.press('#f-q', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 2);
  // Enter again on the same search lists what arrived since. The cursor leaves the top first, so that
  // the console's poll (which shows new arrivals only to a moderator at the top) cannot be what shows it.
  await page.locator('#queue').focus();
  await page.keyboard.press('j');
  await page.waitForSelector('#queue li.current:nth-child(2)');
  assert.equal((await contribute('Kidal : les écoles restent fermées.')).status, 201);
  await searchable(db.url);
  await page.press('#f-q', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 3);
  assert.equal(await page.getAttribute('#queue li.current', 'data-id'), await page.getAttribute('#queue li:first-child', 'data-id'));
  await page.selectOption('#all-action', 'archive');
  await page.click('#all-apply');
  await page.waitForFunction(() => /modifiées/.test(document.getElementById('matching-result').textContent));
  assert.deepEqual(dialogs, ['Appliquer à 3 contributions ?']);
  assert.match(await page.textContent('#matching-result'), /^3 modifiées, 0 refusées/);
  await context.close();
  assert.deepEqual(sql(db.url, "select status, count(*) from contribution where search_key like '%kidal%' group by status"), [['archived', '3']]);
});

// The duplicate grouper works under an advisory lock (store/duplicate_grouper.cpp, "barogrup"); a
// session holding it keeps every round waiting, so the test sees the lag for as long as it needs.
const grouperLock = BigInt('0x6261726f67727570').toString();

async function holdGrouper() {
  const holder = spawn('psql', [db.url, '-qAtX', '-v', 'ON_ERROR_STOP=1'],
    { stdio: ['pipe', 'ignore', 'inherit'], env: { ...process.env, PGAPPNAME: 'e2e-grouper-holder' } });
  holder.stdin.write(`select pg_advisory_lock(${grouperLock});\n`);
  const held = () => sql(db.url, "select count(*) from pg_locks l join pg_stat_activity a using (pid)"
    + " where l.locktype = 'advisory' and l.granted and a.application_name = 'e2e-grouper-holder'")[0][0] === '1';
  const deadline = Date.now() + 15000;
  while (!held()) {
    if (Date.now() > deadline) throw new Error('could not take the grouper\'s lock');
    await new Promise((r) => setTimeout(r, 25));
  }
  return { release: () => new Promise((resolve) => { holder.on('exit', resolve); holder.stdin.end(); }) };
}

test('in Chromium: a contribution the grouper has not placed yet shows ×…, and its group once placed, without a reload', async () => {
  const text = 'Les femmes de Ménaka demandent un centre de santé et une maternité avant la saison des pluies.';
  const grouper = await holdGrouper();
  let released = false;
  try {
    for (const t of [text, text.toUpperCase()]) assert.equal((await contribute(t)).status, 201);
    await searchable(db.url);
    assert.deepEqual(sql(db.url, "select count(*) from contribution c join contribution_group g on g.contribution_id = c.id"
      + " where c.search_key like '%menaka%'"), [['0']]);

    const { context, page } = await openConsoleAsAdmin();
    await page.fill('#f-q', 'ménaka');
    await page.press('#f-q', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 2);
    assert.deepEqual(await page.$$eval('#queue li .group', (els) => els.map((e) => [e.className, e.textContent, e.title])),
      [['group pending', '×…', 'regroupement des copies en cours'], ['group pending', '×…', 'regroupement des copies en cours']]);
    await page.screenshot({ path: path.join(outputDir, 'moderation-grouping.png') });

    await grouper.release();
    released = true;
    const deadline = Date.now() + 15000;
    const grouped = () => sql(db.url, "select count(distinct g.group_id), count(*) from contribution c join contribution_group g"
      + " on g.contribution_id = c.id where c.search_key like '%menaka%'")[0];
    while (grouped()[1] !== '2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(grouped(), ['1', '2']);
    // The console's poll (every 5 s) reloads a list that shows ×…: no reload by hand.
    await page.waitForFunction(() => [...document.querySelectorAll('#queue li .group')]
      .map((e) => `${e.className} ${e.textContent}`).join() === 'group ×2,group ×2');
    await context.close();
  } finally {
    if (!released) await grouper.release();
  }
});

test('the public transparency page counts decisions by outcome and reason and shows the chain head', async () => {
  const page = await (await fetch(`${server.base}/c/matransition/transparence?lang=fr`)).text();
  assert.match(page, /<th scope="row">Publier<\/th><td>3<\/td>/);
  assert.match(page, /<th scope="row">Hors sujet<\/th><td>1<\/td>/);
  const head = sql(db.url, 'select hash from audit_event order by id desc limit 1')[0][0];
  assert.ok(page.includes(head));
  assert.doesNotMatch(page, /moussa@baro\.ml|awa@baro\.ml/);   // decisions, not who took them
});

// --- issue #16 items 4 and 5, issue #10: decisions act on what was read; edits reach readers ----

const until = async (what, check, ms = 20000) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const queueItem = async (who, id, q) => {
  const list = await (await call(who, 'GET', `/api/v1/mod/contributions?q=${encodeURIComponent(q)}&limit=50`)).json();
  return list.items.find((i) => i.id === id);
};

async function consoleAs(account) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(`${server.base}/mod`);
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL(/\/mod\?/), page.click('button[type=submit]')]);
  return { context, page };
}

test('a decision on a contribution changed since it was read, or never opened, is refused with 409', async () => {
  const a = await login(accounts.admin.email, accounts.admin.password);
  const { id } = await (await contribute('Version Sikasso : le marché de Médine doit rouvrir.')).json();
  await searchable(db.url);
  // Never opened, no version named: refused, nothing changes.
  const blind = await call(a, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish' });
  assert.equal(blind.status, 409);
  assert.equal((await blind.json()).field, 'claim');
  const before = await queueItem(a, id, 'sikasso');
  assert.equal(before.version, 1);
  // Someone edits it after it was read: the version read is stale.
  assert.equal((await call(a, 'POST', `/api/v1/mod/contributions/${id}/edit`, { edited_text: 'Le marché doit rouvrir.' })).status, 200);
  const stale = await call(a, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish', version: before.version });
  assert.equal(stale.status, 409);
  const body = await stale.json();
  assert.equal(body.error, 'conflict');
  assert.equal(body.field, 'version');
  assert.match(body.message, /changed since you read it/);
  assert.equal(sql(db.url, `select status from contribution where id = ${id}`)[0][0], 'new');
  // A version of the wrong type is a 422, not a silent decision.
  assert.equal((await call(a, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish', version: 'x' })).status, 422);
  // The version now read is accepted.
  const now = await queueItem(a, id, 'sikasso');
  assert.ok(now.version > before.version);
  assert.equal((await call(a, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'archive', version: now.version })).status, 200);
  assert.equal(sql(db.url, `select status from contribution where id = ${id}`)[0][0], 'archived');
});

test('in Chromium: a contribution arriving between open and p is never published; p publishes the one shown', async () => {
  assert.equal((await contribute('Tombouctou : la route de Goundam est coupée depuis un mois.')).status, 201);
  await searchable(db.url);
  const { context, page } = await consoleAs(accounts.admin);
  await page.fill('#f-q', 'tombouctou');
  await page.press('#f-q', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 1);
  await page.locator('#queue').focus();
  await page.keyboard.press('o');
  await page.waitForSelector('#detail blockquote');
  const read = Number(await page.getAttribute('#detail', 'data-id'));
  assert.match(await page.textContent('#detail blockquote'), /Goundam/);
  // A new one arrives while the moderator reads; the console shows it by itself.
  const { id: arrived } = await (await contribute('Tombouctou : publiez ceci sans le lire.')).json();
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 2, null, { timeout: 30000 });
  await page.keyboard.press('p');
  await page.waitForFunction(() => document.querySelector('#queue li[data-status=published]'));
  const after = await page.getAttribute('#queue li.current', 'data-id');
  await context.close();
  assert.equal(sql(db.url, `select status from contribution where id = ${arrived}`)[0][0], 'new', 'the arrival was published unread');
  assert.equal(sql(db.url, `select status from contribution where id = ${read}`)[0][0], 'published');
  assert.notEqual(after, String(arrived), 'the cursor never jumped to the arrival');
});

test('in Chromium: a late queue response neither drops the selection nor overwrites a newer list', async () => {
  for (let i = 1; i <= 3; i++) assert.equal((await contribute(`Nioro du Sahel : il faut des puits, quartier ${i}.`)).status, 201);
  await searchable(db.url);
  const { context, page } = await consoleAs(accounts.admin);
  await page.fill('#f-q', 'nioro');
  await page.press('#f-q', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 3);
  // From now on every list answer (not the poll's one-line probe) is held until the test lets it go:
  // the slow link of a moderator in Mopti.
  const held = [];
  await page.route(/\/api\/v1\/mod\/contributions\?/, async (route) => {
    if (new URL(route.request().url()).searchParams.get('limit') === '1') return route.continue();
    const response = await route.fetch();
    await new Promise((release) => held.push({ url: route.request().url(), release }));
    await route.fulfill({ response }).catch(() => {});   // the console may have given up on it
  });
  const { id: arrived } = await (await contribute('Nioro du Sahel : le centre de santé manque de tout.')).json();
  await until('the poll to reload the list', () => held.length === 1);
  await page.locator('#queue').focus();
  for (const key of ['x', 'j', 'x', 'j', 'x']) await page.keyboard.press(key);
  const chosen = await page.$$eval('#queue li.selected', (li) => li.map((l) => l.dataset.id));
  const at = await page.getAttribute('#queue li.current', 'data-id');
  assert.equal(chosen.length, 3);
  while (held.length) held.shift().release();
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 4);
  assert.equal(await page.textContent('#bulk-count'), '3');
  assert.deepEqual(await page.$$eval('#queue li.selected', (li) => li.map((l) => l.dataset.id)), chosen);
  assert.equal(await page.getAttribute('#queue li.current', 'data-id'), at);
  assert.ok(await page.$(`#queue li[data-id="${arrived}"]`));

  // Two filters in a row: the first answer arrives last and must not replace the second's list.
  const settled = new Set();
  const settle = (r) => { if (/status=published/.test(r.url())) settled.add(r.url()); };
  page.on('requestfailed', settle);
  page.on('requestfinished', settle);
  await page.selectOption('#f-status', 'published');
  await until('the first filter request', () => held.length === 1);
  await page.selectOption('#f-status', 'new');
  await until('the second filter request', () => held.length === 2);
  held.find((h) => /status=new/.test(h.url)).release();
  await page.waitForFunction(() => document.querySelectorAll('#queue li').length === 4);
  held.find((h) => /status=published/.test(h.url)).release();
  await until('the older answer to arrive or be given up', () => settled.size === 1);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
  assert.equal(await page.locator('#queue li').count(), 4, 'the late answer of the older filter was dropped');
  await page.unroute(/\/api\/v1\/mod\/contributions\?/);
  await context.close();
});

test('in Chromium: block and erase a pseudonym from the pane; an erase that finds it already gone says so', async () => {
  const matransition = sql(db.url, "select id from consultation where slug = 'matransition'")[0][0];
  const fromSms = (key, text) => Number(sql(db.url, `insert into contribution (consultation_id, channel, external_id, sender_key, display_text, raw, search_key)
    values (${matransition}, 'sms', 'SM${key}${randomBytes(4).toString('hex')}', '${key}', '${text}', '${text}', lower('${text}')) returning id`)[0][0]);
  const keyA = `k${randomBytes(15).toString('hex')}`;
  const keyB = `k${randomBytes(15).toString('hex')}`;
  const a1 = fromSms(keyA, 'Nioro du Sahel : le forage est en panne.');
  fromSms(keyA, 'Nioro du Sahel : toujours pas d eau.');
  const b1 = fromSms(keyB, 'Nioro du Sahel : les enseignants ne sont pas payés.');
  await searchable(db.url);
  const { context, page } = await consoleAs(accounts.admin);
  const openOne = async (id) => {
    await page.fill('#f-q', 'nioro');
    await page.press('#f-q', 'Enter');
    await page.waitForSelector(`#queue li[data-id="${id}"]`);
    await page.click(`#queue li[data-id="${id}"]`);
    await page.waitForFunction((t) => document.getElementById('detail').dataset.id === String(t), id);
  };
  await openOne(a1);
  assert.match(await page.textContent('#detail'), /\(2\)/, 'the pane counts what the pseudonym sent');
  await page.click('#block-sender');
  await page.waitForFunction(() => /Pseudonyme bloqué/.test(document.getElementById('detail').textContent));
  assert.equal(await page.isHidden('#block-sender'), true);
  assert.equal(sql(db.url, `select count(*) from blocked_sender where sender_key = '${keyA}'`)[0][0], '1');
  await page.click('#erase-sender');
  await page.waitForFunction(() => /2 contributions de ce pseudonyme effacées/.test(document.getElementById('detail').textContent));
  assert.equal(await page.getAttribute('#detail', 'data-id'), null, 'nothing erased stays in the pane to act on');
  await page.waitForFunction((t) => !document.querySelector(`#queue li[data-id="${t}"]`), a1);
  assert.equal(sql(db.url, `select count(*) from contribution where sender_key = '${keyA}'`)[0][0], '0');
  // Another moderator erases B while this one reads B: the button's answer is shown, not swallowed.
  await openOne(b1);
  const other = await login('bintou@baro.ml', await addUser('bintou@baro.ml', 'moderator'));
  assert.equal((await call(other, 'POST', `/api/v1/mod/contributions/${b1}/erase-sender`)).status, 200);
  await page.click('#erase-sender');
  await page.waitForSelector('#detail .error[role=alert]');
  assert.match(await page.textContent('#detail .error'), /Cette contribution n’existe plus/);
  await page.waitForFunction((t) => !document.querySelector(`#queue li[data-id="${t}"]`), b1);
  assert.equal(await page.getAttribute('#detail', 'data-id'), null);
  await page.screenshot({ path: path.join(outputDir, 'console-erase-gone-fr.png') });
  await context.close();
  const actions = sql(db.url, "select action from audit_event where action in ('block_sender', 'erase_sender') order by id").map((r) => r[0]);
  assert.deepEqual(actions, ['block_sender', 'erase_sender', 'erase_sender']);
});

test('an edit of a published contribution reaches the summary, the embed and an open event stream within 2 s', async () => {
  const a = await login(accounts.admin.email, accounts.admin.password);
  const name = 'Bakary Diarrassouba';
  const { id } = await (await contribute(`Ségou : ${name} a détourné les vivres de la commune.`)).json();
  const opened = await (await call(a, 'POST', `/api/v1/mod/contributions/${id}/open`)).json();
  assert.equal((await call(a, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish', version: opened.version })).status, 200);
  const summary = async () => (await fetch(`${server.base}/api/v1/consultations/matransition/summary`)).text();
  const embed = async () => (await fetch(`${server.base}/embed/matransition?lang=fr`)).text();
  // The caches hold the name now.
  await until('the summary to show the published text', async () => (await summary()).includes(name));
  await until('the embed to show the published text', async () => (await embed()).includes(name));

  const controller = new AbortController();
  const stream = await fetch(`${server.base}/api/v1/consultations/matransition/events?lang=fr`, { signal: controller.signal });
  assert.equal(stream.status, 200);
  let received = '';
  const reader = stream.body.getReader();
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      received += Buffer.from(value).toString('utf8');
    }
  })();

  const edited = 'Ségou : [nom retiré] a détourné les vivres de la commune.';
  const t0 = Date.now();
  assert.equal((await call(a, 'POST', `/api/v1/mod/contributions/${id}/edit`, { edited_text: edited })).status, 200);
  const streamed = () => received.split('\n\n').some((f) => /^event: contribution/m.test(f) && f.includes('[nom retiré]'));
  const done = { stream: 0, summary: 0, embed: 0 };
  await until('the edit to reach every reader', async () => {
    if (!done.stream && streamed()) done.stream = Date.now() - t0;
    if (!done.summary) { const s = await summary(); if (!s.includes(name) && s.includes('[nom retiré]')) done.summary = Date.now() - t0; }
    if (!done.embed) { const e = await embed(); if (!e.includes(name) && e.includes('[nom retiré]')) done.embed = Date.now() - t0; }
    return done.stream && done.summary && done.embed;
  });
  controller.abort();
  await reading;
  console.log(`# edit reached the stream in ${done.stream} ms, the summary in ${done.summary} ms, the embed in ${done.embed} ms`);
  for (const [where, ms] of Object.entries(done)) assert.ok(ms <= 2000, `${where} took ${ms} ms`);
});

test('the audit chain verifies, and a tampered row is named by baro audit verify', () => {
  const env = { ...process.env, BARO_DATABASE_URL: db.url };
  assert.match(execFileSync(bin, ['audit', 'verify'], { env, encoding: 'utf8' }), /intact/);
  const id = sql(db.url, "select id from audit_event where action = 'publish' order by id limit 1")[0][0];
  sql(db.url, `update audit_event set action = 'reject' where id = ${id}`);
  let failed;
  try { execFileSync(bin, ['audit', 'verify'], { env, encoding: 'utf8', stdio: 'pipe' }); } catch (e) { failed = e; }
  assert.ok(failed, 'verify must fail');
  assert.equal(failed.status, 1);
  assert.match(String(failed.stdout) + String(failed.stderr), new RegExp(`entry ${id}`));
});
