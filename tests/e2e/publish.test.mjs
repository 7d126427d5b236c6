// Publishing and live: the public API, the embed in a blog through embed.js, live updates over SSE
// across two nodes, open data, and that nothing unpublished or pseudonymous ever leaves the server.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { createDatabase, startServer, sql, launchBrowser, outputDir, freePort } from './harness.mjs';

let db;
let nodeA;
let nodeB;
let browser;
let blog;
let blogBase;
let cid;

const secretKey = 'feedfacefeedfacefeedfacefeedface';
const unpublishedText = 'UNPUBLISHED-do-not-leak-8f2c';
const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

// Publishes as moderation does: the status change and its event (with its global id, sql/018) in one
// transaction. Returns the event's id.
function publish(id, published = true) {
  const status = published ? 'published' : 'unpublished';
  return sql(db.url, `with u as (update contribution set status = '${status}', published_at = now() where id = ${id} returning id)
               select baro_notify_publish(${cid}, u.id, ${published}) from u`)[0][0];
}

function insert(text, { status = 'new', region = 'mopti', themes = '{securite}' } = {}) {
  const rows = sql(db.url, `insert into contribution (consultation_id, channel, external_id, sender_key, raw, display_text,
      language, region, status, suggested_themes, published_at)
    values (${cid}, 'sms', 'ext-' || gen_random_uuid(), '${secretKey}', 'RAW ' || $$${text}$$, $$${text}$$, 'fr', '${region}',
      '${status}', '${themes}', case when '${status}' = 'published' then now() end) returning id`);
  return rows[0][0];
}

