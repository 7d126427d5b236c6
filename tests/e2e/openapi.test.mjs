// Keeps proto/openapi.yaml true:
//  1. it is an OpenAPI 3.1 document for a maintained validator (@apidevtools/swagger-parser, which
//     checks it against the OpenAPI 3.1 JSON Schema), every $ref resolves (local pointers, and the
//     JSON Schemas of proto/schemas/ referenced by relative path), every schema compiles under ajv's
//     strict mode, its examples fit their schemas, and its enums match the server's own lists
//     (errc names, regions, the form's fields, the workflow);
//  2. its paths and methods are exactly the routes server/**/*.cpp registers;
//  3. a real `baro serve` (every gateway switched on) answers documented requests with a status
//     the spec lists for that operation, in a documented media type, with a body that fits the
//     documented schema (the Error schema for JSON errors), checked by ajv (JSON Schema 2020-12)
//     with ajv-formats.
//
// Path mapping between the router and the spec: the router writes a rest-of-path parameter
// `{name*}` (server/http/router.hpp); OpenAPI has no such template, so the spec writes `{name}`
// and marks that path parameter `x-baro-rest: true`. Every other segment is compared verbatim.
// HEAD (routed to GET by the router) is not listed as an operation.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { bin, createDatabase, startServer, sourceDir } from './harness.mjs';

const specPath = path.join(sourceDir, 'proto', 'openapi.yaml');
const spec = parseYaml(fs.readFileSync(specPath, 'utf8'), { uniqueKeys: true, prettyErrors: true });
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// ---------------------------------------------------------------- spec helpers

// The documents a $ref may reach, by absolute path: openapi.yaml itself and files under proto/
// (the JSON Schemas of proto/schemas/, whose own relative $refs resolve against their file, as
// they do against their $id https://baro.ml/proto/schemas/…).
const protoDir = path.dirname(specPath);
const documents = new Map([[specPath, spec]]);
function documentAt(file) {
  if (!documents.has(file)) {
    assert.ok(file.startsWith(protoDir + path.sep), `$ref to a file outside proto/: ${file}`);
    if (!fs.existsSync(file)) return undefined;
    const text = fs.readFileSync(file, 'utf8');
    documents.set(file, file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true, prettyErrors: true }));
  }
  return documents.get(file);
}

/** Resolves `ref` written in the document `base`: `#/pointer`, `file.json` or `file.json#/pointer`. */
function resolveRef(ref, base = specPath) {
  assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(ref), `only local or relative $refs are used: ${ref}`);
  const hash = ref.indexOf('#');
  const file = hash === 0 ? base : path.resolve(path.dirname(base), hash < 0 ? ref : ref.slice(0, hash));
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  assert.ok(pointer === '' || pointer.startsWith('/'), `only JSON pointers after #: ${ref}`);
  let node = documentAt(file);
  for (const raw of pointer ? pointer.slice(1).split('/') : []) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node === undefined ? undefined : { node, base: file };
}

/** Follows $refs from `node` (read in `base`); returns the target and the document it is in. */
function derefAt(node, base = specPath) {
  for (let i = 0; node && typeof node === 'object' && typeof node.$ref === 'string'; i++) {
    assert.ok(i < 20, 'a $ref cycle');
    const target = resolveRef(node.$ref, base);
    assert.ok(target !== undefined, `unresolved $ref ${node.$ref} in ${path.relative(protoDir, base)}`);
    ({ node, base } = target);
  }
  return { node, base };
}
const deref = (node, base = specPath) => derefAt(node, base).node;

/** A JSON pointer token. */
const esc = (key) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

function* walk(node, where = '#') {
  if (node === null || typeof node !== 'object') return;
  yield [node, where];
  for (const [k, v] of Object.entries(node)) yield* walk(v, `${where}/${esc(k)}`);
}

// ---------------------------------------------------------------- schema validation (ajv)

// The spec's schemas are validated by ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) in
// strict mode, so a keyword it does not know is an error, not silently ignored. openapi.yaml is
// registered under the base URI its relative $refs resolve against (the proto/schemas files carry
// $ids under https://baro.ml/proto/schemas/), and a schema anywhere in it is compiled as a $ref to
// its JSON pointer, so `#/components/…` and `schemas/contribution.json` resolve as in the document.
const SPEC_ID = 'https://baro.ml/proto/openapi.yaml';
// strictSchema and strictTuples stay on; union types and `required` beside anyOf branches are
// ordinary JSON Schema that the spec uses on purpose.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
addFormats(ajv);
// OpenAPI's own schema keywords (annotations for ajv), and the document's top-level members that
// hold schemas; plus every x- extension the document uses.
const extensions = new Set();
for (const [node] of walk(spec)) for (const k of Object.keys(node)) if (k.startsWith('x-')) extensions.add(k);
ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs', 'openapi', 'info', 'servers', 'tags', 'paths', 'components', ...extensions]);
for (const name of fs.readdirSync(path.join(protoDir, 'schemas')).filter((n) => n.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(protoDir, 'schemas', name), 'utf8')));
}
ajv.addSchema({ ...spec, $id: SPEC_ID });
const validators = new Map();

/** The ajv validator of the schema at `pointer` ('#/…') in openapi.yaml; throws if it does not compile. */
function validatorAt(pointer) {
  if (!validators.has(pointer)) validators.set(pointer, ajv.compile({ $ref: `${SPEC_ID}${pointer}` }));
  return validators.get(pointer);
}

/** The problems of `value` against the schema at `pointer` in openapi.yaml (an empty list when it fits). */
function validate(pointer, value) {
  const check = validatorAt(pointer);
  return check(value) ? [] : check.errors.map((e) => `${e.instancePath || '$'} ${e.message} (${e.schemaPath})`);
}

