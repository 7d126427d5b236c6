// Public social media (issue 13) against the real server and PostgreSQL: Facebook Page `feed`,
// Instagram `comments` (both on /hooks/meta) and X Account Activity (/hooks/x), each payload in its
// provider's documented shape, signed here with node's own crypto from a known secret → exactly one
// row with the right text, channel, pseudonym and contribution_source; tampered → 403; replay → one
// row; an edit updates and is audited; a removal/deletion withdraws; unrouted when no route matches.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { addModerator, createDatabase, startServer, sql } from './harness.mjs';

const pepper = randomBytes(32).toString('hex');
const secrets = {
  pepper,
  meta: { app_secret: 'meta-app-secret-' + randomBytes(8).toString('hex'), verify_token: 'verify-' + randomBytes(8).toString('hex') },
  x: { consumer_secret: 'x-consumer-secret-for-tests' },
};
// Bambara letters and combining tone marks (grave, acute) that must survive byte for byte.
const bambara = 'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ. Ŋaniya bɛ an na, kɔ̀nɔ́ ka di!';

let db;
let server;
let secretsFile;
let slug;

before(async () => {
  db = createDatabase('social');
  // The demo consultation takes the campaign's Page, Instagram account, X account and hashtag.
  slug = sql(db.url, "update consultation set recipients = '{facebook:page:448242228374517,instagram:account:17841405309211844," +
    "x:account:2244994945,x:hashtag:MaTransition}' where id = (select min(id) from consultation) returning slug")[0][0];
  secretsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baro-secrets-')), 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  server = await startServer(db.url, { BARO_SECRETS_FILE: secretsFile });
});
after(async () => {
  await server?.stop();
  db?.drop();
  fs.rmSync(path.dirname(secretsFile), { recursive: true, force: true });
});

const senderKey = (id) => createHmac('sha256', Buffer.from(pepper, 'hex')).update(id).digest('hex');
// Meta escapes non-ASCII as \uXXXX and signs those bytes (hex); X signs its bytes in base64.
const metaJson = (obj) => JSON.stringify(obj).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const metaSign = (body) => 'sha256=' + createHmac('sha256', secrets.meta.app_secret).update(body).digest('hex');
const xSign = (body) => 'sha256=' + createHmac('sha256', secrets.x.consumer_secret).update(body).digest('base64');
const postMeta = (body, sig = metaSign(body)) => fetch(`${server.base}/hooks/meta`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body });
const postX = (body, sig = xSign(body)) => fetch(`${server.base}/hooks/x`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': sig }, body });

const rowsFor = (channel, externalId) => sql(db.url,
  `select c.display_text, coalesce(c.sender_key, ''), coalesce(c.consultation_id::text, 'unrouted'), s.platform,` +
  ` coalesce(s.permalink, ''), coalesce(s.in_reply_to, ''), coalesce(s.context_text, ''), coalesce(extract(epoch from s.posted_at)::bigint::text, '')` +
  ` from contribution c left join contribution_source s on s.contribution_id = c.id` +
  ` where c.channel = '${channel}' and c.external_id = '${externalId}'`);
const demoId = () => sql(db.url, 'select min(id)::text from consultation')[0][0];

// Meta's `feed` change for a comment (Graph API Webhooks reference, Page "feed" field).
function feedComment(verb, commentId, message, extra = {}) {
  return metaJson({ object: 'page', entry: [{ id: '448242228374517', time: 1742667607, changes: [{ field: 'feed', value: {
    from: { id: '7001', name: 'Awa' },
    post: { status_type: 'mobile_status_update', is_published: true, id: '448242228374517_122131676912594941',
      from: { id: '448242228374517' }, message: 'Quelle transition voulez-vous ?' },
    message, post_id: '448242228374517_122131676912594941', comment_id: commentId, created_time: 1742667604,
    item: 'comment', parent_id: '448242228374517_122131676912594941', verb, ...extra } }] }] });
}

test('Facebook: a signed comment is one row with its pseudonym and source; replay, tamper, edit, remove', async () => {
  const id = '122131676912594941_1213590066982748';
  const body = feedComment('add', id, bambara);
  const r = await postMeta(body);
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await postMeta(body)).status, 200);
  let rows = rowsFor('facebook', id);
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0], [bambara.normalize('NFC'), senderKey('facebook:7001'), demoId(), 'facebook',
    `https://www.facebook.com/${id}`, '448242228374517_122131676912594941', 'Quelle transition voulez-vous ?', '1742667604']);
  // Never the raw author id, nor the author's name, anywhere in the row.
  assert.equal(sql(db.url, `select count(*) from contribution c where c.external_id = '${id}' and (c::text like '%7001"%' or c::text like '%Awa%')`)[0][0], '0');

  const tampered = body.replace('comment_id', 'comment_iD');
  assert.equal((await postMeta(tampered, metaSign(body))).status, 403);

  const edited = feedComment('edited', id, 'Sariya ka kɛ bɛɛ ye kelen ye.');
  assert.equal((await postMeta(edited)).status, 200);
  assert.equal((await postMeta(edited)).status, 200);  // a replayed edit changes and audits nothing more
  rows = rowsFor('facebook', id);
  assert.equal(rows[0][0], 'Sariya ka kɛ bɛɛ ye kelen ye.');
  const audit = sql(db.url, `select actor, action from audit_event where subject = 'contribution:' ||` +
    ` (select id from contribution where external_id = '${id}')`);
  assert.deepEqual(audit, [['system', 'source_edit']]);

  const removed = feedComment('remove', id, undefined);
  assert.equal((await postMeta(removed)).status, 200);
  assert.equal(rowsFor('facebook', id).length, 0);
  assert.deepEqual(sql(db.url, `select erased from withdrawal where channel = 'facebook' and external_id = '${id}'`), [['1']]);
  // The first delivery again (a late retry) does not bring the withdrawn comment back.
  assert.equal((await postMeta(body)).status, 200);
  assert.equal(rowsFor('facebook', id).length, 0);
});

