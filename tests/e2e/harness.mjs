// Shared by the e2e tests: a fresh database per test file, a real `baro serve`, psql for
// reading what was stored, Debian's Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, createHmac } from 'node:crypto';

export const bin = process.env.BARO_BIN;
export const sourceDir = process.env.BARO_SOURCE_DIR;
const adminUrl = process.env.BARO_TEST_DATABASE_URL;
if (!bin || !adminUrl) {
  throw new Error('BARO_BIN and BARO_TEST_DATABASE_URL must be set (tests/run.sh sets them)');
}
export const outputDir = path.join(sourceDir, 'tests', 'e2e', 'output');
fs.mkdirSync(outputDir, { recursive: true });

/** Runs SQL through psql and returns rows as arrays of strings (unaligned, tab-separated). */
export function sql(url, query) {
  const out = execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-AtX', '-F', '\t', '-c', query],
    { encoding: 'utf8', maxBuffer: 1 << 30 });  // a reliability check reads every row of a max-rate run
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

/**
 * Resolves once the search indexer has caught up (sql/029): every contribution committed so far is
 * searchable. Search follows the acknowledged write by about a tenth of a second; wait for it, never sleep.
 */
export async function searchable(url, ms = 20000) {
  const deadline = Date.now() + ms;
  while (sql(url, 'select count(*) from search_pending')[0][0] !== '0') {
    if (Date.now() > deadline) throw new Error('the search indexer did not catch up');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A fresh, migrated database with the demo consultation; dropped by drop(). */
export function createDatabase(prefix = 'e2e') {
  const name = `baro_${prefix}_${randomBytes(4).toString('hex')}`;
  sql(adminUrl, `create database ${name}`);
  const url = adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const env = { ...process.env, BARO_DATABASE_URL: url };
  execFileSync(bin, ['migrate'], { env, stdio: 'pipe' });
  execFileSync(bin, ['seed-demo', '--without-contributions'], { env, stdio: 'pipe' });
  return {
    url,
    name,
    drop() {
      sql(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Starts `baro serve` against `dbUrl`; resolves once /healthz answers. `options.port` listens on
 * that port instead of a free one (a restart on the same address, as a supervisor would do);
 * `options.nofile` sets its descriptor limit.
 */
export async function startServer(dbUrl, extraEnv = {}, options = {}) {
  const port = options.port ?? await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, BARO_DATABASE_URL: dbUrl, BARO_LISTEN: `127.0.0.1:${port}`, BARO_PUBLIC_URL: base, ...extraEnv };
  // options.nofile: run under that descriptor limit (soft and hard), as a unit's LimitNOFILE would.
  const proc = options.nofile
    ? spawn('sh', ['-c', `ulimit -n ${Number(options.nofile)} && exec "$0" serve`, bin], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null) throw new Error(`baro serve exited early:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    port,
    proc,
    exited,
    log: () => log,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Debian's Chromium, headless, as the machine allows it. */
export async function launchBrowser(options = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
}

/** A TCP proxy in front of PostgreSQL that a test can cut and restore, to play a database outage. */
export async function startProxy(targetPort) {
  const sockets = new Set();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) { client.destroy(); return; }
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client); sockets.add(upstream);
    client.pipe(upstream); upstream.pipe(client);
    const close = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', close); upstream.on('error', close); client.on('close', close); upstream.on('close', close);
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    cut() { open = false; for (const s of sockets) s.destroy(); sockets.clear(); },
    restore() { open = true; },
    close() { open = false; for (const s of sockets) s.destroy(); return new Promise((r) => server.close(r)); },
  };
}

/** Posts an urlencoded form without following the redirect. */
export function postForm(base, slug, fields, headers = {}) {
  return fetch(`${base}/c/${slug}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/**
 * A console account ready to use: `baro user add`, then the first login's required change of the
 * one-time password through POST /mod/password. Returns the password now in force.
 */
export async function addModerator(base, dbUrl, email, role) {
  const out = execFileSync(bin, ['user', 'add', '--email', email, '--role', role],
    { env: { ...process.env, BARO_DATABASE_URL: dbUrl }, encoding: 'utf8' });
  const oneTime = out.match(/one-time password: (\S+)/)[1];
  const password = `chosen ${randomBytes(6).toString('hex')}`;
  const form = (fields) => new URLSearchParams(fields).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: base };
  const login = await fetch(`${base}/mod/login`, { method: 'POST', redirect: 'manual', headers, body: form({ email, password: oneTime }) });
  if (login.status !== 303) throw new Error(`first login of ${email}: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf, must_change_password: mustChange } = await (await fetch(`${base}/api/v1/mod/session`, { headers: { cookie } })).json();
  if (!mustChange) return oneTime;
  const changed = await fetch(`${base}/mod/password`, {
    method: 'POST', redirect: 'manual', headers: { ...headers, cookie },
    body: form({ csrf, current: oneTime, new: password, repeat: password }) });
  if (changed.status !== 303) throw new Error(`password change of ${email}: ${changed.status}`);
  return password;
}

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) for a base32 secret, as an authenticator app computes it.
function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
export function totp(secret, time = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 30)));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}