/** Follows local $refs from the node at `pointer`: the pointer of what it finally names. */
function resolvePointer(pointer) {
  for (let i = 0; ; i++) {
    assert.ok(i < 20, 'a $ref cycle');
    const node = resolveRef(pointer)?.node;
    assert.ok(node !== undefined, `nothing at ${pointer}`);
    if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return pointer;
    pointer = node.$ref;
  }
}

/**
 * Every document a $ref reaches from openapi.yaml (transitively), by absolute path, with every
 * $ref in it and whether it resolves.
 */
function reachableDocuments() {
  const refs = [];
  const queue = [specPath];
  const seen = new Set(queue);
  while (queue.length) {
    const file = queue.shift();
    for (const [node, where] of walk(documentAt(file))) {
      if (typeof node.$ref !== 'string') continue;
      const target = resolveRef(node.$ref, file);
      refs.push({ ref: node.$ref, where: `${path.relative(protoDir, file)}${where.slice(1)}`, ok: target !== undefined });
      if (target && !seen.has(target.base)) { seen.add(target.base); queue.push(target.base); }
    }
  }
  return { files: [...seen], refs };
}

/** Every schema object reachable from the spec, with its location. */
function* schemas() {
  for (const [node, where] of walk(spec)) {
    if (node.schema && typeof node.schema === 'object') yield [node.schema, `${where}/schema`];
  }
  for (const [name, s] of Object.entries(spec.components?.schemas ?? {})) yield [s, `#/components/schemas/${name}`];
  for (const file of reachableDocuments().files.filter((f) => f !== specPath)) yield [documentAt(file), path.relative(protoDir, file)];
}

/** The operation for `method` and the spec path template `template`. */
function operation(method, template) {
  const item = spec.paths[template];
  assert.ok(item, `no path ${template} in the spec`);
  const op = item[method.toLowerCase()];
  assert.ok(op, `no ${method} ${template} in the spec`);
  return { item, op };
}

const mediaBase = (type) => (type ?? '').split(';')[0].trim().toLowerCase();

// ---------------------------------------------------------------- 1. the document itself

test('openapi.yaml is an OpenAPI 3.1 document with info and paths', () => {
  assert.match(String(spec.openapi), /^3\.1\.\d+$/);
  assert.equal(typeof spec.info?.title, 'string');
  assert.equal(typeof spec.info?.version, 'string');
  assert.ok(spec.paths && Object.keys(spec.paths).length > 0);
  assert.ok(!fs.existsSync(path.join(sourceDir, 'proto', 'channels.yaml')), 'the channels fragment is merged into openapi.yaml');
  assert.ok(!fs.existsSync(path.join(sourceDir, 'proto', 'publish.yaml')), 'the publishing fragment is merged into openapi.yaml');
});

