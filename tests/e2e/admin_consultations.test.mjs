// The organiser's workspace (issue 11, part A) against the real server: the role matrix and CSRF
// of every /api/v1/admin and /mod/admin route, two admins' concurrent saves (409), the lifecycle by
// hand and by the clock (a closes_at a few seconds ahead, waited for as a condition), the closed
// form page, a signed Twilio SMS to a closed consultation kept unrouted with the closed reply,
// themes created, relabelled, merged and retired, the HTML forms without JavaScript, and the audit chain.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { bin, createDatabase, startServer, sql, addModerator } from './harness.mjs';

const twilioToken = '12345678901234567890123456789012';
let db;
let server;
let secretsFile;
const who = {};

async function signIn(email, role) {
  const password = await addModerator(server.base, db.url, email, role);
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

async function until(what, check, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const bamako = (ms) => new Date(ms).toISOString().slice(0, 19);  // Africa/Bamako is UTC+0

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
  db = createDatabase('admin');
  secretsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baro-secrets-')), 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify({ pepper: randomBytes(32).toString('hex'), twilio: { auth_token: twilioToken } }), { mode: 0o600 });
  server = await startServer(db.url, { BARO_SECRETS_FILE: secretsFile });
  who.admin = await signIn('admin@baro.ml', 'admin');
  who.admin2 = await signIn('admin2@baro.ml', 'admin');
  who.moderator = await signIn('mod@baro.ml', 'moderator');
  who.analyst = await signIn('analyst@baro.ml', 'analyst');
});
after(async () => {
  await server?.stop();
  db?.drop();
  if (secretsFile) fs.rmSync(path.dirname(secretsFile), { recursive: true, force: true });
});

const draft = (slug, extra = {}) => ({ slug, title: { fr: `Titre ${slug}`, bm: `Kunkanko ${slug}`, en: `Title ${slug}` }, ...extra });

