// Keyboard-only use of the organiser's workspace (issue 11): in Chromium, with Tab, Shift+Tab, Space,
// Enter and the console's keys — never a mouse click — an admin creates a consultation, adds themes,
// edits a theme's lexicon in its disclosure, retires a theme and opens the consultation; a moderator
// confirms a theme, removes a tag, publishes, unpublishes, undoes, and assigns an unrouted message.
// Every focused control shows a visible focus ring. Screenshots: tests/e2e/output/keyboard-*.png.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDatabase, startServer, sql, launchBrowser, outputDir, addModerator, postForm } from './harness.mjs';

let db;
let server;
let browser;
const shot = (page, step) => page.screenshot({ path: path.join(outputDir, `keyboard-${step}.png`), fullPage: true });

async function until(what, check, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Presses Tab until the focused element matches `selector`, and checks that its focus is visible.
async function tabTo(page, selector, max = 200) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
      const ring = await page.evaluate(() => {
        const st = getComputedStyle(document.activeElement);
        return { style: st.outlineStyle, width: parseFloat(st.outlineWidth) };
      });
      assert.ok(ring.style !== 'none' && ring.width >= 2, `${selector}: focus visible (${JSON.stringify(ring)})`);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}
async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}
async function logIn(page, email, password, lang) {
  await page.goto(`${server.base}/mod/login?lang=${lang}`);
  await typeInto(page, '#email', email);
  await typeInto(page, '#password', password);
  await Promise.all([page.waitForURL(/\/mod\?lang=/), page.keyboard.press('Enter')]);
}

before(async () => {
  db = createDatabase('keyboard');
  server = await startServer(db.url);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  db?.drop();
});

test('an admin sets up a consultation with the keyboard only: create, themes, lexicon edit, retire, open', async () => {
  const email = 'clavier-admin@baro.ml';
  const password = await addModerator(server.base, db.url, email, 'admin');
  const page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })).newPage();
  await logIn(page, email, password, 'fr');
  await tabTo(page, '#admin-link');  // the console's way in to the workspace
  await Promise.all([page.waitForURL(/\/mod\/admin\?lang=fr$/), page.keyboard.press('Enter')]);
  await tabTo(page, 'main a[href^="/mod/admin/consultations"]');
  await Promise.all([page.waitForURL(/\/mod\/admin\/consultations\?lang=fr$/), page.keyboard.press('Enter')]);

  await typeInto(page, '#slug', 'clavier');
  await typeInto(page, '#title_fr', 'Au clavier');
  await typeInto(page, '#title_bm', 'Butɔniw fɛ');
  await tabTo(page, 'input[name=channels][value=ussd]');
  await page.keyboard.press('Space');  // untick USSD
  await typeInto(page, '#sms_keyword', 'KB');
  await shot(page, '01-new-consultation');
  await tabTo(page, 'form[action^="/mod/admin/consultations?"] button[type=submit]');
  await Promise.all([page.waitForURL(/\/mod\/admin\/consultations\/clavier\?lang=fr$/), page.keyboard.press('Enter')]);
  assert.deepEqual(sql(db.url, "select array_to_string(channels, ','), sms_keyword, status from consultation where slug = 'clavier'")[0],
    ['web,sms,whatsapp,messenger,telegram', 'KB', 'draft']);

  for (const [slug, label, keywords] of [['eau', 'Eau', ['eau', 'forage']], ['ecole', 'École', ['école']]]) {
    await typeInto(page, '#theme_slug', slug);
    await typeInto(page, '#label_fr', label);
    await tabTo(page, '#keywords_fr');
    for (const [i, k] of keywords.entries()) {
      if (i) await page.keyboard.press('Enter');  // one keyword per line
      await page.keyboard.type(k);
    }
    await tabTo(page, 'form[action*="/themes?"] button[type=submit]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector(`#theme-${slug}`);
  }
  await shot(page, '02-themes');

  // The theme's disclosure opens with Enter; its lexicon is edited and saved; the version goes up.
  const before = Number(sql(db.url, "select version from consultation where slug = 'clavier'")[0][0]);
  await tabTo(page, '#theme-eau summary');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#theme-eau details[open]');
  await tabTo(page, '#theme-eau-keywords_fr');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('robinet');
  await shot(page, '03-lexicon-edit');
  await tabTo(page, '#theme-eau form[action*="/themes/eau?"] button[type=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.deepEqual(sql(db.url, "select array_to_string(t.keywords_fr, ','), c.version from theme t join consultation c on c.id = t.consultation_id where c.slug = 'clavier' and t.slug = 'eau'")[0],
    ['eau,forage,robinet', String(before + 1)]);

  // Retire École from its disclosure.
  await tabTo(page, '#theme-ecole summary');
  await page.keyboard.press('Enter');
  await tabTo(page, '#theme-ecole form[action*="/retire?"] button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('#theme-ecole'), /retiré/);

  // Open it.
  await tabTo(page, 'form.status button[value=open]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.textContent('#phase'), 'Ouverte');
  await shot(page, '04-open');

  // Shift+Tab walks back through the same controls: nothing traps the focus.
  await page.keyboard.press('Shift+Tab');
  assert.ok(await page.evaluate(() => document.activeElement !== document.body));

  // A lexicon save from a page read before another change is refused (409) and says so.
  // Meanwhile the same admin, in another tab, adds a theme (through the API): this page is now stale.
  const login = await fetch(`${server.base}/mod/login`, { method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base }, body: new URLSearchParams({ email, password }).toString() });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf } = await (await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).json();
  const other = await fetch(`${server.base}/api/v1/admin/consultations/clavier/themes`, { method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, origin: server.base, 'content-type': 'application/json' },
    body: JSON.stringify({ slug: 'sante', label: { fr: 'Santé' } }) });
  assert.equal(other.status, 200);
  await tabTo(page, '#theme-eau summary');
  await page.keyboard.press('Enter');
  await tabTo(page, '#theme-eau-label_bm');
  await page.keyboard.type('Ji');
  await tabTo(page, '#theme-eau form[action*="/themes/eau?"] button[type=submit]');
  const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
  assert.equal(refused.status(), 409);
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /Conflit/);
  await shot(page, '05-conflict');
  assert.equal(sql(db.url, "select coalesce(label->>'bm', 'none') from theme t join consultation c on c.id = t.consultation_id where c.slug = 'clavier' and t.slug = 'eau'")[0][0], 'none');
});

