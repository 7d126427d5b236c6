// Moderation-queue load client (tests/bench/queue_bench.sh runs it). Closed loop: CONC keep-alive
// connections, each sending the next request when the previous answer has arrived; per filter,
// REQUESTS requests in all; latency per request (send → full body), percentiles per filter.
//
// Each view stops early when MAX_SECONDS (default 60) have passed: the report gives the requests made.
//   node queue_load.mjs --base http://127.0.0.1:PORT --cookie 'baro_session=…' --requests 200 --conc 4 \
//        --filter 'new=status=new' --filter 'search=q=kono' --filter 'page2=status=new&after={next:status=new}'
//
// A filter "NAME=QUERY" is run as GET /api/v1/mod/contributions?QUERY. "{next:QUERY2}" in QUERY is
// replaced, once before the run, by the `next` cursor of GET …?QUERY2 (the second page of that view).
// Prints one JSON object: per filter the requests, non-200s, items per page, counts, p50/p95/p99/max.
import http from 'node:http';

const args = { filter: [] };
for (let i = 2; i < process.argv.length; i += 2) {
    const k = process.argv[i].replace(/^--/, '');
    if (k === 'filter') args.filter.push(process.argv[i + 1]);
    else args[k] = process.argv[i + 1];
}
const base = new URL(args.base);
const requests = Number(args.requests ?? 200);
const conc = Number(args.conc ?? 4);
const maxSeconds = Number(args['max-seconds'] ?? 60);   // per view: stop sending after this (slow views get fewer requests)
const warm = Number(args.warm ?? 5);   // unmeasured requests per view first (at least one: it describes the view)
const agent = new http.Agent({ keepAlive: true, maxSockets: conc });

function get(path) {
    return new Promise((resolve, reject) => {
        const t0 = process.hrtime.bigint();
        const req = http.request({ host: base.hostname, port: base.port, path, agent, headers: { Cookie: args.cookie, Accept: 'application/json' } }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
            res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
    });
}

const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null;
const r3 = (x) => (x == null ? null : Math.round(x * 1000) / 1000);

async function resolveQuery(q) {
    const m = q.match(/\{next:([^}]*)\}/);
    if (!m) return q;
    const r = await get(`/api/v1/mod/contributions?${m[1]}`);
    if (r.status !== 200) throw new Error(`cursor query ${m[1]}: HTTP ${r.status} ${r.body}`);
    const next = JSON.parse(r.body).next;
    if (!next) throw new Error(`cursor query ${m[1]}: no next page`);
    return q.replace(m[0], encodeURIComponent(next));
}

const out = { requests_per_filter: requests, concurrency: conc, filters: {} };
for (const spec of args.filter) {
    const eq = spec.indexOf('=');
    const name = spec.slice(0, eq);
    const query = await resolveQuery(spec.slice(eq + 1));
    const path = `/api/v1/mod/contributions?${query}`;
    // A few requests first, unmeasured (connections, caches); the first answer also describes the view.
    let first = null;
    for (let i = 0; i < Math.max(warm, 1); i++) {
        const r = await get(path);
        if (r.status !== 200) throw new Error(`${name}: HTTP ${r.status} ${r.body.toString().slice(0, 300)}`);
        first ??= JSON.parse(r.body);
    }
    const lat = [];
    let bad = 0, sent = 0;
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: conc }, async () => {
        while (sent < requests && Number(process.hrtime.bigint() - t0) / 1e9 < maxSeconds) {
            sent++;
            const r = await get(path);
            if (r.status !== 200) bad++;
            lat.push(r.ms);
        }
    }));
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    lat.sort((a, b) => a - b);
    out.filters[name] = {
        query, requests: lat.length, non_200: bad, rate: r3(lat.length / wall),
        items: first.items.length, has_next: first.next != null, counts: first.counts,
        latency_ms: { p50: r3(pct(lat, 50)), p95: r3(pct(lat, 95)), p99: r3(pct(lat, 99)), max: r3(lat[lat.length - 1]) },
    };
    process.stderr.write(`    ${name.padEnd(12)} ${query.slice(0, 60).padEnd(60)} p50 ${r3(pct(lat, 50))} p95 ${r3(pct(lat, 95))} p99 ${r3(pct(lat, 99))} ms\n`);
}
console.log(JSON.stringify(out));
agent.destroy();
