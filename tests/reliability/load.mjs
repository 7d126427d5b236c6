// A Twilio-like client for the reliability tests: offers signed SMS webhooks at a steady rate over
// keep-alive connections and, like a gateway that must not lose a message, retries every delivery
// that did not get a 2xx (any status, a reset connection, a refused connection, a timeout) until it
// does. It remembers what was acknowledged, so that a test can check the database against it.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
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
   * rate: new deliveries offered per second.
   */
  constructor({ base, authToken, rate = 200, requestTimeoutMs = 10000 }) {
    this.url = `${base}/hooks/twilio`;
    this.authToken = authToken;
    this.rate = rate;
    this.requestTimeoutMs = requestTimeoutMs;
    this.tag = randomBytes(4).toString('hex');
    // Enough connections that an outage holds every delivery offered meanwhile at the server, not here.
    this.client = this.url.startsWith('https:') ? https : http;
    this.agent = new this.client.Agent({ keepAlive: true, maxSockets: 1024 });
    this.deliveries = [];        // every delivery offered, in order
    this.acked = new Set();      // MessageSids answered 2xx
    this.inFlight = 0;
    this.retries = 0;            // attempts after the first
    this.ackedAsDuplicate = 0;   // retries answered "already stored"
    this.attempts = 0;
    this.statuses = {};          // HTTP status → count, and error code → count
    this.log = [];               // every answered attempt: { sid, t0, t1, status, retryAfter }
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
    return { i, sid, fields, body: new URLSearchParams(fields).toString(),
      signature: twilioSignature(this.authToken, this.url, fields), attempts: 0, acked: false };
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
    const t0 = Date.now();
    let settled = false;
    const finish = (status, retryAfter) => {
      if (settled) return;
      settled = true;
      this.inFlight--;
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
      this.log.push({ sid: d.sid, t0, t1: Date.now(), status, retryAfter });
      if (typeof status === 'number' && status >= 200 && status < 300) {
        d.acked = true;
        this.acked.add(d.sid);
      } else {
        // Exponential backoff with jitter, as a gateway would: 50 ms doubling up to 1 s.
        const backoff = Math.min(1000, 50 * 2 ** Math.min(d.attempts - 1, 5)) * (0.5 + Math.random());
        if (!this.closed) setTimeout(() => this.send(d), backoff);
      }
      this.wake();
    };
    const req = this.client.request(this.url, {
      method: 'POST',
      agent: this.agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(d.body),
        'x-twilio-signature': d.signature,
      },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        // A 2xx without the thank-you is the answer to a delivery already stored by an earlier
        // attempt whose answer never arrived (committed, then the server died before replying).
        if (res.statusCode === 200 && d.attempts > 1 && !body.includes('<Message>')) this.ackedAsDuplicate++;
        finish(res.statusCode, res.headers['retry-after']);
      });
      res.on('error', (e) => finish(e.code ?? 'error'));
    });
    req.setTimeout(this.requestTimeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e) => finish(e.code ?? 'error'));
    req.end(d.body);
  }

  wake() {
    const waiters = this.idle;
    this.idle = [];
    for (const w of waiters) w();
  }

  /** Waits until every offered delivery is acknowledged; false after timeoutMs. */
  async drain(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (this.offering || this.acked.size < this.deliveries.length) {
      if (Date.now() > deadline) return false;
      await Promise.race([new Promise((r) => this.idle.push(r)), sleep(100)]);
    }
    return true;
  }

  summary() {
    return { offered: this.deliveries.length, acked: this.acked.size, attempts: this.attempts,
      retries: this.retries, ackedAsDuplicate: this.ackedAsDuplicate, statuses: this.statuses };
  }

  /** Resolves at the next moment a request is in flight (or after maxMs): a kill then hits work. */
  async busy(maxMs = 300) {
    const deadline = Date.now() + maxMs;
    while (this.inFlight === 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  }

  /** Stops retrying and closes the connections. */
  close() { this.closed = true; this.offering = false; this.agent.destroy(); }
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