test('every admin route: anonymous 401 (pages: to the login form), analyst and moderator 403, no CSRF 403, admin ok', async () => {
  const created = await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('matrix'));
  assert.equal(created.status, 200, await created.clone().text());
  await api(who.admin, 'POST', '/api/v1/admin/consultations/matrix/themes', { slug: 'eau', label: { fr: 'Eau' } });
  await api(who.admin, 'POST', '/api/v1/admin/consultations/matrix/themes', { slug: 'sante', label: { fr: 'Santé' } });
  const routes = [
    ['GET', '/api/v1/admin/consultations'],
    ['GET', '/api/v1/admin/consultations/matrix'],
    ['POST', '/api/v1/admin/consultations', draft('matrix-new')],
    ['POST', '/api/v1/admin/consultations/matrix', { ...draft('matrix'), version: 1 }],
    ['POST', '/api/v1/admin/consultations/matrix/status', { status: 'open' }],
    ['POST', '/api/v1/admin/consultations/matrix/themes', { slug: 'ecole', label: { fr: 'École' } }],
    ['POST', '/api/v1/admin/consultations/matrix/themes/eau', { label: { fr: 'Eau potable' } }],
    ['POST', '/api/v1/admin/consultations/matrix/themes/eau/merge', { into: 'sante' }],
    ['POST', '/api/v1/admin/consultations/matrix/themes/eau/retire', {}],
    ['GET', '/api/v1/admin/consultations/matrix/reindex'],
    ['POST', '/api/v1/admin/consultations/matrix/reindex', {}],
  ];
  for (const [method, p, body] of routes) {
    assert.equal((await api(null, method, p, body)).status, 401, `${method} ${p} anonymous`);
    for (const role of ['analyst', 'moderator'])
      assert.equal((await api(who[role], method, p, body)).status, 403, `${method} ${p} ${role}`);
    if (method === 'POST') {
      assert.equal((await api(who.admin, method, p, body, { csrf: false })).status, 403, `${method} ${p} without CSRF`);
      const foreign = await fetch(`${server.base}${p}`, { method, headers: { 'content-type': 'application/json', cookie: who.admin.cookie, 'x-csrf-token': who.admin.csrf, origin: 'https://evil.example' }, body: JSON.stringify(body) });
      assert.equal(foreign.status, 403, `${method} ${p} cross-origin`);
    }
  }
  assert.equal(sql(db.url, "select count(*) from consultation where slug = 'matrix-new'")[0][0], '0');
  assert.equal(sql(db.url, "select count(*) from theme where slug = 'ecole'")[0][0], '0');
  assert.equal((await api(who.admin, 'GET', '/api/v1/admin/consultations')).status, 200);
  const pages = [['GET', '/mod/admin'], ['GET', '/mod/admin/consultations'], ['GET', '/mod/admin/consultations/matrix'],
    ['POST', '/mod/admin/consultations', { slug: 'p' }], ['POST', '/mod/admin/consultations/matrix', { slug: 'matrix' }],
    ['POST', '/mod/admin/consultations/matrix/status', { status: 'open' }], ['POST', '/mod/admin/consultations/matrix/themes', { slug: 'x' }],
    ['POST', '/mod/admin/consultations/matrix/reindex', {}],
    ['POST', '/mod/admin/consultations/matrix/themes/eau', { label_fr: 'Eau', keywords_fr: 'eau', version: '1' }],
    ['POST', '/mod/admin/consultations/matrix/themes/eau/merge', { into: 'sante', version: '1' }],
    ['POST', '/mod/admin/consultations/matrix/themes/eau/retire', { version: '1' }]];
  for (const [method, p, fields] of pages) {
    const anon = await page(null, method, p, fields);
    assert.ok([303, 401].includes(anon.status), `${method} ${p} anonymous: ${anon.status}`);
    if (method === 'GET') assert.match(anon.headers.get('location'), /\/mod\/login/);
    for (const role of ['analyst', 'moderator'])
      assert.equal((await page(who[role], method, p, fields && { ...fields, csrf: who[role].csrf })).status, 403, `${method} ${p} ${role}`);
    if (method === 'POST') assert.equal((await page(who.admin, method, p, fields)).status, 403, `${method} ${p} without CSRF`);
    else assert.equal((await page(who.admin, method, p)).status, 200, `${method} ${p} admin`);
  }
  assert.equal((await page(who.admin, 'GET', '/mod/admin')).headers.get('cache-control'), 'no-store');
});

test('bad fields are refused with their name; a theme slug in use cannot be reused; one default for unrouted', async () => {
  const bad = async (body, field) => {
    const r = await api(who.admin, 'POST', '/api/v1/admin/consultations', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal((await r.json()).field, field);
  };
  await bad(draft('Bad Slug'), 'slug');
  await bad({ slug: 'no-title' }, 'title.fr');
  await bad(draft('bad-time', { opens_at: '2026-02-30T10:00' }), 'opens_at');
  await bad(draft('bad-order', { opens_at: '2026-12-10T10:00', closes_at: '2026-12-01T10:00' }), 'closes_at');
  await bad(draft('bad-recipient', { recipients: ['facebook:page:abc'] }), 'recipients');
  await bad(draft('bad-channel', { channels: ['pigeon'] }), 'channels');
  await bad(draft('bad-keyword', { sms_keyword: 'two words' }), 'sms_keyword');
  const ok = await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('routes', {
    recipients: ['+22370000001', '*384*7#', 'facebook:page:123', 'facebook:post:123_456', 'instagram:account:9', 'x:account:7', 'x:hashtag:Mali'],
    default_unrouted: true, opens_at: '2026-12-01T08:00', closes_at: '2027-01-01T00:00' }));
  assert.equal(ok.status, 200);
  const c = await ok.json();
  assert.equal(c.status, 'draft');
  assert.equal(c.opens_at, '2026-12-01T08:00');
  assert.equal(c.time_zone, 'Africa/Bamako');
  assert.equal(sql(db.url, "select extract(epoch from opens_at)::bigint from consultation where slug = 'routes'")[0][0], String(Date.UTC(2026, 11, 1, 8) / 1000));
  const second = await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('routes-2', { default_unrouted: true }));
  assert.equal(second.status, 409);
  assert.equal((await second.json()).field, 'default_unrouted');
  const dup = await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('routes'));
  assert.equal(dup.status, 409);
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/routes/themes', { slug: 'eau', label: { fr: 'Eau' } })).status, 200);
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/routes/themes/eau/retire', {})).status, 200);
  const reuse = await api(who.admin, 'POST', '/api/v1/admin/consultations/routes/themes', { slug: 'eau', label: { fr: 'Autre chose' } });
  assert.equal(reuse.status, 409);
  assert.equal((await reuse.json()).field, 'slug');
});

