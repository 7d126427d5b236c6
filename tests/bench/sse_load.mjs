// SSE fan-out load client (tests/bench/sse_bench.sh runs it). Raw TCP sockets, no EventSource:
// a subscriber costs the client a socket and a few hundred bytes.
//
//   node sse_load.mjs --port PORT --path '/api/v1/consultations/matransition/events?lang=fr' \
//        --subscribers 15000 --workers 4 --server-pid PID --db URL --consultation-id 1 \
//        --publishes 20 --interval-ms 2000 [--settle-ms 5000] [--connect-timeout-ms 120000]
//        [--client native --client-bin build/sse_client]   (workers in C++: tests/bench/sse_client.cpp)
//
// 1. Forks WORKERS processes; each opens its share of the subscribers (in bursts of 100) and counts one
//    as connected when the response head (HTTP/1.1 200) has arrived.
// 2. When all are connected (or the timeout passed: the report says how many), waits SETTLE ms and
//    reads the server's VmRSS and open files from /proc/PID (before connecting too).
// 3. Publishes PUBLISHES contributions, INTERVAL ms apart, each in one psql transaction: INSERT a
//    published row, baro_notify_publish(consultation, id, true) (sql/018: pg_notify with the event's global id) (what
//    store::notify_publish sends), then clock_timestamp() just before COMMIT = the publish time t0.
// 4. Every worker stamps, per subscriber, the wall-clock time the `contribution` event carrying that id
//    arrived (performance.timeOrigin + now(), same clock as PostgreSQL's clock_timestamp()).
// Prints one JSON object: connection counts, RSS, per-publish delays (first / median / p99 / last
// subscriber), and over all publishes p50/p99/max of the last-subscriber delay.
import { fork, execFile, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const wallMs = () => performance.timeOrigin + performance.now();

if (process.env.SSE_WORKER) {
    // ---------------------------------------------------------------- worker: M subscribers
    const count = Number(process.env.SSE_COUNT);
    const port = Number(args.port);
    const request = `GET ${args.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`;
    const seen = new Map();           // contribution id -> Float64Array of arrival times per subscriber (0 = not yet)
    let connected = 0, failed = 0, closed = 0, opened = 0;
    const errors = {};
    // nlohmann::json writes keys in order: {"contribution":{"channel":…,"id":N,…},"event":"publish"}
    const re = /event: contribution\ndata: [^\n]*?"id":(\d+)/g;
    function open(idx) {
        const s = net.connect({ port, host: '127.0.0.1' });
        let head = false, tail = '';
        s.setNoDelay(true);
        s.on('connect', () => s.write(request));
        s.on('data', (buf) => {
            const t = wallMs();
            let text = tail + buf.toString('latin1');
            if (!head) {
                if (!text.includes('\r\n\r\n')) { tail = text; return; }
                if (!text.startsWith('HTTP/1.1 200')) { s.destroy(); return; }   // counted as failed on close
                head = true; connected++;
            }
            re.lastIndex = 0;
            let m;
            while ((m = re.exec(text)) !== null) {
                const id = Number(m[1]);
                let a = seen.get(id);
                if (!a) { a = new Float64Array(count); seen.set(id, a); }
                if (a[idx] === 0) a[idx] = t;
            }
            // keep a partial last frame for the next chunk
            const end = text.lastIndexOf('\n\n');
            tail = end >= 0 ? text.slice(end + 2) : text;
            if (tail.length > 65536) tail = tail.slice(-4096);
        });
        s.on('error', (e) => { errors[e.code] = (errors[e.code] ?? 0) + 1; });
        s.on('close', () => { closed++; if (!head) failed++; });
    }
    function burst() {
        const n = Math.min(count - opened, 100);
        for (let i = 0; i < n; i++) open(opened++);
        if (opened < count) setTimeout(burst, 5);
    }
    burst();
    const report = setInterval(() => process.send({ type: 'status', connected, failed, closed, errors }), 250);
    process.on('message', (msg) => {
        if (msg.type === 'collect') {
            const out = {};
            for (const id of msg.ids) out[id] = Array.from(seen.get(id) ?? new Float64Array(count));
            process.send({ type: 'times', times: out, connected, failed, closed, errors });
        } else if (msg.type === 'exit') {
            clearInterval(report);
            process.exit(0);
        }
    });
} else {
    // ---------------------------------------------------------------- coordinator
    const total = Number(args.subscribers ?? 15000);
    const nworkers = Number(args.workers ?? 4);
    const publishes = Number(args.publishes ?? 20);
    const interval = Number(args['interval-ms'] ?? 2000);
    const settle = Number(args['settle-ms'] ?? 5000);
    const connectTimeout = Number(args['connect-timeout-ms'] ?? 120000);
    const pid = args['server-pid'];
    const proc = (key) => {
        const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'));
        return m ? Number(m[1]) : null;
    };
    const fds = () => fs.readdirSync(`/proc/${pid}/fd`).length;
    const log = (s) => process.stderr.write(`    ${s}\n`);
    // --client native: tests/bench/sse_client.cpp (one epoll loop per worker), driven over its
    // stdin/stdout with the same messages a Node worker exchanges with process.send.
    const nativeWorker = (n) => {
        const child = spawn(args['client-bin'], [args.port, args.path, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
        const w = new EventEmitter();
        let buffered = '';
        child.stdout.setEncoding('latin1');
        child.stdout.on('data', (chunk) => {
            buffered += chunk;
            for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
                const line = buffered.slice(0, nl);
                buffered = buffered.slice(nl + 1);
                if (line) w.emit('message', JSON.parse(line));
            }
        });
        child.on('exit', (code) => w.emit('exit', code));
        w.send = (m) => child.stdin.write(m.type === 'collect' ? `collect ${m.ids.join(',')}\n` : `${m.type}\n`);
        return w;
    };

    const out = { subscribers_wanted: total, workers: nworkers, client_nofile: null };
    out.rss_kb_before = proc('VmRSS');
    out.fds_before = fds();
    const workers = [];
    const status = [];
    const share = (i) => Math.floor(total / nworkers) + (i < total % nworkers ? 1 : 0);
    for (let i = 0; i < nworkers; i++) {
        const w = args.client === 'native'
            ? nativeWorker(share(i))
            : fork(new URL(import.meta.url).pathname, process.argv.slice(2), { env: { ...process.env, SSE_WORKER: '1', SSE_COUNT: String(share(i)) } });
        status.push({ connected: 0, failed: 0, closed: 0, errors: {} });
        w.on('message', (m) => { if (m.type === 'status') status[i] = m; });
        workers.push(w);
    }
    const sum = (k) => status.reduce((a, s) => a + s[k], 0);
    const t0 = Date.now();
    let lastLog = 0;
    while (sum('connected') + sum('failed') < total && Date.now() - t0 < connectTimeout) {
        await new Promise((r) => setTimeout(r, 250));
        if (Date.now() - lastLog > 5000) { lastLog = Date.now(); log(`connected ${sum('connected')}/${total} (failed ${sum('failed')})`); }
    }
    out.connect_seconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, settle));
    out.connected = sum('connected');
    out.failed = sum('failed');
    out.closed_during_connect = sum('closed');
    out.errors = status.reduce((a, s) => { for (const [k, v] of Object.entries(s.errors)) a[k] = (a[k] ?? 0) + v; return a; }, {});
    out.rss_kb_idle = proc('VmRSS');
    out.fds_idle = fds();
    out.bytes_per_idle_subscriber = out.connected ? Math.round(((out.rss_kb_idle - out.rss_kb_before) * 1024) / out.connected) : null;
    log(`connected ${out.connected}/${total} in ${out.connect_seconds} s; failed ${out.failed}; server RSS ${out.rss_kb_before} -> ${out.rss_kb_idle} kB (${out.bytes_per_idle_subscriber} B per subscriber), fds ${out.fds_idle}`);

    // publish
    const cid = Number(args['consultation-id']);
    const run = `sse${Date.now()}`;
    const published = [];
    const publish = (i) => new Promise((resolve, reject) => {
        const sql = `begin;
insert into contribution (consultation_id, channel, external_id, display_text, search_key, language, script, region, status, suggested_themes, themes, published_at, decided_at)
  values (${cid}, 'web', '${run}:${i}', 'Il faut de l''eau potable et des centres de santé dans chaque commune (${run} ${i}).',
          'il faut de l eau potable et des centres de sante dans chaque commune', 'fr', 'latin', 'bamako', 'published', '{sante,agriculture}', '{sante,agriculture}', now(), now())
  returning id \\gset
select baro_notify_publish(${cid}, :id, true);
select :id || ' ' || (extract(epoch from clock_timestamp()) * 1000)::numeric(20,3);
commit;
`;
        const p = execFile('psql', [args.db, '-v', 'ON_ERROR_STOP=1', '-qAtX'], (err, stdout, stderr) => {
            if (err) return reject(new Error(stderr || err.message));
            const [id, ms] = stdout.trim().split('\n').pop().split(' ');
            resolve({ id: Number(id), t0: Number(ms) });
        });
        p.stdin.end(sql);
    });
    for (let i = 0; i < publishes; i++) {
        const started = Date.now();
        published.push(await publish(i));
        const wait = interval - (Date.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await new Promise((r) => setTimeout(r, Math.max(3000, interval)));
    out.rss_kb_after = proc('VmRSS');
    out.fds_after = fds();

    // collect
    const ids = published.map((p) => p.id);
    const replies = await Promise.all(workers.map((w) => new Promise((resolve) => {
        w.on('message', (m) => { if (m.type === 'times') resolve(m); });
        w.send({ type: 'collect', ids });
    })));
    out.connected_at_end = replies.reduce((a, r) => a + r.connected, 0);
    out.closed_at_end = replies.reduce((a, r) => a + r.closed, 0);
    const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    const r1 = (x) => Math.round(x * 10) / 10;
    out.publishes = [];
    for (const p of published) {
        const d = [];
        let missing = 0;
        for (const r of replies) for (const t of r.times[p.id]) { if (t > 0) d.push(t - p.t0); else missing++; }
        missing -= (total - out.connected);   // subscribers that never connected are not "missing"
        d.sort((a, b) => a - b);
        out.publishes.push({ id: p.id, received: d.length, missing, first_ms: r1(d[0]), p50_ms: r1(q(d, 50)), p99_ms: r1(q(d, 99)), last_ms: r1(d[d.length - 1]) });
    }
    const lasts = out.publishes.filter((p) => p.received > 0).map((p) => p.last_ms).sort((a, b) => a - b);
    const p99s = out.publishes.filter((p) => p.received > 0).map((p) => p.p99_ms).sort((a, b) => a - b);
    out.last_subscriber_ms = lasts.length ? { p50: q(lasts, 50), p99: q(lasts, 99), max: lasts[lasts.length - 1] } : null;
    out.subscriber_p99_ms_median = p99s.length ? q(p99s, 50) : null;
    out.deliveries_missing = out.publishes.reduce((a, p) => a + p.missing, 0);
    // wait for the workers to end, so that /usr/bin/time around this script counts their CPU too
    await Promise.all(workers.map((w) => new Promise((resolve) => { w.on('exit', resolve); w.send({ type: 'exit' }); })));
    for (const p of out.publishes) log(`publish id ${p.id}: ${p.received} received, ${p.missing} missing; first ${p.first_ms} p50 ${p.p50_ms} p99 ${p.p99_ms} last ${p.last_ms} ms`);
    console.log(JSON.stringify(out));
}
