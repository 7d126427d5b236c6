// The moderator's console, complete (issue 11): confirm and change themes (one and bulk), remove a
// tag, unpublish/reopen/archive, undo the last decision, assign unrouted messages, the new filters —
// the role matrix and CSRF on every new write route, audit entries, and the same actions by keyboard
// only in Chromium, in Bambara, with screenshots.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { bin, createDatabase, startServer, sql, launchBrowser, outputDir, addModerator } from './harness.mjs';

let db;
let server;
let browser;
const accounts = {};

async function login(email, password) {
  const r = await fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base },
    body: new URLSearchParams({ email, password, code: '' }).toString(),
  });
  assert.equal(r.status, 303, `login of ${email}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const me = await (await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).json();
  return { cookie, csrf: me.csrf };
}
const call = (who, method, p, body) => fetch(`${server.base}${p}`, {
  method,
  headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const json = async (r) => ({ status: r.status, body: await r.json() });
async function contribute(text) {
  const r = await fetch(`${server.base}/api/v1/consultations/matransition/contributions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  assert.equal(r.status, 201);
  return (await r.json()).id;
}
function unrouted(text) {
  return Number(sql(db.url, `insert into contribution (channel, external_id, display_text, raw, region) values ('sms', '${randomBytes(6).toString('hex')}', '${text}', '${text}', 'Mopti') returning id`)[0][0]);
}
const row = (id, cols) => sql(db.url, `select ${cols} from contribution where id = ${id}`)[0];
const themeCount = (key) => Number(sql(db.url, `select coalesce(sum(n), 0) from published_count p join consultation c on c.id = p.consultation_id where c.slug = 'matransition' and dimension = 'theme' and key = '${key}'`)[0][0]);
const version = async (who, id) => (await json(await call(who, 'POST', `/api/v1/mod/contributions/${id}/open`))).body.version;

