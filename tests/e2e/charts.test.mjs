// Charts, map, report and share image (issue 14), with 0 and with 5,000 published contributions.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createDatabase, startServer, sql, launchBrowser } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let db, node, browser, cid;

before(async () => {
  db = createDatabase('charts');
  cid = sql(db.url, "select id from consultation where slug = 'matransition'")[0][0];
  node = await startServer(db.url);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await node?.stop();
  db?.drop();
});

async function waitForTotal(n) {
  for (;;) {
    const s = await (await fetch(`${node.base}/api/v1/consultations/matransition/summary`)).json();
    if (s.total === n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function noSeriousViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate(async () => await window.axe.run(document));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes[0]?.target}`), []);
}

async function widestOverflow(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1).map((e) => e.tagName);
  });
}

function pngSize(buf) {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(buf.subarray(12, 16).toString('latin1'), 'IHDR');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

async function checkPages(total) {
  for (const view of ['themes', 'map', 'time', 'language', 'channel']) {
    const r = await fetch(`${node.base}/embed/matransition?view=${view}&lang=fr`);
    assert.equal(r.status, 200);
    const body = await r.text();
    assert.ok(Buffer.byteLength(body) <= 20 * 1024, `${view}: ${Buffer.byteLength(body)} bytes`);
    assert.match(body, new RegExp(`data-chart="${view}"`));
    assert.match(body, /<table>/);
    if (total === 0) assert.match(body, /chart-empty/);
  }
  const page = await browser.newPage({ viewport: { width: 320, height: 640 }, bypassCSP: true })  // axe is injected inline;
  await page.goto(`${node.base}/c/matransition/resultats?lang=fr`);
  assert.equal(await page.locator('figure[data-chart]').count(), 5);
  assert.ok((await page.locator('figure[data-chart="map"] path[data-region]').count()) >= 8);
  assert.deepEqual(await widestOverflow(page), []);
  await noSeriousViolations(page);
  await page.goto(`${node.base}/embed/matransition?view=map`);
  await noSeriousViolations(page);
  await page.goto(`${node.base}/c/matransition/rapport?lang=fr`);
  await noSeriousViolations(page);
  await page.setViewportSize({ width: 794, height: 1123 });  // A4 at 96 dpi
  await page.emulateMedia({ media: 'print' });
  assert.deepEqual(await widestOverflow(page), []);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 12, `${pages} pages`);
  await page.close();
  const png = await fetch(`${node.base}/c/matransition/partage.png?lang=fr`);
  assert.equal(png.headers.get('content-type'), 'image/png');
  assert.ok(png.headers.get('etag'));
  const drawn = Buffer.from(await png.arrayBuffer());
  assert.deepEqual(pngSize(drawn), [1200, 630]);
  // The second request is served from the summary's kept pages: the same bytes under the same ETag,
  // and a 304 to a reader who has them.
  const again = await fetch(`${node.base}/c/matransition/partage.png?lang=fr`);
  assert.equal(again.headers.get('etag'), png.headers.get('etag'));
  assert.ok(Buffer.from(await again.arrayBuffer()).equals(drawn));
  const unchanged = await fetch(`${node.base}/c/matransition/partage.png?lang=fr`, { headers: { 'if-none-match': png.headers.get('etag') } });
  assert.equal(unchanged.status, 304);
}

test('with nothing published every chart is empty with a friendly line, and the pages hold', async () => {
  await waitForTotal(0);
  await checkPages(0);
});

test('unknown view or language is a 400 naming the choices', async () => {
  const v = await fetch(`${node.base}/embed/matransition?view=pie`);
  assert.equal(v.status, 400);
  assert.match((await v.json()).message, /themes, map, time, language, channel/);
  const l = await fetch(`${node.base}/embed/matransition?lang=de`);
  assert.equal(l.status, 400);
  assert.match((await l.json()).message, /fr, bm or en/);
});

test('with 5,000 published contributions the charts, the map, the report and the share image render', async () => {
  const long = 'x'.repeat(10);
  sql(db.url, `update theme set label = label || jsonb_build_object('fr', 'Un thème au libellé vraiment très long pour voir si le texte passe bien à la ligne ${long}') where slug = (select slug from theme where consultation_id = ${cid} limit 1) and consultation_id = ${cid}`);
  sql(db.url, `insert into contribution (consultation_id, channel, external_id, sender_key, raw, display_text, language, region,
      status, suggested_themes, received_at, published_at)
    select ${cid}, (array['sms','web','whatsapp','ussd'])[1 + i % 4], 'bulk-' || i, 'k', 'avis ' || i, 'avis numéro ' || i,
      (array['fr','bm'])[1 + i % 2], (array['bamako','kayes','kita','gao','diaspora','mopti','sikasso'])[1 + i % 7], 'published',
      (select array[slug] from theme where consultation_id = ${cid} order by slug offset (i % 3) limit 1),
      now() - (i % 20) * interval '1 day', now() - (i % 20) * interval '1 day'
    from generate_series(1, 5000) i;
    select pg_notify('baro_publish', json_build_object('consultation_id', ${cid}, 'id', 0, 'event', 'unpublish')::text)`);
  await waitForTotal(5000);
  await checkPages(5000);
});

test('a live map embed redraws when a contribution from a new region is published', async () => {
  const page = await browser.newPage();
  await page.goto(`${node.base}/embed/matransition?view=map&lang=fr`);
  await page.waitForSelector('#live:not([hidden])');
  assert.equal(await page.locator('path[data-region="kidal"]').getAttribute('data-n'), '0');
  const id = sql(db.url, `insert into contribution (consultation_id, channel, external_id, sender_key, raw, display_text, language,
      region, status, suggested_themes, published_at)
    values (${cid}, 'sms', 'live-kidal', 'k', 'avis', 'avis de Kidal', 'fr', 'kidal', 'published', '{}', now()) returning id`)[0][0];
  sql(db.url, `select pg_notify('baro_publish', json_build_object('consultation_id', ${cid}, 'id', ${id}, 'event', 'publish')::text)`);
  await page.waitForSelector('path[data-region="kidal"][data-n="1"]');
  await page.close();
});
