// A citizen fills the form in real Chromium, in French and in Bambara, with and without JavaScript.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createDatabase, startServer, sql, launchBrowser, outputDir } from './harness.mjs';

let db;
let server;
let browser;

before(async () => {
  db = createDatabase('webform');
  server = await startServer(db.url);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  db?.drop();
});

async function submit(lang, text, region, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${server.base}/c/matransition?lang=${lang}`);
  await page.fill('#text', text);
  await page.selectOption('#region', region);
  await page.screenshot({ path: path.join(outputDir, `form-${lang}.png`), fullPage: true });
  await Promise.all([page.waitForURL(/\/merci/), page.click('button[type=submit]')]);
  const heading = await page.textContent('h1');
  await page.screenshot({ path: path.join(outputDir, `thanks-${lang}.png`) });
  // Nothing overflows a 360 px phone.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await context.close();
  return { heading, width };
}

test('a citizen submits the form in French and sees the thank-you page', async () => {
  const text = 'Je veux des élections libres et la sécurité à Mopti.';
  const { heading, width } = await submit('fr', text, 'mopti');
  assert.equal(heading, 'Merci !');
  assert.ok(width <= 360);
  assert.deepEqual(sql(db.url, `select display_text, region, language from contribution where raw = '${text}'`),
                   [[text, 'mopti', 'fr']]);
});

test('a citizen submits in Bambara with JavaScript off and every letter is stored intact', async () => {
  const text = 'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ. Ŋaniya ka ɲi! ߒ ߓߊ߯ ߞߊ߲ߕߊ';
  const { heading } = await submit('bm', text, 'bamako', false);
  assert.equal(heading, 'I ni ce!');
  const rows = sql(db.url, "select display_text, encode(convert_to(display_text, 'UTF8'), 'hex'), region from contribution where region = 'bamako'");
  assert.equal(rows.length, 1);
  assert.equal(rows[0][0], text.normalize('NFC'));
  assert.equal(rows[0][1], Buffer.from(text.normalize('NFC'), 'utf8').toString('hex'));
});

test('a Bambara submission is stored as Bambara, with its search key and the themes it speaks of', async () => {
  // Security (lakana, kɛlɛ), education (lakɔli, karamɔgɔ) and health (dɔgɔtɔrɔ) in the seeded lexicons.
  const text = 'Lakana ka sabati, kɛlɛ ka ban. Lakɔliw ka wuli kokura, karamɔgɔw ni dɔgɔtɔrɔw ka sara.';
  const { heading } = await submit('bm', text, 'segou');
  assert.equal(heading, 'I ni ce!');
  const rows = sql(db.url, "select language, script, search_key, array_to_string(suggested_themes, ',') " +
                           "from contribution where region = 'segou'");
  assert.deepEqual(rows, [['bm', 'Latn',
    'lakana ka sabati, kele ka ban. lakoliw ka wuli kokura, karamogow ni dogotorow ka sara.',
    'securite,education,sante']]);
});

test('an empty submission shows the message next to the field and keeps the region', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.base}/c/matransition`);
  await page.fill('#text', '   ');
  await page.selectOption('#region', 'gao');
  // The browser's own `required` check passes on spaces; the server answers 422.
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(response.status(), 422);
  assert.match(await page.textContent('#text-error'), /Écrivez votre message/);
  assert.equal(await page.inputValue('#region'), 'gao');
  await page.screenshot({ path: path.join(outputDir, 'form-error.png'), fullPage: true });
  await context.close();
});
