// A Twilio-like client for the reliability tests: offers signed SMS webhooks at a steady rate over
// keep-alive connections and, like a gateway that must not lose a message, retries every delivery
// that did not get a 2xx (any status, a reset connection, a refused connection, a timeout) until it
// does. It remembers what was acknowledged, so that a test can check the database against it.
//
// It speaks HTTP/1.1 itself over a pool of sockets (one request in flight on each), not through
// node:http: that client cost ~300 µs of CPU a request, so on two cores it, not baro, set the
// rate of a run meant to be at baro's maximum (issue 17). Responses are parsed just enough for a
// gateway: status, Content-Length or chunked end, Retry-After, Connection: close.
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';

// Bambara sentences with ɛ ɔ ɲ ŋ (and tone marks): what must survive byte for byte.
const sentences = [
  'An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.',
  'Ŋaniya bɛ an na ko sariya ka kɛ bɛɛ ye kelen ye.',
  'Kalanso ka jɔ dugu bɛɛ kɔnɔ, ɲɔgɔn dɛmɛ ka ɲɛ.',
  'Dɔgɔtɔrɔso ka surunya, ŋɔni tɛ kɛ sira kan.',
  'Mɔgɔw ka ɲɛnajɛ kɛ hɛrɛ la, kɔ̀nɔ́ ka di!',
];