test('Facebook: a comment on another Page is unrouted; the Page\'s own replies are not contributions', async () => {
  const other = metaJson({ object: 'page', entry: [{ id: '999', changes: [{ field: 'feed', value: {
    item: 'comment', verb: 'add', comment_id: '77_1', post_id: '999_77', parent_id: '999_77', from: { id: '7002' }, message: 'Ailleurs' } },
  { field: 'feed', value: { item: 'comment', verb: 'add', comment_id: '77_2', post_id: '999_77', from: { id: '999' }, message: 'Merci !' } }] }] });
  assert.equal((await postMeta(other)).status, 200);
  assert.deepEqual(rowsFor('facebook', '77_1').map((r) => r[2]), ['unrouted']);
  assert.equal(rowsFor('facebook', '77_2').length, 0);
});

test('Instagram: a signed comment is one row routed by the account; replay and tamper', async () => {
  const body = metaJson({ object: 'instagram', entry: [{ id: '17841405309211844', time: 1520383571, changes: [{ field: 'comments', value: {
    from: { id: '232323232', username: 'awa.k' }, media: { id: '123123123', media_product_type: 'FEED' },
    id: '17865799348089039', text: bambara } }] }] });
  assert.equal((await postMeta(body)).status, 200);
  assert.equal((await postMeta(body)).status, 200);
  assert.equal((await postMeta(body + ' ', metaSign(body))).status, 403);
  const rows = rowsFor('instagram', '17865799348089039');
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0], [bambara.normalize('NFC'), senderKey('instagram:232323232'), demoId(), 'instagram', '', '123123123', '', '1520383571']);
  assert.equal(sql(db.url, "select count(*) from contribution where raw like '%awa.k%' or display_text like '%awa.k%'")[0][0], '0');
});

test('X: the CRC answer is a fixed openssl vector, URL-encoded tokens decoded; a missing token is 400', async () => {
  // printf '%s' 'crc+token/with=signs&1' | openssl dgst -sha256 -hmac 'x-consumer-secret-for-tests' -binary | base64
  const r = await fetch(`${server.base}/hooks/x?crc_token=crc%2Btoken%2Fwith%3Dsigns%261`);
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { response_token: 'sha256=CUIAh3pUU8wHyNC0Vf65d6i/5uia0/ZXIfaF2er91v8=' });
  const missing = await fetch(`${server.base}/hooks/x`);
  assert.equal(missing.status, 400);
  assert.equal((await missing.json()).field, 'crc_token');
});