before(async () => {
  db = createDatabase('publish');
  cid = sql(db.url, "select id from consultation where slug = 'matransition'")[0][0];
  for (let i = 0; i < 3; i++) insert(`Avis publié numéro ${i} pour la paix`, { status: 'published' });
  insert(hostile, { status: 'published' });
  insert('=HYPERLINK("http://evil")', { status: 'published' });
  insert(unpublishedText);
  insert(unpublishedText + ' rejected', { status: 'rejected' });
  nodeA = await startServer(db.url);
  nodeB = await startServer(db.url);
  browser = await launchBrowser();
  const port = await freePort();
  blogBase = `http://127.0.0.1:${port}`;
  // A static blog on another origin; its post carries the snippet copied from the results page.
  const results = await (await fetch(`${nodeA.base}/c/matransition/resultats?lang=fr`)).text();
  const snippet = results.match(/<textarea id="snippet"[^>]*>([\s\S]*?)<\/textarea>/)[1]
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  blog = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mon blog</title></head>
      <body><h1>Ce que dit le Mali</h1><p>Mon billet.</p>${snippet}<p>Fin du billet.</p></body></html>`);
  });
  await new Promise((r) => blog.listen(port, '127.0.0.1', r));
});

after(async () => {
  await browser?.close();
  await nodeA?.stop();
  await nodeB?.stop();
  await new Promise((r) => (blog ? blog.close(r) : r()));
  db?.drop();
});

test('the read API serves only published, redacted contributions with cache headers and open CORS', async () => {
  const r = await fetch(`${nodeA.base}/api/v1/consultations/matransition/summary`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.match(r.headers.get('cache-control'), /max-age=/);
  assert.ok(r.headers.get('last-modified'));
  const etag = r.headers.get('etag');
  const s = await r.json();
  assert.equal(s.total, 5);
  assert.deepEqual(s.by_theme, [{ key: 'securite', count: 5 }]);
  const again = await fetch(`${nodeA.base}/api/v1/consultations/matransition/summary`, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);

  const page1 = await (await fetch(`${nodeA.base}/api/v1/consultations/matransition/contributions?limit=3&theme=securite`)).json();
  assert.equal(page1.items.length, 3);
  const page2 = await (await fetch(`${nodeA.base}/api/v1/consultations/matransition/contributions?limit=3&theme=securite&cursor=${page1.next}`)).json();
  assert.equal(page2.items.length, 2);
  assert.equal(page2.next, null);
  const ids = [...page1.items, ...page2.items].map((c) => c.id);
  assert.equal(new Set(ids).size, 5);
  // an exactly full last page says there is no next one (no empty page to fetch)
  const full = await fetch(`${nodeA.base}/api/v1/consultations/matransition/contributions?limit=5&theme=securite`);
  const fullBody = await full.json();
  assert.equal(fullBody.items.length, 5);
  assert.equal(fullBody.next, null);
  assert.equal(full.headers.get('link'), null);
  // pages people open answer an unknown consultation with a page, not JSON
  for (const u of ['/c/nope/resultats?lang=fr', '/embed/nope?lang=fr']) {
    const missing = await fetch(`${nodeA.base}${u}`);
    assert.equal(missing.status, 404, u);
    assert.match(missing.headers.get('content-type'), /^text\/html/, u);
    assert.match(await missing.text(), /<html/i, u);
  }
  assert.equal((await fetch(`${nodeA.base}/api/v1/consultations/nope/summary`)).status, 404);
  const none = await (await fetch(`${nodeA.base}/api/v1/consultations/matransition/contributions?region=gao`)).json();
  assert.equal(none.items.length, 0);
  const c = await (await fetch(`${nodeA.base}/api/v1/consultations/matransition`)).json();
  assert.equal(c.slug, 'matransition');
  assert.ok(c.themes.some((t) => t.label.bm === 'Lakana'));
});

test('the embed in a static blog page appears through embed.js and shows a new publication within 2 seconds', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${blogBase}/`);
  const frameEl = await page.waitForSelector('iframe[src*="/embed/matransition"]');
  const frame = await frameEl.contentFrame();
  await frame.waitForSelector('#live:not([hidden])');
  assert.equal(await frame.textContent('#total'), '5');
  const before = await frameEl.evaluate((f) => f.getBoundingClientRect().height);
  const id = insert('Nouvelle voix : la paix à Gao, tout de suite.', { region: 'gao' });
  // The frame notes when the quote and the new total appear (same machine, same clock), so the
  // measure is the embed's, not Playwright's polling on a busy machine.
  await frame.evaluate((wanted) => {
    window.__seen = {};
    const note = () => {
      if (!window.__seen.quote && document.querySelector(`#quotes li[data-id="${wanted}"]`)) window.__seen.quote = Date.now();
      if (!window.__seen.total && document.getElementById('total').textContent === '6') window.__seen.total = Date.now();
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, id);
  publish(id);
  const t0 = Date.now();   // committed: psql has returned
  await frame.waitForFunction(() => window.__seen.quote && window.__seen.total, null, { timeout: 30000 });
  const seen = await frame.evaluate(() => window.__seen);
  assert.ok(seen.quote - t0 <= 2000, `the quote appeared ${seen.quote - t0} ms after the commit`);
  assert.ok(seen.total - t0 <= 2000, `the total followed ${seen.total - t0} ms after the commit`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await frame.evaluate(() => window.__pwned), undefined);
  const after = await frameEl.evaluate((f) => f.getBoundingClientRect().height);
  assert.ok(after > 100 && Math.abs(after - before) < 2000, `iframe sized to its content (${before} → ${after})`);
  await page.screenshot({ path: path.join(outputDir, 'publish-blog-embed.png'), fullPage: true });
  // Unpublishing takes the quote away again.
  publish(id, false);
  await frame.waitForSelector(`#quotes li[data-id="${id}"]`, { state: 'detached', timeout: 10000 });
  await context.close();
});

test('with JavaScript off the embed still shows the snapshot, and markup in a contribution is inert text', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // Node B's summary follows the unpublish of the previous test within a moment (cached, ≤ 500 ms
  // after its NOTIFY, longer on a loaded machine): load until it has.
  let r;
  for (let i = 0; i < 20; i++) {
    r = await page.goto(`${nodeB.base}/embed/matransition?lang=bm&limit=10`);
    if (await page.textContent('#total') === '5') break;
    await new Promise((done) => setTimeout(done, 250));
  }
  assert.equal(r.status(), 200);
  assert.ok((await r.body()).length <= 20 * 1024);
  assert.equal(await page.textContent('#total'), '5');
  assert.equal(await page.locator('svg.chart g[data-key="securite"] text.n').textContent(), '5');
  const quotes = await page.locator('#quotes blockquote').allTextContents();
  assert.ok(quotes.includes(hostile), 'the hostile text is shown as text');
  assert.equal(await page.locator('#quotes img').count(), 0);
  await page.screenshot({ path: path.join(outputDir, 'publish-embed-nojs.png'), fullPage: true });
  // The blog page itself falls back to the <noscript> iframe.
  const blogPage = await context.newPage();
  await blogPage.goto(`${blogBase}/`);
  const f = await (await blogPage.waitForSelector('iframe')).contentFrame();
  await f.waitForSelector('#total');
  assert.equal(await f.textContent('#total'), '5');
  await context.close();
  const js = await fetch(`${nodeA.base}/embed.js`);
  assert.ok((await js.text()).length <= 5 * 1024);
});

