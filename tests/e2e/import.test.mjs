// `baro import` against the real PostgreSQL (issue 13): a generated archive of 200,000 posts (about
// 4 minutes on a 2-core machine under load 18 from other builds, hence its own CTest timeout) with a
// corrupt line in the middle → every other row stored with its source, the corrupt line named on stderr and
// skipped (exit 3); peak memory compared with a 6,000-post import (constant memory: it must not grow
// with the posts); a second run adds nothing; on a pseudo-terminal the progress line is redrawn; and an
// imported post joins the duplicate group of the same text sent by SMS, through the web form and
// live through the X webhook.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, createHmac } from 'node:crypto';
import { bin, createDatabase, startServer, postForm, sql } from './harness.mjs';

const twilioToken = '12345678901234567890123456789012';
const xSecret = 'x-consumer-secret-for-tests';

const big = 200_000;
const small = 6_000;
const corruptAt = 100_001; // line number of the corrupt line
const pepper = randomBytes(32).toString('hex');
let dir;
let secretsFile;
let db;

// One JSONL line of baro's archive format per post; written in chunks so the generator is quick.
function generate(file, n, corruptLine = 0) {
  const fd = fs.openSync(file, 'w');
  let lines = [];
  for (let i = 1; i <= n; i++) {
    lines.push(i === corruptLine
      ? '{"platform":"x","id":"999","text":"cut short'
      : JSON.stringify({ platform: 'x', id: String(1e15 + i), created_at: '2020-11-06T09:30:00Z', author_id: String(i % 5000),
        text: `Kalata ka kɛ ${i}: la transition doit rendre le pouvoir aux civils`, url: `https://x.com/i/web/status/${1e15 + i}`,
        in_reply_to: '' }));
    if (lines.length === 5000) { fs.writeSync(fd, lines.join('\n') + '\n'); lines = []; }
  }
  if (lines.length) fs.writeSync(fd, lines.join('\n') + '\n');
  fs.closeSync(fd);
}

function importFile(dbUrl, file, extra = []) {
  const r = spawnSync(bin, ['import', 'matransition', file, '--format', 'jsonl', '--stats', ...extra], {
    env: { ...process.env, BARO_DATABASE_URL: dbUrl, BARO_SECRETS_FILE: secretsFile }, encoding: 'utf8',
  });
  const peak = Number((r.stderr.match(/peak_rss_kb (\d+)/) || [])[1]);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, peak };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-import-'));
  secretsFile = path.join(dir, 'secrets.json');
  fs.writeFileSync(secretsFile, JSON.stringify({ pepper, twilio: { auth_token: twilioToken }, x: { consumer_secret: xSecret } }),
    { mode: 0o600 });
  db = createDatabase('import');
});
after(() => {
  db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a 200,000-post archive imports in constant memory, skips its corrupt line, and adds nothing the second time', () => {
  const smallFile = path.join(dir, 'small.jsonl');
  const bigFile = path.join(dir, 'big.jsonl');
  generate(smallFile, small);
  generate(bigFile, big, corruptAt);

  const first = importFile(db.url, smallFile);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`^read ${small}, imported ${small}, already present 0, skipped 0\\n$`));

  const started = Date.now();
  const second = importFile(db.url, bigFile);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(second.status, 3, 'a skipped record makes the exit status 3');
  assert.equal(second.stdout, `read ${big}, imported ${big - 1 - small}, already present ${small}, skipped 1\n`);
  assert.match(second.stderr, new RegExp(`^line ${corruptAt}: line is not valid JSON \\(skipped\\)$`, 'm'));
  console.log(`# ${big} posts in ${seconds.toFixed(1)} s; peak RSS ${first.peak} kB for ${small}, ${second.peak} kB for ${big}`);
  // 33 times the posts: the peak may not grow with them (one batch and one record at a time).
  assert.ok(second.peak > 0 && first.peak > 0);
  assert.ok(second.peak < first.peak * 1.5, `peak RSS ${second.peak} kB for ${big} posts vs ${first.peak} kB for ${small}`);

  const [[rows, sources, pseudonyms, raw]] = sql(db.url,
    `select count(*), count(s.contribution_id), count(distinct c.sender_key),
            count(*) filter (where c.sender_key ~ '^[0-9]+$' or c.raw like '%author%')
       from contribution c left join contribution_source s on s.contribution_id = c.id where c.channel = 'x'`);
  assert.equal(Number(rows), big - 1);
  assert.equal(Number(sources), big - 1);
  assert.equal(Number(pseudonyms), 5000);
  assert.equal(Number(raw), 0);
  const key = createHmac('sha256', Buffer.from(pepper, 'hex')).update('x:7').digest('hex');
  const [[one]] = sql(db.url, `select format('%s|%s|%s|%s|%s', c.sender_key, c.received_at at time zone 'UTC', c.status,
      s.permalink, s.posted_at at time zone 'UTC') from contribution c join contribution_source s on s.contribution_id = c.id
      where c.channel = 'x' and c.external_id = '${1e15 + 7}'`);
  assert.equal(one, `${key}|2020-11-06 09:30:00|new|https://x.com/i/web/status/${1e15 + 7}|2020-11-06 09:30:00`);

  // Its author removed that post on X since (the live webhook withdrew it): no import brings it back.
  sql(db.url, `with gone as (delete from contribution where channel = 'x' and external_id = '${1e15 + 7}' returning 1)
      insert into withdrawal (channel, erased, external_id) select 'x', count(*), '${1e15 + 7}' from gone`);

  // The second run, on a pseudo-terminal (util-linux `script`): nothing new, the progress line redrawn.
  const typescript = path.join(dir, 'typescript');
  const env = { ...process.env, BARO_DATABASE_URL: db.url, BARO_SECRETS_FILE: secretsFile };
  const command = [bin, 'import', 'matransition', bigFile, '--format', 'jsonl'].map((a) => `'${a}'`).join(' ');
  spawnSync('script', ['-q', '-e', '-c', command, typescript], { env, encoding: 'utf8' });
  const screen = fs.readFileSync(typescript, 'utf8');
  assert.match(screen, new RegExp(`read ${big}, imported 0, already present ${big - 1}, skipped 1`));
  const frames = [...screen.matchAll(/\rimport (\d+) posts +\d+\/s +\d+% +ETA \d+:\d\d/g)].map((m) => Number(m[1]));
  assert.ok(frames.length >= 2, `the progress line is redrawn (${frames.length} frames)`);
  assert.ok(frames[frames.length - 1] > frames[0]);
  const [[after2]] = sql(db.url, "select count(*) from contribution where channel = 'x'");
  assert.equal(Number(after2), big - 2, 'the withdrawn post stays withdrawn');
});

