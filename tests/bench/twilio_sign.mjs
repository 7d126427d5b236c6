// Precomputes signed Twilio SMS webhooks for the Twilio ingest benchmark (tests/bench/ingest_bench.sh
// with BENCH_PATH=twilio), so that signing costs nothing during the timed runs.
//
//   node twilio_sign.mjs --url http://127.0.0.1:PORT/hooks/twilio --token AUTH_TOKEN --tag 0000f1ed \
//        --count 150000 --out fixed.req
//
// Writes one request per line: "X-Twilio-Signature: SIG<TAB>BODY" (the urlencoded body has neither tabs
// nor newlines). tests/bench/ingest_load.mjs --requests and tests/bench/ingest_wrk.lua file:PATH send them.
// Each request is a distinct inbound SMS as Twilio posts it: MessageSid "SM" + TAG (8 hex) + 24 hex of
// the index (unique; rows are counted with external_id like 'twilio:SM' || TAG || '%'), AccountSid,
// From "+2237" + 7 varied digits, To, Body a line of the Bambara/French dev split of Bayelemabaga
// (alternating languages), NumMedia=0. The signature is Twilio's: base64(HMAC-SHA1(auth token, URL +
// name+value of every parameter, sorted by name)).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const a = { url: '', token: '', tag: '', count: 0, out: '' };
const v = process.argv.slice(2);
for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^--/, '')] = v[i + 1];
a.count = Number(a.count);
if (!a.url || !a.token || !/^[0-9a-f]{8}$/.test(a.tag) || !(a.count > 0) || !a.out) {
  console.error('usage: twilio_sign.mjs --url URL --token T --tag 8HEX --count N --out FILE');
  process.exit(2);
}

// Real sentences; at least three words, so that no line is a bare keyword (STOP, MT …).
const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), '../data/bayelemabaga');
const lines = (lang) => fs.readFileSync(path.join(corpus, `dev.${lang}`), 'utf8').split('\n')
  .map((l) => l.trim()).filter((l) => l.split(/\s+/).length >= 3);
const bam = lines('bam'), fr = lines('fr');

const account = 'AC' + crypto.createHash('md5').update(a.token).digest('hex');
const out = fs.openSync(a.out, 'w');
let chunk = [];
for (let i = 0; i < a.count; i++) {
  const params = {
    AccountSid: account,
    Body: i % 2 ? fr[(i >> 1) % fr.length] : bam[(i >> 1) % bam.length],
    From: '+2237' + String((i * 7919 + 1234567) % 10000000).padStart(7, '0'),
    MessageSid: 'SM' + a.tag + i.toString(16).padStart(24, '0'),
    NumMedia: '0',
    To: '+22370000000',
  };
  let data = a.url;
  for (const k of Object.keys(params).sort()) data += k + params[k];
  const sig = crypto.createHmac('sha1', a.token).update(data, 'utf8').digest('base64');
  chunk.push(`X-Twilio-Signature: ${sig}\t${new URLSearchParams(params).toString()}\n`);
  if (chunk.length === 4096) { fs.writeSync(out, chunk.join('')); chunk = []; }
}
fs.writeSync(out, chunk.join(''));
fs.closeSync(out);
