// Open-loop load generator for the web form (tests/bench/ingest_bench.sh runs it).
// Offers a FIXED rate: request i is due at start + i/rate whatever happened to the earlier ones, and its
// latency is measured from that due time (no coordinated omission: a stalled server shows up as latency,
// not as a lower offered rate). Every POST is a distinct contribution: unique nonce and text.
//
//   node ingest_load.mjs --url http://127.0.0.1:8080/c/matransition?lang=fr --rate 2000 --seconds 30 \
//        --conns 64 --run r2000-abcd
//   node ingest_load.mjs --url http://127.0.0.1:8080/hooks/twilio --rate 5000 --seconds 30 \
//        --requests fixed.req --ok 200      (precomputed requests, tests/bench/twilio_sign.mjs: one line
//                                            "Header: value<TAB>body" each; request i is line i)
//
// Prints one JSON object: offered/sent/achieved rates, status counts, latency percentiles (ms), the
// generator's own delay in sending (due time to written) and the five worst seconds by p99.
import fs from 'node:fs';
import net from 'node:net';

function args() {
  const a = { rate: 2000, seconds: 30, conns: 64, run: 'bench', url: '', requests: '', ok: '303' };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^--/, '')] = v[i + 1];
  a.rate = Number(a.rate); a.seconds = Number(a.seconds); a.conns = Number(a.conns);
  if (!a.url || !(a.rate > 0) || !(a.seconds > 0)) {
    console.error('usage: ingest_load.mjs --url URL --rate N --seconds D [--conns C] [--run ID] [--requests FILE --ok STATUS]');
    process.exit(2);
  }
  return a;
}

const regions = ['bamako', 'kayes', 'koulikoro', 'sikasso', 'segou', 'mopti', 'tombouctou', 'gao', 'kidal',
  'taoudenit', 'menaka', 'nioro', 'kita', 'dioila', 'nara', 'bougouni', 'koutiala', 'san', 'douentza',
  'bandiagara', 'diaspora', ''];
const sentences = [
  "Nous voulons de l'eau potable dans chaque quartier et des forages entretenus toute l'année.",
  "Les écoles manquent d'enseignants ; nos enfants font dix kilomètres à pied pour aller en classe.",
  "Dugukolo sɛnɛ ka kan ka dɛmɛ, sɛnɛkɛlaw mago bɛ jiri ni nɔgɔ la.",
  "Il faut des routes praticables pendant l'hivernage pour que les marchés restent ouverts.",
  "La santé d'abord : un centre de santé communautaire avec une sage-femme dans chaque commune.",
  "Les jeunes ont besoin de formation professionnelle et de crédits pour lancer leurs activités.",
  "Kalanso caman ka kan ka jɔ, karamɔgɔw ka sara ka bɔ a waati la.",
  "Que les élections soient transparentes et que les résultats soient publiés bureau par bureau.",
];

function body(run, i) {
  const text = `${sentences[i % sentences.length]} ${sentences[(i * 7 + 3) % sentences.length]} (n° ${i})`;
  return new URLSearchParams({ nonce: `${run}-${i}`, text, region: regions[i % regions.length] }).toString();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[k].toFixed(3));
}