/**
 * An event stream read without pause from the start (a read raced against a timer and then left
 * behind would take the next chunk with it); until(pred, ms) waits for pred(text so far).
 */
function sse(res) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = null;
  let wake = () => {};
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        wake();
      }
      ended = 'closed';
    } catch (e) {
      ended = e.message;
    }
    wake();
  })();
  return {
    text: () => text,
    async until(pred, ms) {
      const deadline = Date.now() + ms;
      while (!pred(text)) {
        if (ended) throw new Error(`the stream ended (${ended}); got:\n${text.slice(0, 3000)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out; got:\n${text.slice(0, 3000)}`);
        let timer;
        await new Promise((r) => { wake = r; timer = setTimeout(r, left); });
        clearTimeout(timer);
      }
    },
  };
}

test('a publish committed through node A reaches an SSE subscriber on node B, and Last-Event-ID resumes', async () => {
  const ctrl = new AbortController();
  const res = await fetch(`${nodeB.base}/api/v1/consultations/matransition/events?lang=fr`, { signal: ctrl.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const events = sse(res);
  const until = (pred, ms = 3000) => events.until(pred, ms);
  await until((b) => b.includes('event: summary'));
  const id = insert('Publié par le nœud A, lu par le nœud B.');
  // Node A's own database transaction, as the moderation code does.
  publish(id);
  const isIt = (f) => f.includes('event: contribution') && f.includes(`"id":${id}`);
  await until((b) => b.split('\n\n').some(isIt));
  const published = events.text().split('\n\n').find(isIt);
  const lastId = published.match(/^id: (\d+)/m)[1];
  ctrl.abort();

  // Missed while away: an unpublish. Resuming from lastId delivers it.
  publish(id, false);
  const ctrl2 = new AbortController();
  const res2 = await fetch(`${nodeB.base}/api/v1/consultations/matransition/events?lang=fr`,
    { signal: ctrl2.signal, headers: { 'last-event-id': lastId } });
  const again = sse(res2);
  await again.until((b) => b.includes('"unpublish"'), 5000);
  const got = again.text();
  ctrl2.abort();
  assert.match(got, /"event":"unpublish","id":\d+|"id":\d+.*"unpublish"/);
});

// Issue #12: event ids are global, so a reconnect that lands on another node resumes there.
test('a reader cut off from node A resumes on node B from its Last-Event-ID with exactly the events it missed, in order', async () => {
  // An event stream's frames, read until a condition holds.
  function stream(res) {
    const events = sse(res);
    const frames = () => events.text().split('\n\n').slice(0, -1);
    return async (pred, ms = 5000) => {
      await events.until(() => pred(frames()), ms);
      return frames();
    };
  }
  const contributionEvents = (frames) => frames.filter((f) => f.includes('event: contribution'))
    .map((f) => ({ id: f.match(/^id: (\d+)$/m)[1], data: JSON.parse(f.match(/^data: (.*)$/m)[1]) }));

  const ids = [insert('Lu sur A avant la coupure.'), insert('Manqué numéro un.'), insert('Manqué numéro deux.')];
  const ctrlA = new AbortController();
  const onA = stream(await fetch(`${nodeA.base}/api/v1/consultations/matransition/events?lang=fr`, { signal: ctrlA.signal }));
  await onA((f) => f.some((x) => x.includes('event: summary')));
  const seen = publish(ids[0]);
  const before = contributionEvents(await onA((f) => contributionEvents(f).some((e) => e.id === seen)));
  const last = before.at(-1);
  assert.equal(last.id, seen, 'node A sends the id the database gave the event');
  ctrlA.abort();

  // While the reader is away, two more are published and the first is taken back.
  const missed = [publish(ids[1]), publish(ids[2]), publish(ids[0], false)];
  assert.ok(Number(missed[0]) > Number(seen) && Number(missed[1]) > Number(missed[0]) && Number(missed[2]) > Number(missed[1]));

  const ctrlB = new AbortController();
  const onB = stream(await fetch(`${nodeB.base}/api/v1/consultations/matransition/events?lang=fr`,
    { signal: ctrlB.signal, headers: { 'last-event-id': last.id } }));
  const frames = await onB((f) => contributionEvents(f).some((e) => e.id === missed[2]));
  ctrlB.abort();
  const got = contributionEvents(frames);
  assert.deepEqual(got.map((e) => e.id), missed, 'exactly the missed events, in order, none twice');
  assert.equal(String(got[0].data.contribution.id), String(ids[1]));
  assert.equal(String(got[1].data.contribution.id), String(ids[2]));
  assert.deepEqual(got[2].data, { event: 'unpublish', id: Number(ids[0]) });
  const frameIds = frames.map((f) => f.match(/^id: (\d+)$/m)?.[1]).filter(Boolean).map(Number);
  assert.ok(frameIds.every((id, i) => id >= Number(last.id) && (i === 0 || id >= frameIds[i - 1])), `ids never go back: ${frameIds}`);
});

test('open data streams every published, redacted row and neutralises formulas', async () => {
  const csv = await (await fetch(`${nodeA.base}/open-data/matransition.csv`)).text();
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'id,consultation,published_at,language,region,channel,themes,featured,sent_by,medium,text');
  assert.ok(lines.some((l) => l.endsWith(`"'=HYPERLINK(""http://evil"")"`)), csv);
  const jsonl = (await (await fetch(`${nodeA.base}/open-data/matransition.jsonl`)).text()).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(jsonl.length, lines.length - 1);
  assert.equal((await fetch(`${nodeA.base}/open-data/nope.csv`)).status, 404);
});

test('no public output contains an unpublished text, a raw text or a pseudonym', async () => {
  const urls = [
    '/api/v1/consultations/matransition', '/api/v1/consultations/matransition/summary',
    '/api/v1/consultations/matransition/contributions?limit=100', '/embed/matransition', '/embed/matransition?lang=en',
    '/c/matransition/resultats', '/c/matransition/resultats?lang=bm', '/feeds/matransition.atom',
    '/feeds/matransition/securite.atom', '/open-data/matransition.csv', '/open-data/matransition.jsonl',
    `/oembed?url=${encodeURIComponent(nodeA.base + '/embed/matransition')}`,
    '/c/matransition/rapport', '/c/matransition/rapport?lang=bm', '/embed/matransition?view=map',
  ];
  for (const u of urls) {
    const r = await fetch(nodeA.base + u);
    assert.equal(r.status, 200, u);
    const body = await r.text();
    for (const secret of [unpublishedText, secretKey, 'RAW ']) assert.ok(!body.includes(secret), `${u} leaks ${secret}`);
    // An external id is ext-<uuid>; a bare "ext-" is in SVG's text-anchor.
    assert.doesNotMatch(body, /ext-[0-9a-f]{8}-/, `${u} leaks an external id`);
    if (u.includes('resultats') || u.startsWith('/embed/')) assert.ok(!body.includes('<script>window'), `${u} renders markup`);
  }
  const feed = await (await fetch(`${nodeA.base}/feeds/matransition.atom`)).text();
  assert.ok(feed.includes('&lt;script&gt;'));
  const ctrl = new AbortController();
  const res = await fetch(`${nodeA.base}/api/v1/consultations/matransition/events`, { signal: ctrl.signal });
  const { value } = await res.body.getReader().read();
  ctrl.abort();
  const text = new TextDecoder().decode(value);
  for (const secret of [unpublishedText, secretKey]) assert.ok(!text.includes(secret));
});

// Issue #10: feed readers showed entries that led nowhere.
test('every Atom entry links to its contribution\'s page, which answers 200 with the redacted text; others are 404 pages', async () => {
  const id = insert('Appelez-moi au 7 6 1 2 3 4 5 6, kalata ka kɛ', { status: 'published', region: 'bamako' });
  for (const lang of ['fr', 'bm', 'en']) {
    const feed = await (await fetch(`${nodeA.base}/feeds/matransition.atom?lang=${lang}`)).text();
    const entries = [...feed.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]);
    assert.ok(entries.length >= 6, feed);
    for (const entry of entries) {
      const href = entry.match(/<link rel="alternate" type="text\/html" href="([^"]+)"\/>/)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(href, `an entry without a link: ${entry}`);
      assert.ok(href.startsWith(`${nodeA.base}/c/matransition/contributions/`) && href.endsWith(`?lang=${lang}`), href);
      const page = await fetch(href);
      assert.equal(page.status, 200, href);
      assert.match(page.headers.get('content-type'), /^text\/html/);
      assert.equal(page.headers.get('cache-control'), 'no-store');
      const html = await page.text();
      assert.match(html, new RegExp(`<html lang="${lang}"`));
      const content = entry.match(/<content type="text">([\s\S]*?)<\/content>/)[1];
      assert.ok(html.includes(content.replace(/&quot;/g, '&#34;').slice(0, 20)) || html.includes(content.slice(0, 20)), `${href} lacks ${content}`);
      for (const secret of [unpublishedText, secretKey, 'RAW ', 'ext-']) assert.ok(!html.includes(secret), `${href} leaks ${secret}`);
    }
  }
  const html = await (await fetch(`${nodeA.base}/c/matransition/contributions/${id}?lang=fr`)).text();
  assert.ok(html.includes('Appelez-moi au [numéro masqué], kalata ka kɛ'), html);
  assert.ok(!html.includes('7 6 1 2'));
  const unpublished = sql(db.url, "select id from contribution where status <> 'published' limit 1")[0][0];
  for (const p of [`/c/matransition/contributions/${unpublished}`, '/c/matransition/contributions/999999999',
    '/c/matransition/contributions/abc', `/c/no-such-consultation/contributions/${id}`]) {
    const r = await fetch(nodeA.base + p);
    assert.equal(r.status, 404, p);
    assert.match(r.headers.get('content-type'), /^text\/html/, p);
    assert.ok(!(await r.text()).includes(unpublishedText), p);
  }
});

test('the results page offers the snippet in French, Bambara and English', async () => {
  for (const [lang, heading] of [['fr', 'Résultats'], ['bm', 'Jaabiw'], ['en', 'Results']]) {
    const html = await (await fetch(`${nodeA.base}/c/matransition/resultats?lang=${lang}`)).text();
    assert.ok(html.includes(`<h1>${heading}</h1>`), lang);
    assert.ok(html.includes('application/json+oembed'));
    assert.ok(html.includes('embed.js'));
  }
});

test('baro export writes the same open data file from the command line', async () => {
  const { execFileSync } = await import('node:child_process');
  const env = { ...process.env, BARO_DATABASE_URL: db.url };
  const out = execFileSync(process.env.BARO_BIN, ['export', 'matransition', '--format', 'csv'], { env, encoding: 'utf8' });
  const http = await (await fetch(`${nodeA.base}/open-data/matransition.csv`)).text();
  assert.equal(out, http);
  assert.ok(!out.includes(secretKey) && !out.includes(unpublishedText));
});
