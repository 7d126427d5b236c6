// Shared by the checks that tests/deploy/install_test.sh runs against an installed baro behind nginx:
// the addresses it passes, psql as PostgreSQL's superuser, raw HTTPS requests, moderator sessions and
// an SSE reader that waits for a condition.
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

export const base = process.env.BARO_HTTPS_BASE;
export const bin = process.env.BARO_INSTALLED_BIN;
const pgPort = process.env.BARO_PG_PORT;
const serviceEnv = Object.fromEntries(fs.readFileSync(process.env.BARO_ENV_FILE, 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

/** Rows from the installed database (or the cluster on `port`), as PostgreSQL's superuser over the Unix socket. */
export function sql(query, port = pgPort) {
  const out = execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-At', '-F', '\t', '-p', port, '-d', 'baro',
    '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}
export const literal = (s) => `'${s.replace(/'/g, "''")}'`;

/** One request without decompression or redirects: status, headers and the bytes as sent. */
export function raw(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? https : http).request(u, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A moderator account made with the installed binary as user baro; returns its one-time password. */
export function addUser(email, role) {
  const out = execFileSync('runuser', ['-u', 'baro', '--', bin, 'user', 'add', '--email', email, '--role', role],
    { env: { ...process.env, ...serviceEnv }, encoding: 'utf8' });
  return out.match(/one-time password: (\S+)/)[1];
}

/** Logs in through nginx (replacing a one-time password first); returns the session cookie and CSRF token. */
export async function login(email, password) {
  const r = await fetch(`${base}/mod/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ email, password, code: '' }).toString(),
  });
  assert.equal(r.status, 303, `login of ${email}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  assert.match(cookie, /^__Host-baro_session=/, 'an HTTPS public URL gives the __Host- cookie');
  const session = async () => (await fetch(`${base}/api/v1/mod/session`, { headers: { cookie } })).json();
  let me = await session();
  if (me.must_change_password) {
    // A one-time password must be replaced before anything else; the session stays open.
    const chosen = `chosen ${password}`;
    const r = await fetch(`${base}/mod/password`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, cookie },
      body: new URLSearchParams({ csrf: me.csrf, current: password, new: chosen, repeat: chosen }).toString(),
    });
    assert.equal(r.status, 303, `password change of ${email}`);
    me = await session();
    assert.equal(me.must_change_password, false);
  }
  return { email, cookie, csrf: me.csrf };
}

/** Opens, then publishes contribution `id` as moderator `who`; both must answer 200. Returns the
 * time (performance.now()) the publish decision's 200 arrived. */
export async function publish(who, id) {
  const call = (p, body) => fetch(`${base}${p}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json', origin: base },
    body: JSON.stringify(body),
  });
  assert.equal((await call(`/api/v1/mod/contributions/${id}/open`, {})).status, 200);
  const decided = await call(`/api/v1/mod/contributions/${id}/decision`, { action: 'publish' });
  const at = performance.now();
  assert.equal(decided.status, 200);
  return at;
}

/**
 * An SSE reader through nginx. The stream is read without pause from the start into `buffer`, each
 * chunk stamped with the time it arrived. until(pred, ms) waits until pred(everything so far) holds
 * and returns the time (performance.now()) of the chunk that made it hold; it fails after ms, or
 * when the stream ends first. (Reading only while a caller waits, and racing each read against a
 * timer, loses the chunk a read abandoned by the timer receives: one ended up with no event.)
 */
export async function openEvents(path, headers = {}) {
  const ctrl = new AbortController();
  const res = await fetch(`${base}${path}`, { signal: ctrl.signal, headers });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const chunks = [];   // { at, end }: buffer.slice(0, end) had arrived at time `at`
  let ended = null;
  let wake = () => {};
  const events = {
    res,
    buffer: '',
    async until(pred, ms) {
      const deadline = performance.now() + ms;
      for (;;) {
        if (pred(events.buffer)) {
          const first = chunks.find((c) => pred(events.buffer.slice(0, c.end)));
          return first ? first.at : performance.now();
        }
        if (ended) throw new Error(`the stream ended (${ended}); got:\n${events.buffer}`);
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`timed out; got:\n${events.buffer.slice(0, 2000)}`);
        let timer;
        await new Promise((r) => { wake = r; timer = setTimeout(r, left); });
        clearTimeout(timer);
      }
    },
    close() { ctrl.abort(); },
  };
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { ended = 'closed'; break; }
        events.buffer += decoder.decode(value, { stream: true });
        chunks.push({ at: performance.now(), end: events.buffer.length });
        wake();
      }
    } catch (e) {
      ended = e.message;
    }
    wake();
  })();
  return events;
}

/** True for the SSE frame that publishes contribution `id`. */
export const publishes = (id) => (b) => b.split('\n\n').some((f) => f.includes('event: contribution') && f.includes(`"id":${id}`));