test('an imported post joins the duplicate group of the same text sent by SMS, the web form and the live X webhook', async () => {
  const fresh = createDatabase('import_group');
  // The demo consultation takes the campaign's X account, so the live post reaches it as the SMS and the form do.
  sql(fresh.url, "update consultation set recipients = coalesce(recipients, '{}') || '{x:account:2244994945}' where slug = 'matransition'");
  const server = await startServer(fresh.url, { BARO_SECRETS_FILE: secretsFile });
  try {
    const text = 'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ!';
    const web = await postForm(server.base, 'matransition', { text, nonce: randomBytes(8).toString('hex') });
    assert.ok(web.status < 400, `web form answered ${web.status}`);
    const url = `${server.base}/hooks/twilio`;
    const sid = 'SM' + randomBytes(16).toString('hex');
    const fields = { MessageSid: sid, SmsSid: sid, AccountSid: 'AC0', From: '+22376000013', To: '+22370000013', Body: text, NumMedia: '0' };
    const signed = url + Object.keys(fields).sort().map((k) => k + fields[k]).join('');
    const sms = await fetch(url, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: {
      'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': createHmac('sha1', twilioToken).update(signed).digest('base64') } });
    assert.equal(sms.status, 200, await sms.text());
    const live = JSON.stringify({ for_user_id: '2244994945', tweet_create_events: [{ id_str: '1320000000000000002',
      created_at: 'Fri Nov 06 09:31:00 +0000 2020', text, in_reply_to_user_id_str: '2244994945', user: { id_str: '6253282' } }] });
    const x = await fetch(`${server.base}/hooks/x`, { method: 'POST', body: live, headers: { 'content-type': 'application/json',
      'x-twitter-webhooks-signature': 'sha256=' + createHmac('sha256', xSecret).update(live).digest('base64') } });
    assert.equal(x.status, 200, await x.text());
    const file = path.join(dir, 'tweets.js');
    fs.writeFileSync(file, `window.YTD.tweets.part0 = [ {\n  "tweet" : {\n    "id_str" : "1320000000000000001",\n` +
      `    "created_at" : "Fri Nov 06 09:30:00 +0000 2020",\n    "full_text" : ${JSON.stringify(text)}\n  }\n} ]\n`);
    const out = execFileSync(bin, ['import', 'matransition', file, '--format', 'x-archive'],
      { env: { ...process.env, BARO_DATABASE_URL: fresh.url, BARO_SECRETS_FILE: secretsFile }, encoding: 'utf8' });
    assert.equal(out, 'read 1, imported 1, already present 0, skipped 0\n');
    // The grouper of baro serve groups after the commit: wait until all four copies carry a group.
    const grouped = () => sql(fresh.url, `select c.channel, c.external_id, g.group_id from contribution c
      join contribution_group g on g.contribution_id = c.id where c.display_text = '${text}' order by c.channel, c.external_id`);
    let rows = grouped();
    for(let i = 0; i < 600 && rows.length < 4; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = grouped();
    }
    assert.equal(rows.length, 4, `four copies grouped: ${JSON.stringify(rows)}`);
    assert.deepEqual(rows.map((r) => r[0]), ['sms', 'web', 'x', 'x']);
    assert.deepEqual(rows.filter((r) => r[0] === 'x').map((r) => r[1]), ['1320000000000000001', '1320000000000000002']);
    assert.equal(new Set(rows.map((r) => r[2])).size, 1, `the SMS, web, live X and imported copies share one duplicate group: ${JSON.stringify(rows)}`);
    const [[status, display]] = sql(fresh.url, "select status, display_text from contribution where channel = 'x' and external_id = '1320000000000000001'");
    assert.equal(status, 'new');
    assert.equal(display, text);
  } finally {
    await server.stop();
    fresh.drop();
  }
});