test('two admins edit one consultation: the later save is refused with 409 and the field, in the API and the form', async () => {
  await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('race'));
  const [a, b] = await Promise.all([who.admin, who.admin2].map(async (as) => (await api(as, 'GET', '/api/v1/admin/consultations/race')).json()));
  assert.equal(a.version, b.version);
  const first = await api(who.admin, 'POST', '/api/v1/admin/consultations/race', { ...draft('race'), title: { fr: 'Premier' }, version: a.version });
  assert.equal(first.status, 200);
  const later = await api(who.admin2, 'POST', '/api/v1/admin/consultations/race', { ...draft('race'), title: { fr: 'Second' }, version: b.version });
  assert.equal(later.status, 409);
  assert.equal((await later.json()).field, 'version');
  assert.equal(sql(db.url, "select title->>'fr' from consultation where slug = 'race'")[0][0], 'Premier');
  const form = await page(who.admin2, 'POST', '/mod/admin/consultations/race', {
    csrf: who.admin2.csrf, version: String(b.version), slug: 'race', title_fr: 'Second par le formulaire', checkboxes_sent: '1', channels_sent: '1', channels: 'web' });
  assert.equal(form.status, 409);
  const html = await form.text();
  assert.match(html, /role="alert"/);
  assert.match(html, /Conflit/);
  assert.match(html, /Second par le formulaire/);  // what was typed is shown back, not lost
});

test('a lexicon edit is a change of the consultation: it bumps the version, and the later of two conflicting edits is 409', async () => {
  await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('lexicon'));
  const created = await (await api(who.admin, 'POST', '/api/v1/admin/consultations/lexicon/themes', { slug: 'eau', label: { fr: 'Eau' }, keywords_fr: ['eau'] })).json();
  const read = await (await api(who.admin, 'GET', '/api/v1/admin/consultations/lexicon')).json();
  assert.equal(read.version, created.version);
  assert.equal(read.version, 2, 'creating the theme bumped it');
  const edit = (as, keywords, version) => api(as, 'POST', '/api/v1/admin/consultations/lexicon/themes/eau', { label: { fr: 'Eau' }, keywords_fr: keywords, version });
  // Two admins opened the same version: the first lexicon edit lands and bumps it; the second is refused.
  const first = await edit(who.admin, ['eau', 'forage'], read.version);
  assert.equal(first.status, 200);
  assert.equal((await first.json()).version, read.version + 1);
  const later = await edit(who.admin2, ['eau', 'puits'], read.version);
  assert.equal(later.status, 409);
  assert.equal((await later.json()).field, 'version');
  // A consultation save made on the reading before the lexicon edit is refused too, and the other way round.
  const save = await api(who.admin2, 'POST', '/api/v1/admin/consultations/lexicon', { ...draft('lexicon'), version: read.version });
  assert.equal(save.status, 409);
  assert.deepEqual(sql(db.url, "select array_to_string(keywords_fr, ',') from theme t join consultation c on c.id = t.consultation_id where c.slug = 'lexicon'")[0], ['eau,forage']);
  const saved = await api(who.admin2, 'POST', '/api/v1/admin/consultations/lexicon', { ...draft('lexicon'), version: read.version + 1 });
  assert.equal(saved.status, 200);
  assert.equal((await edit(who.admin, ['eau'], read.version + 1)).status, 409);
  // The version must be named; retire and merge check it when named, and bump it.
  const unnamed = await edit(who.admin, ['eau'], undefined);
  assert.equal(unnamed.status, 422);
  assert.equal((await unnamed.json()).field, 'version');
  await api(who.admin, 'POST', '/api/v1/admin/consultations/lexicon/themes', { slug: 'puits', label: { fr: 'Puits' } });
  const now = (await (await api(who.admin, 'GET', '/api/v1/admin/consultations/lexicon')).json()).version;
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/lexicon/themes/puits/merge', { into: 'eau', version: now - 1 })).status, 409);
  const merged = await api(who.admin, 'POST', '/api/v1/admin/consultations/lexicon/themes/puits/merge', { into: 'eau', version: now });
  assert.equal(merged.status, 200);
  assert.equal((await merged.json()).version, now + 1);
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/lexicon/themes/eau/retire', { version: now })).status, 409);
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/lexicon/themes/eau/retire', { version: 'x' })).status, 422);
  assert.equal(sql(db.url, "select count(*) from audit_event where subject = 'theme:lexicon/eau' and action = 'theme_update'")[0][0], '1');
});