test('a moderator uses the console\'s new actions with the keyboard only: confirm, remove tag, unpublish, undo, assign', async () => {
  const email = 'clavier-mod@baro.ml';
  const password = await addModerator(server.base, db.url, email, 'moderator');
  assert.equal((await postForm(server.base, 'clavier', { text: 'Le forage du quartier est en panne, pas d\'eau.' })).status, 303);
  const id = Number(sql(db.url, "select x.id from contribution x join consultation c on c.id = x.consultation_id where c.slug = 'clavier'")[0][0]);
  const unrouted = Number(sql(db.url, `insert into contribution (channel, external_id, display_text, raw) values ('sms', '${randomBytes(6).toString('hex')}', 'Ji tɛ yen', 'Ji tɛ yen') returning id`)[0][0]);
  const row = () => sql(db.url, `select status, themes_confirmed, array_to_string(themes, ','), array_to_string(tags, ',') from contribution where id = ${id}`)[0];

  const page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } })).newPage();
  const answers = [];
  page.on('dialog', (d) => d.accept(answers.shift() ?? undefined));
  await logIn(page, email, password, 'fr');
  assert.equal(await page.$('#admin-link'), null, 'the workspace link is for admins');
  await page.selectOption('#f-consultation', 'clavier');
  // The list under the filter holds only this row; the first list (every consultation) holds it too,
  // with the unrouted message above it: wait for the filtered one, or `o` may open the unrouted one.
  await page.waitForFunction((t) => {
    const rows = document.querySelectorAll('#queue li');
    return rows.length === 1 && rows[0].dataset.id === String(t);
  }, id);
  await page.locator('#queue').focus();
  await page.keyboard.press('o');
  await page.waitForFunction((t) => document.getElementById('detail').dataset.id === String(t), id);

  // t then c: the tag is a new version, which the pane reads back before the confirmation.
  answers.push('a-relire');
  await page.keyboard.press('t');
  await until('the tag', () => row()[3] === 'a-relire');
  await page.keyboard.press('c');
  await until('the confirmed theme', () => row()[1] === 't');
  assert.equal(row()[2], 'eau');
  answers.push('a-relire');
  await page.keyboard.press('-');
  await until('the tag removed', () => row()[3] === '');
  await shot(page, '06-console-confirmed');
  await page.keyboard.press('p');
  await until('published', () => row()[0] === 'published');
  await page.keyboard.press('Shift+U');
  await until('unpublished', () => row()[0] === 'unpublished');
  await shot(page, '07-console-unpublished');
  await page.keyboard.press('u');
  await until('the unpublish undone', () => row()[0] === 'published');
  await shot(page, '08-console-undone');

  await page.selectOption('#f-consultation', 'none');
  await page.waitForSelector(`#queue li[data-id="${unrouted}"]`);
  await page.locator('#queue').focus();
  for (let i = 0; i < 20 && await page.getAttribute('#queue li.current', 'data-id') !== String(unrouted); i++) await page.keyboard.press('j');
  await page.keyboard.press('o');
  await page.waitForFunction((t) => document.getElementById('detail').dataset.id === String(t), unrouted);
  answers.push('clavier');
  await page.keyboard.press('g');
  await until('the assignment', () => sql(db.url, `select c.slug from contribution x join consultation c on c.id = x.consultation_id where x.id = ${unrouted}`)[0]?.[0] === 'clavier');
  await shot(page, '09-console-assigned');
  const actions = sql(db.url, `select action from audit_event where actor = '${email}' and subject in ('contribution:${id}', 'contribution:${unrouted}') order by id`).map((r) => r[0]);
  assert.deepEqual(actions, ['edit', 'edit', 'edit', 'publish', 'unpublish', 'undo', 'assign']);
});