before(async () => {
  db = createDatabase('console');
  server = await startServer(db.url);
  browser = await launchBrowser();
  for (const [k, email, role] of [['admin', 'awa@baro.ml', 'admin'], ['mod', 'moussa@baro.ml', 'moderator'], ['analyst', 'fanta@baro.ml', 'analyst']]) {
    accounts[k] = { email, password: await addModerator(server.base, db.url, email, role) };
    accounts[k].session = await login(email, accounts[k].password);
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
  db?.drop();
});

test('every new write route: 401 without a session, 403 for an analyst, 403 without the CSRF token', async () => {
  const id = await contribute('Les écoles de Mopti doivent rouvrir.');
  const routes = [
    [`/api/v1/mod/contributions/${id}/edit`, { themes: ['education'] }],
    [`/api/v1/mod/contributions/${id}/undo`, {}],
    [`/api/v1/mod/contributions/${id}/assign`, { consultation: 'matransition' }],
    ['/api/v1/mod/bulk', { ids: [id], themes: ['education'] }],
    ['/api/v1/mod/bulk', { ids: [id], consultation: 'matransition' }],
  ];
  for (const [p, body] of routes) {
    assert.equal((await fetch(`${server.base}${p}`, { method: 'POST', body: JSON.stringify(body) })).status, 401, p);
    assert.equal((await call(accounts.analyst.session, 'POST', p, body)).status, 403, `analyst ${p}`);
    assert.equal((await call({ ...accounts.mod.session, csrf: '' }, 'POST', p, body)).status, 403, `no csrf ${p}`);
  }
  assert.deepEqual(row(id, 'themes_confirmed, consultation_id is not null'), ['f', 't']);
});

test('confirming themes, one and bulk, moves the public counts from suggested to confirmed; a foreign theme is 422', async () => {
  const m = accounts.mod.session;
  const a = await contribute('La sécurité à Gao : les routes sont dangereuses.');
  const b = await contribute('La sécurité à Kidal : il faut des patrouilles.');
  for (const id of [a, b]) assert.equal((await call(m, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish', version: await version(m, id) })).status, 200);
  const [suggested] = row(a, 'suggested_themes');
  assert.match(suggested, /securite/);
  const before = themeCount('securite');
  const bad = await json(await call(m, 'POST', `/api/v1/mod/contributions/${a}/edit`, { themes: ['nope'], version: await version(m, a) }));
  assert.equal(bad.status, 422);
  assert.equal(bad.body.field, 'themes');
  const stale = await json(await call(m, 'POST', `/api/v1/mod/contributions/${a}/edit`, { themes: ['justice'], version: 1 }));
  assert.equal(stale.status, 409);
  assert.equal(stale.body.field, 'version');
  assert.equal((await call(m, 'POST', '/api/v1/mod/bulk', { ids: [a, b], themes: ['justice'] })).status, 200);
  assert.equal(themeCount('securite'), before - 2);
  assert.equal(themeCount('justice'), 2);
  const list = await json(await call(m, 'GET', '/api/v1/mod/contributions?status=published&theme_state=confirmed&theme=justice'));
  assert.deepEqual(list.body.items.map((i) => i.id).sort(), [a, b].sort());
  assert.equal(list.body.items[0].themes_confirmed, true);
  const wrong = await json(await call(m, 'GET', '/api/v1/mod/contributions?theme_state=maybe'));
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.field, 'theme_state');
  // Undo puts the suggested themes back in the counts.
  assert.equal((await call(m, 'POST', `/api/v1/mod/contributions/${a}/undo`, {})).status, 200);
  assert.equal(themeCount('justice'), 1);
  assert.equal(themeCount('securite'), before - 1);
});

test('unpublish removes it from the public page and counts; undo publishes it again; a second undo is 409', async () => {
  const m = accounts.mod.session;
  const id = await contribute('Bamako : les élections doivent être transparentes, vraiment.');
  assert.equal((await call(m, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish', version: await version(m, id) })).status, 200);
  const publicIds = async () => (await (await fetch(`${server.base}/api/v1/consultations/matransition/contributions?limit=100`)).json()).items.map((c) => c.id);
  assert.ok((await publicIds()).includes(id));
  const total = () => Number(sql(db.url, "select n from published_count p join consultation c on c.id = p.consultation_id where c.slug = 'matransition' and dimension = 'total'")[0][0]);
  const n = total();
  assert.equal((await call(m, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'unpublish', version: await version(m, id) })).status, 200);
  assert.ok(!(await publicIds()).includes(id));
  assert.equal(total(), n - 1);
  // Someone else cannot undo it; its author can.
  assert.equal((await json(await call(accounts.admin.session, 'POST', `/api/v1/mod/contributions/${id}/undo`, {}))).body.field, 'undo');
  const undone = await json(await call(m, 'POST', `/api/v1/mod/contributions/${id}/undo`, {}));
  assert.equal(undone.status, 200);
  assert.equal(undone.body.status, 'published');
  assert.equal(total(), n);
  const again = await json(await call(m, 'POST', `/api/v1/mod/contributions/${id}/undo`, {}));
  assert.equal(again.status, 409);
  assert.equal(again.body.field, 'undo');
  // Reopen and archive through the same machinery.
  assert.equal((await call(m, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'unpublish', version: await version(m, id) })).status, 200);
  assert.equal((await call(m, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'reopen', version: await version(m, id) })).status, 200);
  assert.equal((await call(m, 'POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'archive', version: await version(m, id) })).status, 200);
  assert.equal(row(id, 'status')[0], 'archived');
  const actions = sql(db.url, `select action from audit_event where subject = 'contribution:${id}' order by id`).map((r) => r[0]);
  assert.deepEqual(actions, ['publish', 'unpublish', 'undo', 'unpublish', 'reopen', 'archive']);
});

test('unrouted messages are assigned one and in bulk, with the target lexicon\'s themes; filters find them', async () => {
  const m = accounts.mod.session;
  const one = unrouted('Lakana ka sabati Mopti kɔnɔ');
  const two = unrouted('Lakɔliw ka da wuli');
  const three = unrouted('Dɔgɔtɔrɔso ka caya');
  const inbox = await json(await call(m, 'GET', '/api/v1/mod/contributions?consultation=none&region=Mopti&channel=sms'));
  assert.deepEqual(inbox.body.items.map((i) => i.id).sort(), [one, two, three].sort());
  const today = new Date().toISOString().slice(0, 10);
  const dated = await json(await call(m, 'GET', `/api/v1/mod/contributions?consultation=none&from=${today}`));
  assert.equal(dated.body.items.length, 3);
  const unknown = await json(await call(m, 'POST', `/api/v1/mod/contributions/${one}/assign`, { consultation: 'nowhere' }));
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.field, 'consultation');
  assert.equal((await call(m, 'POST', `/api/v1/mod/contributions/${one}/assign`, { consultation: 'matransition', version: await version(m, one) })).status, 200);
  assert.deepEqual(row(one, "c.slug, suggested_themes from contribution x join consultation c on c.id = x.consultation_id where x.id = " + one + " --"), ['matransition', '{securite}']);
  const bulk = await json(await call(m, 'POST', '/api/v1/mod/bulk', { ids: [two, three, one], consultation: 'matransition' }));
  assert.equal(bulk.status, 200);
  assert.equal(bulk.body.changed.length, 2);
  assert.equal(bulk.body.refused.length, 1);   // one was already assigned
  assert.equal(sql(db.url, `select count(*) from audit_event where action = 'assign'`)[0][0], '3');
  assert.equal(sql(db.url, `select count(*) from audit_event where action = 'bulk_assign'`)[0][0], '1');
  const suggestedOnly = await json(await call(m, 'GET', '/api/v1/mod/contributions?consultation=matransition&theme_state=suggested&region=Mopti'));
  assert.equal(suggestedOnly.body.items.length, 3);
});

test('in Chromium, in Bambara, by keyboard only: help, confirm and change themes, remove a tag, assign, archive, undo', async () => {
  const m = accounts.mod.session;
  const id = await contribute('Sariya ka kɛ bɛɛ ye kelen ye, Ségou kɔnɔ.');
  await call(m, 'POST', `/api/v1/mod/contributions/${id}/edit`, { add_tags: ['a-relire'] });
  const inboxed = unrouted('Lakana tɛ yen Douentza');
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const answers = [];
  page.on('dialog', (d) => d.accept(answers.shift() ?? undefined));
  await page.goto(`${server.base}/mod`);
  await page.fill('#email', accounts.mod.email);
  await page.fill('#password', accounts.mod.password);
  await Promise.all([page.waitForURL(/\/mod\?/), page.keyboard.press('Enter')]);
  await page.goto(`${server.base}/mod?lang=bm`);
  await page.waitForSelector('#queue li');
  await page.locator('#queue').focus();
  await page.keyboard.press('?');
  await page.waitForSelector('#help[open]');
  assert.match(await page.textContent('#help'), /desizɔn laban segin/);
  await page.screenshot({ path: path.join(outputDir, 'console-help-bm.png') });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('help').open);

  const openById = async (target) => {
    await page.locator('#f-q').focus();
    await page.keyboard.press('Escape');
    await page.locator('#queue').focus();
    for (let i = 0; i < 50; i++) {
      const cur = await page.getAttribute('#queue li.current', 'data-id');
      if (cur === String(target)) break;
      await page.keyboard.press('j');
    }
    await page.keyboard.press('o');
    await page.waitForFunction((t) => document.getElementById('detail').dataset.id === String(t), target);
  };
  await page.selectOption('#f-status', 'new');
  await page.waitForSelector(`#queue li[data-id="${id}"]`);
  await openById(id);
  // c: confirm the themes shown.
  await page.keyboard.press('c');
  await page.waitForFunction((t) => document.querySelector(`#queue li[data-id="${t}"] .theme-state`)?.textContent === 'sɛmɛntiyalen', id);
  assert.equal(row(id, 'themes_confirmed')[0], 't');
  // T: change them to justice; -: remove the tag.
  answers.push('justice');
  await page.keyboard.press('Shift+T');
  await page.waitForFunction((t) => /justice/.test(document.querySelector(`#queue li[data-id="${t}"] .themes`)?.textContent ?? ''), id);
  assert.equal(row(id, 'themes')[0], '{justice}');
  answers.push('a-relire');
  await page.keyboard.press('-');
  await page.waitForFunction((t) => !/a-relire/.test(document.querySelector(`#queue li[data-id="${t}"] .themes`)?.textContent ?? 'a-relire'), id);
  assert.equal(row(id, 'tags')[0], '{}');
  await page.screenshot({ path: path.join(outputDir, 'console-themes-bm.png') });
  // a archives it, u undoes that.
  await page.keyboard.press('a');
  await page.waitForFunction(() => !!document.querySelector('#queue li[data-status=archived]'));
  assert.equal(row(id, 'status')[0], 'archived');
  await page.keyboard.press('u');
  await page.waitForFunction((t) => document.querySelector(`#queue li[data-id="${t}"]`)?.dataset.status === 'new', id);
  assert.equal(row(id, 'status')[0], 'new');
  await page.screenshot({ path: path.join(outputDir, 'console-undo-bm.png') });
  // g assigns the unrouted message, found with the inbox filter.
  await page.selectOption('#f-consultation', 'none');
  await page.waitForSelector(`#queue li[data-id="${inboxed}"]`);
  await openById(inboxed);
  answers.push('matransition');
  await page.keyboard.press('g');
  await page.waitForFunction((t) => !document.querySelector(`#queue li[data-id="${t}"]`), inboxed);
  assert.equal(sql(db.url, `select c.slug from contribution x join consultation c on c.id = x.consultation_id where x.id = ${inboxed}`)[0][0], 'matransition');
  await page.screenshot({ path: path.join(outputDir, 'console-assign-bm.png') });
  await context.close();
});

test('a list that fails to load says why above the list and keeps the rows shown; the next good load clears it', async () => {
  const id = await contribute('Les routes de Kayes sont coupées depuis la saison des pluies.');
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/mod`);
  await page.fill('#email', accounts.mod.email);
  await page.fill('#password', accounts.mod.password);
  await Promise.all([page.waitForURL(/\/mod\?/), page.keyboard.press('Enter')]);
  await page.waitForSelector(`#queue li[data-id="${id}"]`);
  assert.equal(await page.isHidden('#list-error'), true);
  // A consultation renamed since the page was loaded: the console still offers the old name, and the
  // server answers 422 for it.
  await page.evaluate(() => document.getElementById('f-consultation').append(new Option('ancien-nom', 'ancien-nom')));
  await page.selectOption('#f-consultation', 'ancien-nom');
  await page.waitForSelector('#list-error:not([hidden])');
  const shown = await page.textContent('#list-error');
  assert.match(shown, /La liste n’a pas pu être chargée/);
  assert.match(shown, /ancien-nom/);
  assert.equal(await page.getAttribute('#list-error', 'role'), 'alert');
  assert.ok(await page.isVisible(`#queue li[data-id="${id}"]`), 'the rows shown before stay');
  await page.screenshot({ path: path.join(outputDir, 'console-list-failed-fr.png') });
  await page.selectOption('#f-consultation', 'matransition');
  await page.waitForSelector('#list-error[hidden]', { state: 'attached' });
  await page.waitForSelector(`#queue li[data-id="${id}"]`);
  await context.close();
});

test('every action is in the audit log, named on the transparency page, and the chain verifies', async () => {
  const page = await (await fetch(`${server.base}/c/matransition/transparence?lang=fr`)).text();
  for (const label of ['Annuler une décision', 'Attribuer à la consultation', 'Confirmer ou changer les thèmes']) assert.ok(page.includes(label), label);
  const actions = new Set(sql(db.url, 'select distinct action from audit_event').map((r) => r[0]));
  for (const a of ['edit', 'bulk_edit', 'undo', 'assign', 'bulk_assign', 'unpublish', 'reopen', 'archive']) assert.ok(actions.has(a), a);
  const env = { ...process.env, BARO_DATABASE_URL: db.url };
  assert.match(execFileSync(bin, ['audit', 'verify'], { env, encoding: 'utf8' }), /intact/);
});