/** A secrets file with a pepper and a Twilio auth token; remove() deletes it. */
export function writeSecrets() {
  const secrets = { pepper: randomBytes(32).toString('hex'), twilio: { auth_token: randomBytes(16).toString('hex') } };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-reliability-'));
  const file = path.join(dir, 'secrets.json');
  fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return { secrets, file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

// Twilio: HMAC-SHA1 over the URL followed by each parameter name and value, names sorted; base64.
function twilioSignature(token, url, fields) {
  const data = url + Object.keys(fields).sort().map((k) => k + fields[k]).join('');
  return createHmac('sha1', token).update(data).digest('base64');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A free port below the kernel's ephemeral range, for a server restarted on the same port: while it
 * is down, the client's own outgoing connections must not be given that port as their local port
 * (the kernel may pick it, and a connect to 127.0.0.1:P from port P connects the socket to itself).
 */
export async function stablePort() {
  let low = 32768;
  try { low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]); } catch { /* default */ }
  for (let i = 0; i < 100; i++) {
    const port = 20000 + Math.floor(Math.random() * Math.max(1000, low - 20000));
    const free = await new Promise((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port below the ephemeral range');
}

export class WebhookLoad {
  /**
   * base: the server's public URL (BARO_PUBLIC_URL; the same across restarts), http: or https: (nginx
   * in front; a self-signed certificate through NODE_EXTRA_CA_CERTS), authToken: Twilio's.
   * rate: new deliveries offered per second; maxSockets: connections at most.
   */
  constructor({ base, authToken, rate = 200, requestTimeoutMs = 10000, maxSockets = 1024 }) {
    this.url = `${base}/hooks/twilio`;
    this.authToken = authToken;
    this.rate = rate;
    this.requestTimeoutMs = requestTimeoutMs;
    this.tag = randomBytes(4).toString('hex');
    const u = new URL(this.url);
    this.target = { tls: u.protocol === 'https:', host: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
      path: u.pathname, hostHeader: u.host };
    // Enough connections that an outage holds many deliveries at the server, not here.
    this.maxSockets = maxSockets;
    this.sockets = new Set();    // open connections
    this.free = [];              // connected, nothing in flight
    this.waiting = [];           // deliveries sent while every connection was busy, oldest first
    this.deliveries = [];        // every delivery offered, in order
    this.acked = new Set();      // MessageSids answered 2xx
    this.inFlight = 0;
    this.retries = 0;            // attempts after the first
    this.ackedAsDuplicate = 0;   // retries answered "already stored"
    this.attempts = 0;
    this.statuses = {};          // HTTP status → count, and error code → count
    this.log = [];               // every answered attempt: { sid, t0 (sent), t1 (answered), status, retryAfter }
    this.t0 = Date.now();
    this.offering = false;
    this.closed = false;
    this.idle = [];
  }

  prefix() { return `SM${this.tag}`; }

  make(i) {
    const sid = `SM${this.tag}${i.toString(16).padStart(24, '0')}`;
    const from = `+2237${(6000000 + (i % 997)).toString().padStart(7, '0')}`;
    const fields = {
      ToCountry: 'ML', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received',
      Body: `${sentences[i % sentences.length]} (${i})`, FromCountry: 'ML', To: '+22370000000', NumSegments: '1',
      MessageSid: sid, AccountSid: 'AC0123456789abcdef0123456789abcdef', From: from, ApiVersion: '2010-04-01',
    };
    const body = Buffer.from(new URLSearchParams(fields).toString());
    const request = Buffer.concat([Buffer.from(`POST ${this.target.path} HTTP/1.1\r\nHost: ${this.target.hostHeader}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: ${body.length}\r\nX-Twilio-Signature: ${twilioSignature(this.authToken, this.url, fields)}\r\n\r\n`), body]);
    return { i, sid, fields, request, attempts: 0, acked: false };
  }

  /**
   * Offers `rate` new deliveries per second for `durationMs`; resolves when the last is offered. A
   * stalled event loop (a busy machine, a synchronous psql in the test) is caught up afterwards, as a
   * gateway's queue would be, so the number offered never depends on how busy the machine was.
   */
  async offer(durationMs) {
    this.offering = true;
    const start = Date.now();
    const total = Math.floor((durationMs * this.rate) / 1000);
    this.stopped = false;
    while (this.deliveries.length < total && !this.closed && !this.stopped) {
      const due = Math.min(Math.floor(((Date.now() - start) * this.rate) / 1000), total);
      while (this.deliveries.length < due) {
        const d = this.make(this.deliveries.length);
        this.deliveries.push(d);
        this.send(d);
      }
      await sleep(5);
    }
    this.offering = false;
  }

  /** Ends offer() early: the test has seen what it waited for. */
  stopOffering() { this.stopped = true; }

  /** Resolves once a delivery sent at or after `t` was acknowledged (false after timeoutMs). */
  async ackedSince(t, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (!this.log.some((e) => e.t0 >= t && e.status === 200)) {
      if (Date.now() > deadline) return false;
      await Promise.race([new Promise((r) => this.idle.push(r)), sleep(100)]);
    }
    return true;
  }

  send(d) {
    d.attempts++;
    this.attempts++;
    if (d.attempts > 1) this.retries++;
    this.inFlight++;
    d.t0 = Date.now();
    const c = this.free.pop();
    if (c) this.transmit(c, d);
    else if (this.sockets.size < this.maxSockets) this.connect(d);
    else this.waiting.push(d);
  }

  /** The answer to d's attempt (an HTTP status, or an error code such as ECONNRESET or TIMEOUT). */
  finish(d, status, retryAfter, body = '') {
    this.inFlight--;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    this.log.push({ sid: d.sid, t0: d.t0, t1: Date.now(), status, retryAfter });
    if (typeof status === 'number' && status >= 200 && status < 300) {
      // A 2xx without the thank-you is the answer to a delivery already stored by an earlier
      // attempt whose answer never arrived (committed, then the server died before replying).
      if (d.attempts > 1 && !body.includes('<Message>')) this.ackedAsDuplicate++;
      d.acked = true;
      this.acked.add(d.sid);
    } else if (!this.closed) {
      // Exponential backoff with jitter, as a gateway would: 50 ms doubling up to 1 s.
      const backoff = Math.min(1000, 50 * 2 ** Math.min(d.attempts - 1, 5)) * (0.5 + Math.random());
      setTimeout(() => this.send(d), backoff);
    }
    this.wake();
  }

  /** A new connection that carries d first. */
  connect(d) {
    const { tls: secure, host, port } = this.target;
    const socket = secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host }) : net.connect({ host, port });
    const c = { socket, current: null, buf: Buffer.alloc(0), timer: null };
    this.sockets.add(c);
    socket.setNoDelay(true);
    socket.once(secure ? 'secureConnect' : 'connect', () => { if (c.current === d) this.write(c, d); });
    socket.on('data', (chunk) => this.receive(c, chunk));
    const end = (code) => {
      if (!this.sockets.delete(c)) return;
      this.free = this.free.filter((x) => x !== c);
      clearTimeout(c.timer);
      const current = c.current;
      c.current = null;
      socket.destroy();
      if (current) this.finish(current, code);
      this.next();
    };
    socket.on('error', (e) => end(e.code ?? 'error'));
    socket.on('close', () => end('ECONNRESET'));
    c.end = end;
    this.arm(c, d);
  }

  arm(c, d) {
    c.current = d;
    c.timer = setTimeout(() => c.end('TIMEOUT'), this.requestTimeoutMs);
  }

  transmit(c, d) {
    this.arm(c, d);
    this.write(c, d);
  }

  /** An attempt's t0 is when its bytes leave, not when it began waiting for a connection. */
  write(c, d) {
    d.t0 = Date.now();
    c.socket.write(d.request);
  }

  /** A connection came free or went away: the oldest waiting delivery goes next. */
  next() {
    if (this.waiting.length === 0 || this.closed) return;
    const c = this.free.pop();
    if (c) this.transmit(c, this.waiting.shift());
    else if (this.sockets.size < this.maxSockets) this.connect(this.waiting.shift());
  }

  receive(c, chunk) {
    c.buf = c.buf.length ? Buffer.concat([c.buf, chunk]) : chunk;
    const head = c.buf.indexOf('\r\n\r\n');
    if (head < 0 || !c.current) return;
    const lines = c.buf.subarray(0, head).toString('latin1').split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const header = (name) => {
      const l = lines.find((x) => x.toLowerCase().startsWith(`${name}:`));
      return l === undefined ? undefined : l.slice(name.length + 1).trim();
    };
    let bodyEnd;
    const length = header('content-length');
    if (length !== undefined) {
      bodyEnd = head + 4 + Number(length);
      if (c.buf.length < bodyEnd) return;
    } else if ((header('transfer-encoding') ?? '').toLowerCase() === 'chunked') {
      const last = c.buf.indexOf('\r\n0\r\n\r\n', head);
      if (last < 0) return;
      bodyEnd = last + 7;
    } else {
      c.end('BADRESPONSE');
      return;
    }
    const body = c.buf.subarray(head + 4, bodyEnd).toString('utf8');
    c.buf = c.buf.subarray(bodyEnd);
    clearTimeout(c.timer);
    const d = c.current;
    c.current = null;
    const close = (header('connection') ?? '').toLowerCase() === 'close';
    this.finish(d, status, header('retry-after'), body);
    if (close) c.end('ECONNRESET');
    else if (this.sockets.has(c)) {
      this.free.push(c);
      this.next();
    }
  }

  wake() {
    const waiters = this.idle;
    this.idle = [];
    for (const w of waiters) w();
  }

  /**
   * Waits until every offered delivery is acknowledged; false once timeoutMs pass with no new
   * acknowledgement (at the maximum rate the backlog takes as long as it takes, while it moves).
   */
  async drain(timeoutMs) {
    let deadline = Date.now() + timeoutMs;
    let seen = this.acked.size;
    while (this.offering || this.acked.size < this.deliveries.length) {
      if (this.acked.size > seen) { seen = this.acked.size; deadline = Date.now() + timeoutMs; }
      if (Date.now() > deadline) return false;
      await Promise.race([new Promise((r) => this.idle.push(r)), sleep(100)]);
    }
    return true;
  }

  summary() {
    // The most acknowledgements answered in one second: the durable rate the run reached.
    const perSecond = new Map();
    for (const e of this.log) if (e.status === 200) perSecond.set(Math.floor(e.t1 / 1000), (perSecond.get(Math.floor(e.t1 / 1000)) ?? 0) + 1);
    return { offered: this.deliveries.length, acked: this.acked.size, attempts: this.attempts,
      retries: this.retries, ackedAsDuplicate: this.ackedAsDuplicate, statuses: this.statuses,
      peakAckedPerSecond: Math.max(0, ...perSecond.values()) };
  }

  /** Resolves at the next moment a request is in flight (or after maxMs): a kill then hits work. */
  async busy(maxMs = 300) {
    const deadline = Date.now() + maxMs;
    while (this.inFlight === 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  }

  /** Stops retrying and closes the connections. */
  close() {
    this.closed = true;
    this.offering = false;
    this.waiting = [];
    for (const c of [...this.sockets]) { c.current = null; c.end('closed'); }
  }
}

/**
 * Compares the database with what the client saw: every acknowledged MessageSid stored exactly
 * once with its text byte for byte, and no stored row the client does not know.
 * rows: [external_id, count, raw] grouped by external_id.
 */
export function checkStored(load, rows) {
  const problems = [];
  const bySid = new Map();
  for (const [externalId, count, raw] of rows) bySid.set(externalId.replace(/^twilio:/, ''), { count: Number(count), raw });
  const known = new Map(load.deliveries.map((d) => [d.sid, d]));
  let lost = 0;
  let duplicated = 0;
  let garbled = 0;
  for (const sid of load.acked) {
    const row = bySid.get(sid);
    if (!row) { lost++; if (lost <= 10) problems.push(`acknowledged ${sid} is not stored`); continue; }
    if (row.count !== 1) { duplicated++; if (duplicated <= 10) problems.push(`acknowledged ${sid} is stored ${row.count} times`); }
    if (row.raw !== known.get(sid).fields.Body) { garbled++; if (garbled <= 10) problems.push(`${sid}: stored ${JSON.stringify(row.raw)}`); }
  }
  let unknown = 0;
  for (const sid of bySid.keys()) if (!load.acked.has(sid)) unknown++;
  return { problems, lost, duplicated, garbled, stored: bySid.size, unknown,
    rows: [...bySid.values()].reduce((a, r) => a + r.count, 0) };
}