test('openapi.yaml is valid OpenAPI 3.1 for a maintained validator, which rejects the stray key of issue #10', async () => {
  // swagger-parser parses the YAML itself, resolves every $ref (proto/schemas too) and validates the
  // document against the OpenAPI 3.1 schema; it throws with the list of problems.
  const api = await new SwaggerParser().validate(specPath);
  assert.equal(api.openapi, spec.openapi);
  // The old document: an unquoted description with a comma in a flow mapping gave the parameter a
  // stray key ("else suggested ones)."). A copy of proto/ with that line must be rejected.
  const text = fs.readFileSync(specPath, 'utf8');
  const quoted = "description: 'A theme slug (confirmed themes, else suggested ones).'";
  assert.ok(text.includes(quoted), 'the quoted theme description moved: update this test');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-openapi-broken-'));
  try {
    fs.cpSync(protoDir, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'openapi.yaml'), text.replace(quoted, quoted.replace(/'/g, '')));
    await assert.rejects(new SwaggerParser().validate(path.join(dir, 'openapi.yaml')),
      (e) => /unevaluated properties/.test(e.message) && /contributions\/get\/parameters\/2/.test(e.message));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every $ref resolves, and every JSON Schema in proto/schemas is reached and names itself', () => {
  const { files, refs } = reachableDocuments();
  for (const r of refs) assert.ok(r.ok, `${r.where}: unresolved $ref ${r.ref}`);
  assert.ok(refs.length > 20, `only ${refs.length} $refs found`);
  const schemaDir = path.join(protoDir, 'schemas');
  for (const name of fs.readdirSync(schemaDir).filter((n) => n.endsWith('.json'))) {
    const file = path.join(schemaDir, name);
    assert.ok(files.includes(file), `proto/schemas/${name} is not referenced from openapi.yaml`);
    assert.equal(documentAt(file).$id, `https://baro.ml/proto/schemas/${name}`, `proto/schemas/${name}: $id`);
  }
});

test('every operation: unique operationId, declared path parameters, described responses', () => {
  const ids = new Set();
  for (const [template, item] of Object.entries(spec.paths)) {
    const vars = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS.filter((m) => item[m])) {
      const op = item[method];
      const where = `${method.toUpperCase()} ${template}`;
      assert.ok(op.operationId && !ids.has(op.operationId), `${where}: missing or duplicate operationId`);
      ids.add(op.operationId);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(p));
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name).sort();
      assert.deepEqual(pathParams, [...vars].sort(), `${where}: path parameters`);
      for (const p of params.filter((p) => p.in === 'path')) assert.equal(p.required, true, `${where}: path parameter ${p.name} must be required`);
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${where}: no responses`);
      for (const [status, r] of Object.entries(op.responses)) {
        assert.match(status, /^[1-5]\d\d$/, `${where}: status ${status}`);
        assert.ok(deref(r).description?.trim(), `${where} ${status}: no description`);
      }
    }
  }
});

test('every schema compiles under ajv strict mode (no unknown keyword or format), and every example fits its schema', () => {
  let compiled = 0;
  for (const [node, where] of walk(spec)) {
    if (/\/(example|examples)(\/|$)/.test(where)) continue;
    if (node.schema && typeof node.schema === 'object') { validatorAt(`${where}/schema`); compiled++; }
  }
  for (const name of Object.keys(spec.components.schemas)) { validatorAt(`#/components/schemas/${esc(name)}`); compiled++; }
  assert.ok(compiled >= 50, `only ${compiled} schemas compiled`);
  let checked = 0;
  for (const [node, where] of walk(spec)) {
    if (!node.schema || typeof node.schema !== 'object') continue;
    const samples = [];
    if ('example' in node) samples.push(['example', node.example]);
    for (const [name, e] of Object.entries(node.examples ?? {})) samples.push([name, deref(e).value]);
    for (const [name, value] of samples) {
      assert.deepEqual(validate(`${where}/schema`, value), [], `${where} ${name}`);
      checked++;
    }
  }
  for (const [name, s] of Object.entries(spec.components.schemas)) {
    if ('example' in s) { assert.deepEqual(validate(`#/components/schemas/${esc(name)}`, s.example), [], `${name} example`); checked++; }
  }
  assert.ok(checked >= 20, `only ${checked} examples checked`);
  // ajv sees what a hand-written checker did not: a keyword misspelt, a format nobody knows.
  assert.throws(() => ajv.compile({ type: 'string', maxLenght: 3 }), /unknown keyword/);
  assert.deepEqual(validate('#/components/schemas/Error', { error: 'not_found', message: 'x' }), []);
  assert.notDeepEqual(validate('#/components/schemas/Error', { error: 'no_such_code', message: 'x' }), []);
});

test('the form and API examples carry Bambara text', () => {
  for (const [method, template, type] of [['post', '/c/{slug}', 'application/x-www-form-urlencoded'],
    ['post', '/api/v1/consultations/{slug}/contributions', 'application/json']]) {
    const { op } = operation(method, template);
    const examples = Object.values(op.requestBody.content[type].examples).map((e) => deref(e).value.text);
    assert.ok(examples.includes('An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.'), `${template}: ${examples}`);
  }
});

test('enums match the server: errc names, region slugs, the citizen form fields, the moderation workflow', () => {
  const errc = fs.readFileSync(path.join(sourceDir, 'server/core/errc.cpp'), 'utf8');
  const names = [...errc.matchAll(/case errc::\w+: return "(\w+)";/g)].map((m) => m[1]);
  assert.ok(names.length >= 10);
  assert.deepEqual([...spec.components.schemas.ErrorCode.enum].sort(), [...names].sort());

  const regions = fs.readFileSync(path.join(sourceDir, 'server/ingest/regions.hpp'), 'utf8');
  const slugs = [...regions.matchAll(/\{"([a-z]+)", "[^"]*"\}/g)].map((m) => m[1]);
  assert.ok(slugs.length >= 20);
  assert.deepEqual([...spec.components.schemas.Region.enum].sort(), ['', ...slugs].sort());

  // The form's fixed fields are in form.html; the region and the optional questions, asked only
  // when the consultation asks them, are built in citizen_pages.cpp.
  const form = fs.readFileSync(path.join(sourceDir, 'client-web/citizen/form.html'), 'utf8');
  const pages = fs.readFileSync(path.join(sourceDir, 'server/http/citizen_pages.cpp'), 'utf8');
  const fields = [...form.matchAll(/<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1])
    .concat([...pages.matchAll(/<select id=\\"\w+\\" name=\\"(\w+)\\"/g)].map((m) => m[1]))
    .concat([...pages.matchAll(/radio_group\(m, lang, "(\w+)"/g)].map((m) => m[1]));
  assert.ok(fields.includes('region') && fields.includes('gender') && fields.includes('age_band'));
  assert.deepEqual(Object.keys(spec.components.schemas.CitizenForm.properties).sort(), [...new Set(fields)].sort());

  const workflow = fs.readFileSync(path.join(sourceDir, 'server/moderation/rules/workflow.cpp'), 'utf8');
  const list = (fn) => [...workflow.match(new RegExp(`${fn}\\(\\)\\s*\\{[^}]*\\{([^}]*)\\}`))[1].matchAll(/"(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(spec.components.schemas.RejectReason.enum, list('reject_reasons'));
  assert.deepEqual(spec.components.schemas.ModerationAction.enum, list('actions'));
  const init = fs.readFileSync(path.join(sourceDir, 'sql/001_init.sql'), 'utf8');
  const statuses = [...init.match(/check \(status in \(([^)]*)\)\)/)[1].matchAll(/'(\w+)'/g)].map((m) => m[1]);
  assert.deepEqual(spec.components.schemas.ModerationStatus.enum, statuses);
});

// ---------------------------------------------------------------- 2. routes in the source = paths in the spec

/** Every file under server/ that registers routes, and the (method, pattern) pairs it registers. */
function registeredRoutes() {
  const files = [];
  const visit = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.(cpp|hpp)$/.test(e.name)) files.push(p);
    }
  };
  visit(path.join(sourceDir, 'server'));
  const routes = [];
  for (const file of files) {
    const src = fs.readFileSync(file, 'utf8');
    const rel = path.relative(sourceDir, file);
    // Form 1: routes.add({"GET", "/path", limit, handler});
    for (const m of src.matchAll(/\broutes\.add\(\s*\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"/g)) routes.push({ method: m[1], pattern: m[2], file: rel });
    // Form 2: a local lambda `auto add = [&](char const* method, char const* pattern, …)` that
    // forwards to routes.add({method, pattern, …}) or to add_mod_route — hook_routes.cpp
    // (`add(method, pattern, secret, fn)`, registered only when the gateway's secret is set) and the
    // mod_*_routes.cpp files (`add(method, pattern, limit, fn)`); called as add("POST", "/path", …).
    const forwards = /auto\s+add\s*=\s*\[[^\]]*\]\s*\(\s*char const\s*\*\s*method\s*,\s*char const\s*\*\s*pattern/.test(src);
    // A function that only forwards its (method, pattern) to routes.add — mod_support.cpp's
    // add_mod_route, which the mod_*_routes.cpp lambdas call — registers nothing of its own.
    const forwardingFunction = /\bvoid\s+\w+\(\s*route_table&\s*routes\s*,\s*services&\s*s\s*,\s*char const\s*\*\s*method\s*,\s*char const\s*\*\s*pattern/.test(src);
    if (forwards) {
      for (const m of src.matchAll(/(?<![.\w])add\(\s*"([A-Z]+)"\s*,\s*"([^"]+)"/g)) routes.push({ method: m[1], pattern: m[2], file: rel });
      // A call of the lambda with anything but two string literals first would be missed: fail loudly.
      for (const m of src.matchAll(/(?<![.\w])add\(\s*([^)]*)/g)) {
        assert.match(m[1], /^"[A-Z]+"\s*,\s*"[^"]+"/, `${rel}: unrecognised route registration "add(${m[1].slice(0, 40)}…" — teach openapi.test.mjs to read it`);
      }
    }
    // Anything else that calls routes.add is a registration this scan would miss: fail loudly.
    for (const m of src.matchAll(/\broutes\.add\(\s*\{\s*([^,]*),/g)) {
      const first = m[1].trim();
      if (/^"[A-Z]+"$/.test(first)) continue;
      assert.ok((forwards || forwardingFunction) && first === 'method', `${rel}: unrecognised route registration "routes.add({${first}, …" — teach openapi.test.mjs to read it`);
    }
  }
  return routes;
}

/** Router pattern → OpenAPI path template: `{name*}` becomes `{name}` (x-baro-rest). */
const toTemplate = (pattern) => pattern.replace(/\{([^}*]+)\*\}/g, '{$1}');

test('every route the server registers is in the spec, and every spec operation is a route', () => {
  const routes = registeredRoutes();
  assert.ok(routes.length >= 15, `only ${routes.length} routes found: the scan no longer matches the code`);
  const fromCode = new Set(routes.map((r) => `${r.method} ${toTemplate(r.pattern)}`));
  assert.equal(fromCode.size, routes.length, 'a route is registered twice');
  const fromSpec = new Set();
  for (const [template, item] of Object.entries(spec.paths))
    for (const m of METHODS) if (item[m]) fromSpec.add(`${m.toUpperCase()} ${template}`);
  assert.deepEqual([...fromCode].filter((r) => !fromSpec.has(r)), [], 'registered but not in proto/openapi.yaml');
  assert.deepEqual([...fromSpec].filter((r) => !fromCode.has(r)), [], 'in proto/openapi.yaml but not registered');

  // The rest-of-path parameters carry x-baro-rest, and only they do.
  for (const r of routes) {
    const template = toTemplate(r.pattern);
    const { item, op } = operation(r.method, template);
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(p)).filter((p) => p.in === 'path');
    const rest = [...r.pattern.matchAll(/\{([^}]+)\*\}/g)].map((m) => m[1]);
    for (const p of params) assert.equal(Boolean(p['x-baro-rest']), rest.includes(p.name), `${r.method} ${template}: x-baro-rest on ${p.name}`);
  }
});

// ---------------------------------------------------------------- 3. the live server answers as documented

const secrets = {
  pepper: randomBytes(32).toString('hex'),
  twilio: { auth_token: randomBytes(16).toString('hex') },
  africastalking: { sms_token: 'at-sms-' + randomBytes(12).toString('hex'), ussd_token: 'at-ussd-' + randomBytes(12).toString('hex') },
  orange: { token: 'or-' + randomBytes(12).toString('hex') },
  meta: { app_secret: 'meta-' + randomBytes(8).toString('hex'), verify_token: 'verify-' + randomBytes(8).toString('hex') },
  telegram: { secret_token: 'tg_' + randomBytes(12).toString('hex') },
  smssync: { secret: 'ss-' + randomBytes(12).toString('hex') },
};
let db;
let server;
let secretsDir;

before(async () => {
  db = createDatabase('openapi');
  secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baro-openapi-'));
  fs.writeFileSync(path.join(secretsDir, 'secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
  server = await startServer(db.url, { BARO_SECRETS_FILE: path.join(secretsDir, 'secrets.json') });
});
after(async () => {
  await server?.stop();
  db?.drop();
  if (secretsDir) fs.rmSync(secretsDir, { recursive: true, force: true });
});

/** A request over a bare socket, for what fetch will not send (a Content-Length with no body). */
function rawRequest(text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    let data = Buffer.alloc(0);
    socket.on('data', (d) => { data = Buffer.concat([data, d]); });
    socket.on('error', reject);
    socket.on('close', () => {
      const s = data.toString('utf8');
      const split = s.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = s.slice(0, split).split('\r\n');
      const headers = new Headers(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text: async () => s.slice(split + 4) });
    });
    socket.end(text);
  });
}

/**
 * Asserts that `res` is a documented answer of `method template`: the status is listed, the media
 * type is one the response lists, required headers are present, and the body fits the schema.
 * Returns the body text.
 */
async function conforms(method, template, res, expectedStatus) {
  const body = await res.text();
  const where = `${method} ${template} → ${res.status} ${body.slice(0, 200)}`;
  assert.equal(res.status, expectedStatus, where);
  const { op } = operation(method, template);
  const documented = op.responses[String(res.status)];
  assert.ok(documented, `${where}: status not in the spec (${Object.keys(op.responses).join(', ')})`);
  const responseAt = resolvePointer(`#/paths/${esc(template)}/${method.toLowerCase()}/responses/${res.status}`);
  const response = resolveRef(responseAt).node;
  for (const [name, h] of Object.entries(response.headers ?? {})) {
    const header = deref(h);
    if (!header.required) continue;
    const value = res.headers.get(name);
    assert.ok(value !== null, `${where}: header ${name} missing`);
    assert.deepEqual(validate(`${resolvePointer(`${responseAt}/headers/${esc(name)}`)}/schema`, value), [], `${where}: header ${name}`);
  }
  if (!response.content) return body;
  const type = mediaBase(res.headers.get('content-type'));
  const media = response.content[type];
  assert.ok(media, `${where}: Content-Type ${type} not in ${Object.keys(response.content).join(', ')}`);
  const value = type === 'application/json' ? JSON.parse(body) : body;
  if (media.schema) assert.deepEqual(validate(`${responseAt}/content/${esc(type)}/schema`, value), [], `${where}: body does not fit the schema`);
  if (type === 'application/json' && res.status >= 400 && deref(media.schema) === spec.components.schemas.Error) {
    for (const k of spec.components.schemas.Error.required) assert.equal(typeof value[k], 'string', `${where}: error body lacks "${k}"`);
  }
  return body;
}

const slug = 'matransition';
const requestExample = (method, template, type, name) => {
  const content = operation(method, template).op.requestBody.content[type];
  return name ? deref(content.examples[name]).value : content.example;
};
const form = (fields) => new URLSearchParams(fields).toString();

test('ops: /healthz, /readyz, /metrics; 431 for a header over 8 KiB', async () => {
  await conforms('GET', '/healthz', await fetch(`${server.base}/healthz`), 200);
  await conforms('GET', '/readyz', await fetch(`${server.base}/readyz`), 200);
  await conforms('GET', '/metrics', await fetch(`${server.base}/metrics`), 200);
  await conforms('GET', '/healthz', await fetch(`${server.base}/healthz`, { headers: { 'x-padding': 'a'.repeat(9000) } }), 431);
});

test('citizen pages: home redirect, form, thanks, 404 for an unknown consultation, static with ETag and 304', async () => {
  await conforms('GET', '/', await fetch(`${server.base}/`, { redirect: 'manual' }), 303);
  await conforms('GET', '/c/{slug}', await fetch(`${server.base}/c/${slug}?lang=bm`), 200);
  await conforms('GET', '/c/{slug}', await fetch(`${server.base}/c/no-such-consultation`), 404);
  await conforms('GET', '/c/{slug}/merci', await fetch(`${server.base}/c/${slug}/merci`), 200);
  await conforms('GET', '/c/{slug}/merci', await fetch(`${server.base}/c/no-such-consultation/merci`), 404);
  const css = await fetch(`${server.base}/static/citizen.css`);
  const etag = css.headers.get('etag');
  await conforms('GET', '/static/{path}', css, 200);
  await conforms('GET', '/static/{path}', await fetch(`${server.base}/static/citizen.css`, { headers: { 'if-none-match': etag } }), 304);
  await conforms('GET', '/static/{path}', await fetch(`${server.base}/static/no/such/file.css`), 404);
});

test('citizen form: the spec examples are accepted (303); 404, 415, 422 as documented', async () => {
  const post = (s, body, type = 'application/x-www-form-urlencoded') =>
    fetch(`${server.base}/c/${s}?lang=bm`, { method: 'POST', redirect: 'manual', headers: { 'content-type': type }, body });
  for (const name of ['bambara', 'french_no_region']) {
    const example = requestExample('POST', '/c/{slug}', 'application/x-www-form-urlencoded', name);
    const r = await post(slug, form(example));
    await conforms('POST', '/c/{slug}', r, 303);
    assert.match(r.headers.get('location'), /^\/c\/matransition\/merci\?lang=bm$/);
  }
  await conforms('POST', '/c/{slug}', await post('no-such-consultation', form({ text: 'x' })), 404);
  await conforms('POST', '/c/{slug}', await post(slug, JSON.stringify({ text: 'x' }), 'application/json'), 415);
  await conforms('POST', '/c/{slug}', await post(slug, form({ text: '   ', region: '', nonce: 'n' })), 422);
  await conforms('POST', '/c/{slug}', await post(slug, form({ text: 'I ni ce', region: 'atlantis' })), 422);
});

test('JSON API: example accepted (201) and replayed; 409, 400, 404, 413, 415, 422 with the Error body', async () => {
  const template = '/api/v1/consultations/{slug}/contributions';
  const url = (s = slug) => `${server.base}/api/v1/consultations/${s}/contributions`;
  const post = (body, headers = {}, s = slug) => fetch(url(s), {
    method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const example = requestExample('POST', template, 'application/json', 'bambara');
  const key = 'openapi-' + randomBytes(6).toString('hex');
  const first = await conforms('POST', template, await post(example, { 'idempotency-key': key }), 201);
  assert.equal(JSON.parse(first).consultation, slug);
  assert.equal(await conforms('POST', template, await post(example, { 'idempotency-key': key }), 201), first);
  await conforms('POST', template, await post(requestExample('POST', template, 'application/json', 'no_region')), 201);
  await conforms('POST', template, await post({ ...example, text: 'Un autre texte' }, { 'idempotency-key': key }), 409);

  await conforms('POST', template, await post(example, {}, 'no-such-consultation'), 404);
  await conforms('POST', template, await fetch(url(), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: example.text }), 415);
  await conforms('POST', template, await post('{"text": '), 400);
  await conforms('POST', template, await post(example, { 'idempotency-key': 'x'.repeat(201) }), 400);
  const empty = await post({ text: '  ', region: 'kayes' });
  const emptyBody = JSON.parse(await conforms('POST', template, empty, 422));
  assert.deepEqual([emptyBody.error, emptyBody.field], ['unprocessable', 'text']);
  const region = JSON.parse(await conforms('POST', template, await post({ text: example.text, region: 'atlantis' }), 422));
  assert.equal(region.field, 'region');
  await conforms('POST', template, await post({ text: 'x'.repeat(5001) }), 422);
  await conforms('POST', template, await rawRequest(
    `POST /api/v1/consultations/${slug}/contributions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 70000\r\nConnection: close\r\n\r\n`), 413);
});

test('webhooks: the spec examples are accepted; wrong proofs are 403 as documented', async () => {
  // Twilio: HMAC-SHA1 over the public URL then each name+value, names sorted; base64.
  const twilioUrl = `${server.base}/hooks/twilio`;
  const twilioFields = requestExample('POST', '/hooks/twilio', 'application/x-www-form-urlencoded');
  const twilioSig = (fields) => createHmac('sha1', secrets.twilio.auth_token)
    .update(twilioUrl + Object.keys(fields).sort().map((k) => k + fields[k]).join('')).digest('base64');
  const twilio = (sig) => fetch(twilioUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig }, body: form(twilioFields) });
  const twiml = await conforms('POST', '/hooks/twilio', await twilio(twilioSig(twilioFields)), 200);
  assert.match(twiml, /<Message>I ni ce!/);
  await conforms('POST', '/hooks/twilio', await twilio(twilioSig({ ...twilioFields, Body: 'autre' })), 403);

  const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };
  const atSms = requestExample('POST', '/hooks/africastalking/sms/{token}', 'application/x-www-form-urlencoded');
  const postAtSms = (token) => fetch(`${server.base}/hooks/africastalking/sms/${token}`, { method: 'POST', headers: urlencoded, body: form(atSms) });
  await conforms('POST', '/hooks/africastalking/sms/{token}', await postAtSms(secrets.africastalking.sms_token), 200);
  await conforms('POST', '/hooks/africastalking/sms/{token}', await postAtSms('wrong-token'), 403);

  const ussd = { ...requestExample('POST', '/hooks/africastalking/ussd/{token}', 'application/x-www-form-urlencoded'), text: '' };
  const postUssd = (token, fields = ussd) => fetch(`${server.base}/hooks/africastalking/ussd/${token}`, { method: 'POST', headers: urlencoded, body: form(fields) });
  await conforms('POST', '/hooks/africastalking/ussd/{token}', await postUssd(secrets.africastalking.ussd_token), 200);
  await conforms('POST', '/hooks/africastalking/ussd/{token}', await postUssd(secrets.africastalking.ussd_token, { text: '1' }), 400);
  await conforms('POST', '/hooks/africastalking/ussd/{token}', await postUssd('wrong-token'), 403);

  const orange = JSON.stringify(requestExample('POST', '/hooks/orange/{token}', 'application/json'));
  const postOrange = (token, body = orange) => fetch(`${server.base}/hooks/orange/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await conforms('POST', '/hooks/orange/{token}', await postOrange(secrets.orange.token), 200);
  await conforms('POST', '/hooks/orange/{token}', await postOrange(secrets.orange.token, '{"inboundSMSMessageNotification": {}}'), 400);
  await conforms('POST', '/hooks/orange/{token}', await postOrange('wrong-token'), 403);

  const verify = (token, challenge = '1158201444') => fetch(`${server.base}/hooks/meta?` +
    new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': challenge }));
  assert.equal(await conforms('GET', '/hooks/meta', await verify(secrets.meta.verify_token), 200), '1158201444');
  await conforms('GET', '/hooks/meta', await verify(secrets.meta.verify_token, 'not a plain token'), 400);
  await conforms('GET', '/hooks/meta', await verify('wrong'), 403);
  const meta = JSON.stringify(requestExample('POST', '/hooks/meta', 'application/json'));
  const metaSig = 'sha256=' + createHmac('sha256', secrets.meta.app_secret).update(meta).digest('hex');
  const postMeta = (sig) => fetch(`${server.base}/hooks/meta`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body: meta });
  await conforms('POST', '/hooks/meta', await postMeta(metaSig), 200);
  await conforms('POST', '/hooks/meta', await postMeta('sha256=' + '0'.repeat(64)), 403);

  const telegram = JSON.stringify(requestExample('POST', '/hooks/telegram', 'application/json'));
  const postTelegram = (secret) => fetch(`${server.base}/hooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: telegram });
  const reply = JSON.parse(await conforms('POST', '/hooks/telegram', await postTelegram(secrets.telegram.secret_token), 200));
  assert.equal(reply.method, 'sendMessage');
  await conforms('POST', '/hooks/telegram', await postTelegram('wrong'), 403);

  const smssync = { ...requestExample('POST', '/hooks/smssync', 'application/x-www-form-urlencoded'), secret: secrets.smssync.secret };
  const postSmssync = (fields) => fetch(`${server.base}/hooks/smssync`, { method: 'POST', headers: urlencoded, body: form(fields) });
  await conforms('POST', '/hooks/smssync', await postSmssync(smssync), 200);
  await conforms('POST', '/hooks/smssync', await postSmssync({ ...smssync, secret: 'wrong' }), 403);
  await conforms('POST', '/hooks/smssync', await postSmssync({ secret: secrets.smssync.secret, message: 'x' }), 400);
  // SMSSync's confirmation, POST ?task=sent with the documented JSON body.
  const sent = JSON.stringify(requestExample('POST', '/hooks/smssync', 'application/json'));
  const postSent = (secret, body = sent) => fetch(`${server.base}/hooks/smssync?task=sent&secret=${encodeURIComponent(secret)}`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  assert.deepEqual(JSON.parse(await conforms('POST', '/hooks/smssync', await postSent(secrets.smssync.secret), 200)), { message_uuids: [] });
  await conforms('POST', '/hooks/smssync', await postSent('wrong'), 403);
  await conforms('POST', '/hooks/smssync', await postSent(secrets.smssync.secret, '{"queued_messages":"x"}'), 400);
});

test('publishing: consultation, summary, published contributions, embeds, oEmbed, feeds, open data', async () => {
  const get = (p, headers = {}) => fetch(`${server.base}${p}`, { headers });
  const consultation = await get(`/api/v1/consultations/${slug}`);
  const etag = consultation.headers.get('etag');
  assert.equal(JSON.parse(await conforms('GET', '/api/v1/consultations/{slug}', consultation, 200)).slug, slug);
  await conforms('GET', '/api/v1/consultations/{slug}', await get(`/api/v1/consultations/${slug}`, { 'if-none-match': etag }), 304);
  await conforms('GET', '/api/v1/consultations/{slug}', await get('/api/v1/consultations/no-such-consultation'), 404);
  await conforms('GET', '/api/v1/consultations/{slug}/summary', await get(`/api/v1/consultations/${slug}/summary?lang=bm`), 200);
  await conforms('GET', '/api/v1/consultations/{slug}/summary', await get('/api/v1/consultations/no-such-consultation/summary'), 404);
  const list = '/api/v1/consultations/{slug}/contributions';
  await conforms('GET', list, await get(`/api/v1/consultations/${slug}/contributions?limit=5`), 200);
  await conforms('GET', list, await get(`/api/v1/consultations/${slug}/contributions?cursor=not-a-cursor`), 400);
  await conforms('GET', list, await get('/api/v1/consultations/no-such-consultation/contributions'), 404);
  await conforms('GET', '/api/v1/consultations/{slug}/events', await get('/api/v1/consultations/no-such-consultation/events'), 404);
  await conforms('GET', '/embed/{slug}', await get(`/embed/${slug}?lang=bm&limit=3`), 200);
  await conforms('GET', '/embed/{slug}', await get('/embed/no-such-consultation'), 404);
  await conforms('GET', '/embed.js', await get('/embed.js'), 200);
  await conforms('GET', '/c/{slug}/resultats', await get(`/c/${slug}/resultats?lang=bm`), 200);
  await conforms('GET', '/c/{slug}/resultats', await get('/c/no-such-consultation/resultats'), 404);
  const oembed = (q) => get(`/oembed?${new URLSearchParams(q)}`);
  await conforms('GET', '/oembed', await oembed({ url: `${server.base}/embed/${slug}` }), 200);
  await conforms('GET', '/oembed', await oembed({ url: 'https://example.org/embed/x' }), 404);
  await conforms('GET', '/oembed', await oembed({ url: `${server.base}/embed/${slug}`, format: 'xml' }), 501);
  await conforms('GET', '/feeds/{file}', await get(`/feeds/${slug}.atom`), 200);
  await conforms('GET', '/feeds/{file}', await get(`/feeds/${slug}.rss`), 404);
  await conforms('GET', '/feeds/{slug}/{file}', await get(`/feeds/${slug}/no-such-theme.atom`), 404);
  const lines = await conforms('GET', '/open-data/{file}', await get(`/open-data/${slug}.jsonl`), 200);
  for (const line of lines.split('\n').filter(Boolean)) assert.deepEqual(validate('#/components/schemas/PublishedContribution', JSON.parse(line)), []);
  await conforms('GET', '/open-data/{file}', await get(`/open-data/${slug}.csv`), 200);
  await conforms('GET', '/open-data/{file}', await get('/open-data/no-such-consultation.csv'), 404);
});

test('moderation: 401 and 303 without a session, login, the queue, a decision, 409 for an unconfirmed bulk count, 403s', async () => {
  const moderator = 'awa@baro.ml';
  const out = execFileSync(bin, ['user', 'add', '--email', moderator, '--role', 'moderator'],
    { env: { ...process.env, BARO_DATABASE_URL: db.url }, encoding: 'utf8' });
  const password = out.match(/one-time password: (\S+)/)[1];
  const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };

  await conforms('GET', '/mod/login', await fetch(`${server.base}/mod/login?lang=bm`), 200);
  const toLogin = await fetch(`${server.base}/mod`, { redirect: 'manual' });
  await conforms('GET', '/mod', toLogin, 303);
  assert.match(toLogin.headers.get('location'), /^\/mod\/login\?lang=/);
  await conforms('GET', '/api/v1/mod/contributions', await fetch(`${server.base}/api/v1/mod/contributions`), 401);
  await conforms('POST', '/api/v1/mod/bulk', await fetch(`${server.base}/api/v1/mod/bulk`, { method: 'POST', body: '{}' }), 401);
  const postLogin = (fields, origin = server.base) => fetch(`${server.base}/mod/login`, {
    method: 'POST', redirect: 'manual', headers: { ...urlencoded, origin }, body: form(fields) });
  await conforms('POST', '/mod/login', await postLogin({ email: moderator, password }, 'https://evil.example'), 403);
  await conforms('POST', '/mod/login', await postLogin({ email: moderator, password: 'wrong' }), 401);
  const loggedIn = await postLogin({ email: moderator, password });
  await conforms('POST', '/mod/login', loggedIn, 303);
  const cookie = loggedIn.headers.get('set-cookie').split(';')[0];
  assert.match(cookie, /^__Host-baro_session=[0-9a-f]{64}$/);

  const call = (method, p, body, headers = {}) => fetch(`${server.base}${p}`, {
    method, redirect: 'manual', headers: { cookie, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const { csrf } = JSON.parse(await conforms('GET', '/api/v1/mod/session', await call('GET', '/api/v1/mod/session'), 200));
  const csrfHeader = { 'x-csrf-token': csrf };
  // The one-time password must be changed first.
  const first = JSON.parse(await conforms('GET', '/api/v1/mod/contributions', await call('GET', '/api/v1/mod/contributions'), 403));
  assert.equal(first.reason, 'password_change_required');
  await conforms('GET', '/mod/password', await call('GET', '/mod/password?lang=bm'), 200);
  const changePassword = (fields) => fetch(`${server.base}/mod/password`, {
    method: 'POST', redirect: 'manual', headers: { ...urlencoded, cookie, origin: server.base }, body: form({ csrf, ...fields }) });
  await conforms('POST', '/mod/password', await changePassword({ current: password, new: 'short', repeat: 'short' }), 422);
  await conforms('POST', '/mod/password', await changePassword({ current: 'wrong', new: 'a long new passphrase', repeat: 'a long new passphrase' }), 401);
  await conforms('POST', '/mod/password', await changePassword({ current: password, new: 'a long new passphrase', repeat: 'a long new passphrase' }), 303);
  await conforms('GET', '/mod', await call('GET', '/mod'), 200);

  const posted = await fetch(`${server.base}/api/v1/consultations/${slug}/contributions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Kalata ka kɛ ka ɲɛ, an bɛ hɔrɔnya fɛ.', region: 'mopti' }) });
  const { id } = JSON.parse(await conforms('POST', '/api/v1/consultations/{slug}/contributions', posted, 201));
  const queue = JSON.parse(await conforms('GET', '/api/v1/mod/contributions', await call('GET', `/api/v1/mod/contributions?consultation=${slug}&status=new&language=bm&limit=200`), 200));
  assert.ok(queue.items.some((item) => item.id === id));
  await conforms('GET', '/api/v1/mod/contributions', await call('GET', '/api/v1/mod/contributions?status=draft'), 422);

  const decision = '/api/v1/mod/contributions/{id}/decision';
  await conforms('POST', decision, await call('POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish' }), 403);
  await conforms('POST', decision, await call('POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish' },
    { ...csrfHeader, origin: 'https://evil.example' }), 403);
  await conforms('POST', '/api/v1/mod/contributions/{id}/open', await call('POST', `/api/v1/mod/contributions/${id}/open`, undefined, csrfHeader), 200);
  await conforms('POST', decision, await call('POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'reject', reason: 'no' }, csrfHeader), 422);
  await conforms('POST', decision, await call('POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'publish' }, csrfHeader), 200);
  await conforms('POST', decision, await call('POST', `/api/v1/mod/contributions/${id}/decision`, { action: 'archive' }, csrfHeader), 409);
  await conforms('POST', decision, await call('POST', '/api/v1/mod/contributions/999999999/decision', { action: 'publish' }, csrfHeader), 404);
  await conforms('POST', '/api/v1/mod/contributions/{id}/edit', await call('POST', `/api/v1/mod/contributions/${id}/edit`, { add_tags: ['featured'] }, csrfHeader), 200);
  await conforms('POST', '/api/v1/mod/contributions/{id}/block-sender', await call('POST', `/api/v1/mod/contributions/${id}/block-sender`, undefined, csrfHeader), 422);
  // What was published is public now, in the documented shape.
  const published = JSON.parse(await conforms('GET', '/api/v1/consultations/{slug}/contributions',
    await fetch(`${server.base}/api/v1/consultations/${slug}/contributions`), 200));
  assert.ok(published.items.some((c) => c.id === id));
  const feed = await conforms('GET', '/feeds/{file}', await fetch(`${server.base}/feeds/${slug}.atom?lang=bm`), 200);
  assert.ok(feed.includes(`href="${server.base}/c/${slug}/contributions/${id}?lang=bm"`), feed);
  await conforms('GET', '/c/{slug}/contributions/{id}', await fetch(`${server.base}/c/${slug}/contributions/${id}?lang=bm`), 200);
  await conforms('GET', '/c/{slug}/contributions/{id}', await fetch(`${server.base}/c/${slug}/contributions/999999999`), 404);

  const bulk = await call('POST', '/api/v1/mod/bulk', { filter: { consultation: slug, status: 'published' }, action: 'unpublish' }, csrfHeader);
  const count = JSON.parse(await conforms('POST', '/api/v1/mod/bulk', bulk, 409)).count;
  assert.ok(count >= 1);
  await conforms('POST', '/api/v1/mod/bulk', await call('POST', '/api/v1/mod/bulk', { ids: [id], add_tags: ['openapi'] }, csrfHeader), 200);
  await conforms('POST', '/api/v1/mod/bulk', await call('POST', '/api/v1/mod/bulk', '[1, 2]', csrfHeader), 400);
  const audit = JSON.parse(await conforms('GET', '/api/v1/mod/audit', await call('GET', '/api/v1/mod/audit'), 200));
  assert.ok(audit.some((e) => e.action === 'publish' && e.subject === `contribution:${id}`));
  await conforms('POST', '/api/v1/mod/totp/begin', await call('POST', '/api/v1/mod/totp/begin', undefined, csrfHeader), 200);
  await conforms('POST', '/api/v1/mod/totp/confirm', await call('POST', '/api/v1/mod/totp/confirm', { code: 'nope' }, csrfHeader), 422);

  const logout = await fetch(`${server.base}/mod/logout`, { method: 'POST', redirect: 'manual', headers: { ...urlencoded, cookie }, body: form({ csrf }) });
  await conforms('POST', '/mod/logout', logout, 303);
  await conforms('GET', '/api/v1/mod/session', await call('GET', '/api/v1/mod/session'), 401);
});

test('behaviour common to every route, as info.description states: 404 and 405 with the Error body', async () => {
  const error = '#/components/schemas/Error';
  const unknown = await fetch(`${server.base}/no/such/endpoint`);
  assert.equal(unknown.status, 404);
  assert.deepEqual(validate(error, await unknown.json()), []);
  const wrongMethod = await fetch(`${server.base}/healthz`, { method: 'DELETE' });
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get('allow'), 'GET');
  assert.deepEqual(validate(error, await wrongMethod.json()), []);
  assert.match(spec.info.description, /405/);
});