test('a consultation closes by the clock without a restart: closed form page, 410 on post, public pages stay', async () => {
  const closes = Date.now() + 4000;
  const r = await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('clock', { closes_at: bamako(closes), channels: ['web'] }));
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await fetch(`${server.base}/c/clock`)).status, 404);  // a draft is invisible
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/clock/status', { status: 'open' })).status, 200);
  const form = await fetch(`${server.base}/c/clock?lang=fr`);
  assert.equal(form.status, 200);
  assert.match(await form.text(), /<textarea/);
  await until('the closing time', async () => {
    const p = await fetch(`${server.base}/c/clock?lang=bm`);
    return p.status === 200 && /resultats/.test(await p.text());
  });
  const closed = await (await fetch(`${server.base}/c/clock?lang=bm`)).text();
  assert.match(closed, /datugura/);
  assert.match(closed, /href="\/c\/clock\/resultats\?lang=bm"/);
  const post = await fetch(`${server.base}/c/clock?lang=en`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hello' });
  assert.equal(post.status, 410);
  assert.match(await post.text(), /This consultation is closed/);
  assert.equal(sql(db.url, "select count(*) from contribution c join consultation k on k.id = c.consultation_id where k.slug = 'clock'")[0][0], '0');
  assert.equal((await fetch(`${server.base}/c/clock/resultats`)).status, 200);
  const state = await (await api(who.admin, 'GET', '/api/v1/admin/consultations/clock')).json();
  assert.equal(state.phase, 'closed');
  // Archived: read-only in the admin, public pages stay.
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/clock/status', { status: 'archived' })).status, 200);
  const edit = await api(who.admin, 'POST', '/api/v1/admin/consultations/clock', { ...draft('clock'), version: state.version + 1 });
  assert.equal(edit.status, 409);
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/clock/status', { status: 'open' })).status, 409);
  assert.equal((await fetch(`${server.base}/c/clock/resultats`)).status, 200);
});

test('a signed Twilio SMS to a closed consultation stays in the unrouted inbox, flagged, with the closed reply', async () => {
  await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('sms-closed', { recipients: ['+22370000077'], sms_keyword: 'FINI' }));
  await api(who.admin, 'POST', '/api/v1/admin/consultations/sms-closed/status', { status: 'open' });
  await api(who.admin, 'POST', '/api/v1/admin/consultations/sms-closed/status', { status: 'closed' });
  const sid = 'SM77777777777777777777777777777777';
  const r = await twilio({ MessageSid: sid, SmsSid: sid, AccountSid: 'AC0', From: '+22376000077', To: '+22370000077', Body: 'An bɛ hɔrɔnya fɛ, ɲɔgɔn dɛmɛ', NumMedia: '0' });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /<Message>Ɲininkali nin datugura/);
  const row = sql(db.url, `select coalesce(consultation_id::text, 'null'), array_to_string(flags, ',') from contribution where external_id = 'twilio:${sid}'`);
  assert.equal(row[0][0], 'null');
  assert.match(row[0][1], /closed:sms-closed/);
});