test('X: a reply with the hashtag is one row with its full text; retweets are not; replay, tamper, delete', async () => {
  const tweet = { created_at: 'Wed Oct 10 20:19:24 +0000 2018', id: 1050118621198921728, id_str: '1050118621198921728',
    text: '@MaTransition ' + bambara.slice(0, 40) + '…', truncated: true,
    extended_tweet: { full_text: '@MaTransition ' + bambara + ' #MaTransition', entities: { hashtags: [{ text: 'MaTransition', indices: [0, 1] }] } },
    in_reply_to_status_id_str: '1050118000000000000', in_reply_to_user_id_str: '2244994945',
    user: { id: 6253282, id_str: '6253282', screen_name: 'awa_k' }, timestamp_ms: '1539201564512' };
  const retweet = { id_str: '1050118621198921729', text: 'RT @MaTransition: …', retweeted_status: { id_str: '1' },
    user: { id_str: '6253283', screen_name: 'moussa' } };
  const body = JSON.stringify({ for_user_id: '2244994945', tweet_create_events: [tweet, retweet] });
  const r = await postX(body);
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal((await postX(body)).status, 200);
  assert.equal((await postX(body.replace('6253282', '6253280'), xSign(body))).status, 403);
  const rows = rowsFor('x', '1050118621198921728');
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0], [('@MaTransition ' + bambara + ' #MaTransition').normalize('NFC'), senderKey('x:6253282'), demoId(), 'x',
    'https://x.com/i/web/status/1050118621198921728', '1050118000000000000', '', '1539201564']);
  assert.equal(rowsFor('x', '1050118621198921729').length, 0);
  assert.equal(sql(db.url, "select count(*) from contribution where channel = 'x' and (raw like '%awa_k%' or sender_key = '6253282')")[0][0], '0');

  const del = JSON.stringify({ for_user_id: '2244994945', tweet_delete_events: [{ status: { id: '1050118621198921728', user_id: '6253282' },
    timestamp_ms: '1539201600000' }] });
  assert.equal((await postX(del)).status, 200);
  assert.equal(rowsFor('x', '1050118621198921728').length, 0);
  assert.equal((await postX(del)).status, 200);
});

test('moderators see a comment\'s source in its detail; the public contribution page shows a link only when switched on', async () => {
  const id = '122131676912594941_1213590066982799';
  assert.equal((await postMeta(feedComment('add', id, 'Sariya ka kɛ bɛɛ ye kelen ye.'))).status, 200);
  const cid = sql(db.url, `select id from contribution where channel = 'facebook' and external_id = '${id}'`)[0][0];
  const email = `mod-${randomBytes(4).toString('hex')}@example.org`;
  const password = await addModerator(server.base, db.url, email, 'moderator');
  const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: server.base };
  const login = await fetch(`${server.base}/mod/login`, { method: 'POST', redirect: 'manual', headers,
    body: new URLSearchParams({ email, password }).toString() });
  assert.equal(login.status, 303);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf } = await (await fetch(`${server.base}/api/v1/mod/session`, { headers: { cookie } })).json();
  const opened = await fetch(`${server.base}/api/v1/mod/contributions/${cid}/open`, {
    method: 'POST', headers: { cookie, 'x-csrf-token': csrf, origin: server.base } });
  assert.equal(opened.status, 200);
  const d = await opened.json();
  assert.deepEqual(d.source, { platform: 'facebook', permalink: `https://www.facebook.com/${id}`,
    in_reply_to: '448242228374517_122131676912594941', context_text: 'Quelle transition voulez-vous ?', posted_at: '2025-03-22T18:20:04Z' });

  sql(db.url, `update contribution set status = 'published', published_at = now() where id = ${cid}`);
  const page = async () => {
    const r = await fetch(`${server.base}/c/${slug}/contributions/${cid}`);
    assert.equal(r.status, 200);
    return r.text();
  };
  const hidden = await page();
  assert.match(hidden, /Sariya ka kɛ bɛɛ ye kelen ye\./);
  assert.doesNotMatch(hidden, /facebook\.com/);
  sql(db.url, `update consultation set show_source_links = true where slug = '${slug}'`);
  // Pages are cached until an event: wait for the link rather than for a fixed time.
  const deadline = Date.now() + 20000;
  let shown = await page();
  while (!shown.includes(`https://www.facebook.com/${id}`) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    shown = await page();
  }
  assert.match(shown, new RegExp(`href="https://www\\.facebook\\.com/${id}"`));
});