// A bare HTTP/1.1 client over keep-alive sockets: node's http module costs ~250 µs of CPU per request,
// which on a 2-core machine would be stolen from the server under test; this costs a fraction of that.
async function main() {
  const a = args();
  const url = new URL(a.url);
  const host = url.hostname, port = Number(url.port || 80), target = url.pathname + url.search;
  const line1 = `POST ${target} HTTP/1.1\r\n`;
  const rest = `Host: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept-Language: fr\r\nContent-Length: `;
  const head = line1 + rest;
  const total = Math.round(a.rate * a.seconds);
  // Precomputed requests, read before the clock starts: [extra header line, body] per request.
  let pre = null;
  if (a.requests) {
    pre = fs.readFileSync(a.requests, 'utf8').split('\n', total).map((l) => {
      const t = l.indexOf('\t');
      return [l.slice(0, t), l.slice(t + 1)];
    });
    if (pre.length < total || pre[total - 1][1] === undefined) {
      console.error(`ingest_load: ${a.requests} has fewer than ${total} requests`);
      process.exit(2);
    }
  }
  const latency = new Float64Array(total);      // from due time (what a citizen waits)
  const service = new Float64Array(total);      // from the moment the request was written to a socket
  const late = new Float64Array(total);         // due time to written: the generator's own delay
  const statuses = {};
  let errors = 0, sent = 0, done = 0, lastDone = 0, finished = false;
  const waiting = [];                           // due requests no connection has taken yet
  let waitHead = 0;
  const idle = [];
  const cpu0 = process.cpuUsage();
  let t0 = 0;                                   // the clock starts once every connection is open
  let resolveAll;
  const all = new Promise((r) => { resolveAll = r; });

  const record = (i, start, key) => {
    const now = performance.now();
    latency[i] = now - (t0 + (i * 1000) / a.rate);
    service[i] = now - start;
    statuses[key] = (statuses[key] || 0) + 1;
    lastDone = now;
    if (++done === total) { finished = true; resolveAll(); }
  };
  const take = (c) => {
    if (waitHead < waiting.length) {
      const i = waiting[waitHead++];
      if (waitHead > 4096 && waitHead * 2 > waiting.length) { waiting.splice(0, waitHead); waitHead = 0; }
      c.cur = i;
      c.start = performance.now();
      late[i] = c.start - (t0 + (i * 1000) / a.rate);
      if (pre) {
        const [h, b] = pre[i];
        pre[i] = null;
        c.sock.write(line1 + h + '\r\n' + rest + Buffer.byteLength(b) + '\r\n\r\n' + b);
      } else {
        const b = body(a.run, i);
        c.sock.write(head + Buffer.byteLength(b) + '\r\n\r\n' + b);
      }
    } else idle.push(c);
  };
  const onData = (c, d) => {
    c.buf = c.buf.length ? Buffer.concat([c.buf, d]) : d;
    for (;;) {
      const end = c.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const h = c.buf.toString('latin1', 0, end);
      const m = /\r\ncontent-length:[ \t]*(\d+)/i.exec(h);
      const need = end + 4 + (m ? Number(m[1]) : 0);
      if (c.buf.length < need) return;
      c.buf = c.buf.subarray(need);
      const i = c.cur;
      c.cur = -1;
      if (i >= 0) record(i, c.start, h.slice(9, 12));
      if (/\r\nconnection:[ \t]*close/i.test(h)) return;   // 'close' reconnects
      if (!finished) take(c);
    }
  };
  const connect = (c) => {
    c.buf = Buffer.alloc(0);
    c.cur = -1;
    c.sock = net.connect({ host, port, noDelay: true }, () => {
      if (!c.opened) return take(c);
      const opened = c.opened;   // the first time: counted before the clock starts
      c.opened = null;
      opened();
    });
    c.sock.on('data', (d) => onData(c, d));
    c.sock.on('error', () => {});
    c.sock.on('close', () => {
      const k = idle.indexOf(c);
      if (k >= 0) idle.splice(k, 1);
      if (c.cur >= 0) { errors++; record(c.cur, c.start, 'error'); c.cur = -1; }
      if (!finished) setTimeout(() => connect(c), 10);
    });
  };
  const conns = Array.from({ length: a.conns }, () => ({}));
  // A gateway's keep-alive connections are open before a broadcast: the clock starts once all of ours
  // are, so that the first second does not measure the generator opening 512 sockets at once.
  await Promise.all(conns.map((c) => new Promise((opened) => { c.opened = opened; connect(c); })));
  conns.forEach((c) => idle.push(c));
  t0 = performance.now();

  // Every millisecond (or as soon as the event loop gets back here), queue whatever is due.
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * a.rate) / 1000) + 1);
    while (sent < due) {
      waiting.push(sent++);
      if (idle.length) take(idle.pop());
    }
    if (sent < total) setTimeout(tick, 1);
  };
  tick();
  await all;
  for (const c of conns) c.sock.destroy();

  const elapsed = (lastDone - t0) / 1000;
  const lat = Array.from(latency).sort((x, y) => x - y);
  const svc = Array.from(service).sort((x, y) => x - y);
  const cpu = process.cpuUsage(cpu0);
  // The run's worst seconds (by due time) and their p99: a stall shows as one or two of them.
  const perSecond = Math.max(1, Math.round(a.rate));
  const seconds = [];
  for (let s0 = 0; s0 < total; s0 += perSecond) {
    const w = Array.from(latency.subarray(s0, Math.min(total, s0 + perSecond))).sort((x, y) => x - y);
    seconds.push({ second: s0 / perSecond, p99: percentile(w, 99), max: percentile(w, 100) });
  }
  seconds.sort((x, y) => y.p99 - x.p99);
  const ok = statuses[a.ok] || 0;
  const non2xx = Object.entries(statuses).filter(([k]) => !/^2\d\d$/.test(k)).reduce((s, [, n]) => s + n, 0);
  const non2xx3xx = Object.entries(statuses).filter(([k]) => !/^[23]\d\d$/.test(k)).reduce((s, [, n]) => s + n, 0);
  console.log(JSON.stringify({
    run: a.run, offered_rate: a.rate, seconds: a.seconds, conns: a.conns, requests: total,
    elapsed_s: Number(elapsed.toFixed(3)),
    achieved_rate: Number((ok / elapsed).toFixed(1)),
    statuses, ok, ok_status: a.ok, ok303: statuses['303'] || 0, non_2xx_3xx: non2xx3xx, non_2xx: non2xx, errors,
    latency_ms: { p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99), p999: percentile(lat, 99.9), max: percentile(lat, 100) },
    service_ms: { p50: percentile(svc, 50), p99: percentile(svc, 99) },
    generator_late_ms: (() => { const l = Array.from(late).sort((x, y) => x - y); return { p50: percentile(l, 50), p99: percentile(l, 99), max: percentile(l, 100) }; })(),
    worst_seconds: seconds.slice(0, 5),
    generator_cpu_s: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
  }));
}

main().catch((e) => { console.error(e); process.exit(1); });