test('a consultation that does not ask for the region: the form shows no region question and ignores one sent anyway', async () => {
  await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('no-region', { channels: ['web'], questions: { region: false } }));
  await api(who.admin, 'POST', '/api/v1/admin/consultations/no-region/status', { status: 'open' });
  const form = await (await fetch(`${server.base}/c/no-region`)).text();
  assert.doesNotMatch(form, /name="region"/);
  assert.match(form, /name="text"/);
  const post = await fetch(`${server.base}/c/no-region`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'region=kayes&text=' + encodeURIComponent('Il faut des routes entre Kayes et Bamako.') });
  assert.equal(post.status, 303);
  assert.deepEqual(sql(db.url, "select coalesce(c.region, 'none') from contribution c join consultation k on k.id = c.consultation_id where k.slug = 'no-region'"), [['none']]);
  await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('with-region', { channels: ['web'] }));
  await api(who.admin, 'POST', '/api/v1/admin/consultations/with-region/status', { status: 'open' });
  assert.match(await (await fetch(`${server.base}/c/with-region`)).text(), /<select id="region" name="region">/);
});

test('media retention: 90 days by default, set in the API and the form, audited; out of range is refused with its field', async () => {
  const created = await (await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('retention'))).json();
  assert.equal(created.media_retention_days, 90);
  const bad = await api(who.admin, 'POST', '/api/v1/admin/consultations/retention', { ...draft('retention'), media_retention_days: 0, version: created.version });
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).field, 'media_retention_days');
  const set = await api(who.admin, 'POST', '/api/v1/admin/consultations/retention', { ...draft('retention'), media_retention_days: 30, version: created.version });
  assert.equal(set.status, 200);
  const saved = await set.json();
  assert.equal(saved.media_retention_days, 30);
  assert.match(await (await page(who.admin, 'GET', '/mod/admin/consultations/retention?lang=fr')).text(), /name="media_retention_days" value="30"/);
  const form = await page(who.admin, 'POST', '/mod/admin/consultations/retention', { csrf: who.admin.csrf, version: String(saved.version), slug: 'retention',
    title_fr: 'Titre retention', checkboxes_sent: '1', ask_region: 'on', channels_sent: '1', channels: 'web', media_retention_days: '14' });
  assert.equal(form.status, 303);
  assert.equal(sql(db.url, "select media_retention_days from consultation where slug = 'retention'")[0][0], '14');
  assert.deepEqual(sql(db.url, "select detail->>'media_retention_days' from audit_event where action = 'consultation_update' and subject = 'consultation:retention' order by id"),
    [['30'], ['14']]);
});

test('themes: create, relabel, merge (contributions follow), retire (no longer offered); HTML forms work without JavaScript', async () => {
  const created = await page(who.admin, 'POST', '/mod/admin/consultations', {
    csrf: who.admin.csrf, slug: 'themes', title_fr: 'Thèmes', title_bm: 'Barokunw', title_en: 'Themes',
    opens_at: '2026-01-01T00:00', closes_at: '', checkboxes_sent: '1', ask_region: 'on', channels_sent: '1', channels: 'web' });
  assert.equal(created.status, 303);
  assert.equal(created.headers.get('location'), '/mod/admin/consultations/themes?lang=fr');
  for (const [slug, fr] of [['eau', 'Eau'], ['sante', 'Santé'], ['ecole', 'École']]) {
    const t = await page(who.admin, 'POST', '/mod/admin/consultations/themes/themes', { csrf: who.admin.csrf, slug, label_fr: fr, keywords_fr: `${slug}\n${fr}`, keywords_bm: '' });
    assert.equal(t.status, 303);
  }
  const open = await page(who.admin, 'POST', '/mod/admin/consultations/themes/status', { csrf: who.admin.csrf, status: 'open' });
  assert.equal(open.status, 303);
  const editPage = await (await page(who.admin, 'GET', '/mod/admin/consultations/themes?lang=en')).text();
  assert.match(editPage, /Open/);
  assert.match(editPage, /École/);
  const { version } = await (await api(who.admin, 'GET', '/api/v1/admin/consultations/themes')).json();
  const relabel = await api(who.admin, 'POST', '/api/v1/admin/consultations/themes/themes/eau', { label: { fr: 'Eau potable', bm: 'Ji', en: 'Drinking water' }, keywords_fr: ['eau', 'forage'], keywords_bm: ['ji'], version });
  assert.equal(relabel.status, 200);
  const id = sql(db.url, "select id from consultation where slug = 'themes'")[0][0];
  sql(db.url, `insert into contribution (consultation_id, channel, external_id, raw, display_text, search_key, status, themes, suggested_themes, published_at)
    values (${id}, 'web', 'themes:1', 'x', 'x', 'x', 'published', '{eau}', '{eau,sante}', now()), (${id}, 'web', 'themes:2', 'y', 'y', 'y', 'new', '{}', '{eau}', null)`);
  const merged = await api(who.admin, 'POST', '/api/v1/admin/consultations/themes/themes/eau/merge', { into: 'sante' });
  assert.equal(merged.status, 200, await merged.clone().text());
  assert.equal((await merged.json()).moved, 2);
  assert.deepEqual(sql(db.url, `select external_id, array_to_string(themes, ','), array_to_string(suggested_themes, ',') from contribution where consultation_id = ${id} order by external_id`),
    [['themes:1', 'sante', 'sante'], ['themes:2', '', 'sante']]);
  assert.equal(sql(db.url, `select n from published_count where consultation_id = ${id} and dimension = 'theme' and key = 'sante'`)[0]?.[0], '1');
  assert.equal(sql(db.url, `select count(*) from published_count where consultation_id = ${id} and dimension = 'theme' and key = 'eau' and n > 0`)[0][0], '0');
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/themes/themes/ecole/retire', {})).status, 200);
  // Retired themes are no longer offered in the console nor suggested to new contributions.
  await until('the catalog', async () => !/"ecole"/.test(await (await page(who.admin, 'GET', '/mod')).text()));
  const post = await fetch(`${server.base}/c/themes`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=' + encodeURIComponent("l'école et la santé") });
  assert.equal(post.status, 303);
  const suggested = sql(db.url, `select array_to_string(suggested_themes, ',') from contribution where consultation_id = ${id} and external_id not like 'themes:_'`)[0][0];
  assert.doesNotMatch(suggested, /ecole/);
});

test('the lexicon preview shows which of the latest contributions each keyword matches, in the API and as a plain form', async () => {
  await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('preview', { channels: ['web'] }));
  await api(who.admin, 'POST', '/api/v1/admin/consultations/preview/status', { status: 'open' });
  for (const text of ['Il faut des écoles à Kayes.', 'An mago bɛ ji la.', 'Les forages sont en panne, pas d\'eau.'])
    assert.equal((await fetch(`${server.base}/c/preview`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=' + encodeURIComponent(text) })).status, 303);
  const r = await api(who.admin, 'POST', '/api/v1/admin/consultations/preview/lexicon-preview', { keywords_fr: ['école', 'eau'], keywords_bm: ['ji'] });
  assert.equal(r.status, 200);
  const p = await r.json();
  assert.equal(p.sampled, 3);
  assert.deepEqual(p.keywords.map((k) => [k.keyword, k.language, k.matches]), [['école', 'fr', 1], ['eau', 'fr', 1], ['ji', 'bm', 1]]);
  assert.match(p.keywords[0].examples[0].text, /écoles/);
  assert.equal((await api(who.moderator, 'POST', '/api/v1/admin/consultations/preview/lexicon-preview', { keywords_fr: ['eau'] })).status, 403);
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/preview/lexicon-preview', { keywords_fr: ['eau'] }, { csrf: false })).status, 403);
  const form = await page(who.admin, 'POST', '/mod/admin/consultations/preview/lexicon-preview?lang=bm', { csrf: who.admin.csrf, keywords_fr: 'école\neau', keywords_bm: 'ji' });
  assert.equal(form.status, 200);
  const html = await form.text();
  assert.match(html, /Kumadenw lajɛ/);
  assert.match(html, /An mago bɛ ji la/);
  assert.equal((await page(who.analyst, 'POST', '/mod/admin/consultations/preview/lexicon-preview', { csrf: who.analyst.csrf, keywords_fr: 'eau' })).status, 403);
  assert.equal((await page(who.admin, 'POST', '/mod/admin/consultations/preview/lexicon-preview', { keywords_fr: 'eau' })).status, 403);
});

test('after a lexicon change an admin re-runs the suggestion on stored contributions in the background, and follows its progress', async () => {
  // The contributions above were stored before the theme existed: none is suggested "eau".
  const stored = () => sql(db.url, "select count(*) from contribution c join consultation k on k.id = c.consultation_id where k.slug = 'preview' and 'eau' = any(c.suggested_themes)")[0][0];
  assert.equal(stored(), '0');
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/preview/themes', { slug: 'eau', label: { fr: 'Eau', bm: 'Ji', en: 'Water' }, keywords_fr: ['eau', 'forage'], keywords_bm: ['ji'] })).status, 200);
  assert.equal((await api(who.moderator, 'POST', '/api/v1/admin/consultations/preview/reindex', {})).status, 403);
  assert.equal((await api(who.admin, 'POST', '/api/v1/admin/consultations/preview/reindex', {}, { csrf: false })).status, 403);
  assert.equal((await api(who.moderator, 'GET', '/api/v1/admin/consultations/preview/reindex')).status, 403);
  const started = await api(who.admin, 'POST', '/api/v1/admin/consultations/preview/reindex', {});
  assert.equal(started.status, 202);
  assert.match((await started.json()).state, /^(running|finished)$/);
  const done = await until('the re-run to finish', async () => {
    const p = await (await api(who.admin, 'GET', '/api/v1/admin/consultations/preview/reindex')).json();
    return p.state === 'finished' ? p : null;
  });
  assert.equal(done.done, 3);
  assert.equal(done.total, 3);
  assert.equal(stored(), '2', 'the forage and the ji contributions are now suggested "eau"');
  // The same from the consultation's page, as a plain form: the progress is on the page.
  const before = await (await page(who.admin, 'GET', '/mod/admin/consultations/preview?lang=fr')).text();
  assert.match(before, /Terminé : 3 \/ 3/);
  const again = await page(who.admin, 'POST', '/mod/admin/consultations/preview/reindex?lang=fr', { csrf: who.admin.csrf });
  assert.equal(again.status, 303);
  assert.match(again.headers.get('location'), /\/mod\/admin\/consultations\/preview\?lang=fr#reindex$/);
  await until('the page to say the second run finished', async () =>
    /Terminé : 3 \/ 3/.test(await (await page(who.admin, 'GET', '/mod/admin/consultations/preview?lang=fr')).text())
      && (await (await api(who.admin, 'GET', '/api/v1/admin/consultations/preview/reindex')).json()).state === 'finished');
  assert.equal(sql(db.url, "select count(*) from audit_event where action = 'consultation_reindex'")[0][0], '2');
  const draftOnly = await api(who.admin, 'POST', '/api/v1/admin/consultations', draft('never-opened'));
  assert.equal(draftOnly.status, 200);
  const refused = await api(who.admin, 'POST', '/api/v1/admin/consultations/never-opened/reindex', {});
  assert.equal(refused.status, 409);
  assert.equal((await refused.json()).field, 'status');
});

test('every admin action is in the audit log and baro audit verify passes', () => {
  const actions = sql(db.url, "select distinct action from audit_event where actor like 'admin%'").map((r) => r[0]);
  for (const a of ['consultation_create', 'consultation_update', 'consultation_open', 'consultation_closed', 'consultation_archived', 'theme_create', 'theme_update', 'theme_merge', 'theme_retire', 'consultation_reindex'])
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  assert.match(execFileSync(bin, ['audit', 'verify'], { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8' }), /intact/);
});
