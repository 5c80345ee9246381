import { after, before, describe as suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../lib/app.ts';
import {
  guestToken,
  startBackend,
  type RunningBackend,
} from '../lib/backend.ts';
import { dropDatabasesWithPrefix } from '../lib/postgres.ts';
import { backendDatabase } from '../bench/knex-baseline.ts';

// A port of its own: 3000, 3100, 7007, 7107, 7207, 7307 and 7607 are used by other runs.
// The engines run one after the other on it.
const BACKEND_PORT = 7707;
/**
 * Both engines, because they fail differently: PostgreSQL refuses NUL in text and
 * integers beyond int4, where SQLite stores both. FUZZ_ENGINES=sqlite runs one.
 */
const ENGINES = (process.env.FUZZ_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map(e => e.trim())
  .filter(
    (e): e is 'sqlite' | 'postgres' => e === 'sqlite' || e === 'postgres',
  );
/** PostgreSQL databases of a run are named with this prefix, and dropped after it. */
const PG_PREFIX = `fuzz_${process.pid}_`;
const SPEC = join(
  REPO_ROOT,
  'plugins/incidents-backend/src/schema/openapi.yaml',
);
/** Deterministic: the same seed sends the same requests. Override with FUZZ_SEED. */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_f1e);
/** Random mutations per write route, on top of the systematic cases. */
const RANDOM_PER_ROUTE = Number(process.env.FUZZ_RANDOM_PER_ROUTE ?? 90);
const CONCURRENCY = 8;
const MAX_INGEST_BYTES = 1024 * 1024; // incidents.alerts.maxBodyBytes default
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

let engine: 'sqlite' | 'postgres' = 'sqlite';

function log(line: string) {
  console.log(`[fuzz e2e ${engine}] ${line}`);
}

// ---------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32)
// ---------------------------------------------------------------------------------------

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Re-seeded for each engine, so both get the same requests.
let random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

// ---------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------

const INJECTIONS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE incidents; --",
  "' OR 1=1 --",
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
  'javascript:alert(1)',
  '<svg/onload=alert(1)>',
  '%00%27%22',
  '1; SELECT sqlite_version()',
  '`id`',
];
const UNICODE = [
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  'a\ud83dz', // broken pair
  '\u202egnp.exe', // RTL override
  '\u200f\u200e\u061c', // RTL / LTR / Arabic letter marks
  'nul\u0000byte',
  '\u0000',
  '\ufeff\u200b\u2060', // BOM, zero-width space, word joiner
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358', // combining marks
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'ｓｃｒｉｐｔ',
  '\u2028\u2029', // line / paragraph separators
  '\r\n\t\b\f\v',
  'İıſK', // case-folding oddities
];
/** Text no database can store as is: NUL and lone UTF-16 surrogates. */
const BAD_TEXT = ['nul\u0000byte', '\u0000', '\ud800', '\udfff', 'a\ud83dz'];
const isBadText = (value: unknown) =>
  typeof value === 'string' &&
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(
    value,
  );
/** Well-shaped date-times that are not real instants, or not sane ones. */
const BAD_DATES = [
  '2026-02-30T00:00:00Z', // 30 February
  '2026-04-31T09:00:00Z',
  '2026-01-05T24:00:00Z',
  '0000-01-01T00:00:00Z', // year 0000: "740317 days overdue"
  '9999-12-31T23:59:59Z',
  '2026-01-05T09:00:00', // no offset
];
/** Entity refs no catalog entity can have. */
const BAD_REFS = [
  'not a ref :: //',
  'component:bad namespace/payments',
  'com ponent:payments',
  `component:default/${'x'.repeat(64)}`,
  'group:default/pay\ud800',
];
/** Integers no id or version column (PostgreSQL int4) can hold. */
const HUGE_INTEGERS = [2147483648, 9007199254740993, 1e308, -2147483649];

const WRONG_TYPES: unknown[] = [
  ...HUGE_INTEGERS,
  '2147483648',
  '9007199254740993',
  ...BAD_DATES,
  ...BAD_REFS,
  0,
  -1,
  1.5,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  'x',
  '1',
  'INC-0',
  '9999999999999999',
  'not-a-date',
  '2026-13-45T99:99:99Z',
  [],
  [1, 'a', null],
  ['component:default/payments-api'],
  {},
  { a: { b: 1 } },
  { $gt: '' },
  null,
  true,
  false,
];
const KB = 1024;
const bigString = (bytes: number, ch = 'A') => ch.repeat(bytes);
const nested = (depth: number): unknown => {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
/** Values for random mutations (no huge strings: those are sent systematically). */
const POOL: unknown[] = [
  ...WRONG_TYPES,
  ...INJECTIONS,
  ...UNICODE,
  bigString(300),
  bigString(2001),
  bigString(20_001, 'é'),
  nested(50),
];

/** Raw bodies that are not valid JSON (or odd JSON), sent as application/json. */
const RAW_BODIES = [
  '',
  ' ',
  'null',
  '[]',
  '"string"',
  '123',
  'true',
  '{',
  '{"a":',
  "{'a':1}",
  '{"a":1,}',
  'undefined',
  'NaN',
  '{"a":NaN}',
  '{"a":1e999}',
  '{"a":-1e999}',
  '{"a":123456789012345678901234567890}',
  '{"version":9007199254740993,"postmortemId":9007199254740993}',
  '{"version":1e308}',
  '{"title":"nul\\u0000byte","description":"\\udfff"}',
  '\u0000',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"title":"x","title":"y"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '['.repeat(1000) + ']'.repeat(1000),
  '{"a":'.repeat(1000) + '1' + '}'.repeat(1000),
  '['.repeat(100_000),
  '<?xml version="1.0"?><a>1</a>',
  '<script>alert(1)</script>',
];

// ---------------------------------------------------------------------------------------
// The spec
// ---------------------------------------------------------------------------------------

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  pattern?: string;
  format?: string;
};
type Operation = {
  parameters?: {
    $ref?: string;
    in?: string;
    name?: string;
    required?: boolean;
  }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Spec = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const spec = parse(readFileSync(SPEC, 'utf8')) as Spec;

function resolve(schema: Schema | undefined): Schema | undefined {
  let s = schema;
  while (s?.$ref) {
    s = spec.components.schemas[s.$ref.replace('#/components/schemas/', '')];
  }
  return s;
}

type Route = {
  label: string;
  method: string;
  /** The spec's path, `{param}`s included (ingest: the URL). */
  template: string;
  /** The path with its parameters filled in, some replaced by `overrides`. */
  fill: (overrides: Record<string, string>) => string;
  /** URL with path parameters filled in, without query. */
  url: string;
  query: Record<string, string>;
  schema?: Schema;
  ingest: boolean;
  base?: unknown;
};

type Context = {
  incidentId: number;
  severity: string;
};

/** A valid value for a schema, used for required fields of the base body. */
function sample(name: string, raw: Schema | undefined, ctx: Context): unknown {
  const schema = resolve(raw);
  if (!schema) return 'x';
  if (schema.oneOf) return sample(name, schema.oneOf[0], ctx);
  if (schema.enum) return schema.enum[0];
  if (/entityRef$/i.test(name)) return 'component:default/payments-api';
  if (name === 'groupRef') return 'group:default/payments-team';
  if (/(user|owner)Ref$/.test(name)) return 'user:default/guest';
  if (name === 'severity') return ctx.severity;
  if (schema.format === 'date-time') {
    // endsAt after startsAt, both in the future.
    return new Date(
      Date.now() + (name === 'endsAt' ? 7_200_000 : 3_600_000),
    ).toISOString();
  }
  if (schema.pattern?.includes('INC-')) return String(ctx.incidentId);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        out[key] = sample(key, schema.properties?.[key], ctx);
      }
      return out;
    }
    default:
      return name === 'role' ? 'commander' : `fuzz ${name}`;
  }
}

function writeRoutes(ctx: Context): Route[] {
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!WRITE_METHODS.includes(method)) continue;
      const fill = (overrides: Record<string, string>) =>
        path.replace(/\{(\w+)\}/g, (_, name: string) => {
          if (name in overrides) return encodeURIComponent(overrides[name]);
          if (name === 'id') return String(ctx.incidentId);
          if (name === 'role') return 'commander';
          return '1';
        });
      const url = fill({});
      const query: Record<string, string> = {};
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && p.required && p.name) {
          query[p.name] = String(sample(p.name, undefined, ctx)).replace(
            /^fuzz .*/,
            'user:default/guest',
          );
          if (p.name === 'userRef') query[p.name] = 'user:default/guest';
        }
      }
      const schema = resolve(
        op.requestBody?.content?.['application/json']?.schema,
      );
      routes.push({
        label: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        template: path,
        fill,
        url: `/api/incidents${url}`,
        query,
        schema,
        ingest: false,
        base: schema ? sample('body', schema, ctx) : undefined,
      });
    }
  }
  const now = new Date().toISOString();
  const ingest: Record<string, unknown> = {
    alertmanager: {
      version: '4',
      status: 'firing',
      receiver: 'firebreak',
      groupKey: '{}:{alertname="FuzzAlert"}',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'FuzzAlert',
            service: 'payments-api',
            severity: 'info',
          },
          annotations: { summary: 'fuzz' },
          startsAt: now,
          fingerprint: 'f0f0f0f0',
        },
      ],
    },
    'events/v2': {
      routing_key: 'fuzz',
      event_action: 'trigger',
      dedup_key: 'fuzz-1',
      payload: { summary: 'fuzz', source: 'payments-api', severity: 'info' },
    },
    generic: {
      alerts: [
        {
          name: 'FuzzAlert',
          summary: 'fuzz',
          dedupKey: 'fuzz-1',
          entityRef: 'component:default/payments-api',
          labels: { service: 'payments-api' },
        },
      ],
    },
    grafana: {
      version: '1',
      orgId: 1,
      receiver: 'firebreak',
      status: 'firing',
      title: 'fuzz',
      state: 'alerting',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'FuzzAlert', service: 'payments-api' },
          annotations: { summary: 'fuzz' },
          startsAt: now,
          fingerprint: 'abcdef',
        },
      ],
    },
  };
  for (const [source, base] of Object.entries(ingest)) {
    routes.push({
      label: `POST /alerts/${source}`,
      method: 'POST',
      template: `/alerts/${source}`,
      fill: () => `/alerts/${source}`,
      url: `/api/incidents/alerts/${source}`,
      query: {},
      ingest: true,
      base,
    });
  }
  return routes;
}

// ---------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------

type Case = {
  route: Route;
  /** Replaces the route's URL (bad path parameters). */
  url?: string;
  /** Short description of the mutation. */
  what: string;
  body?: string | Buffer;
  contentType?: string;
  extraHeaders?: Record<string, string>;
  query?: Record<string, string>;
  /** Status the case must get (besides "no 5xx"), when it is certain. */
  expect?: number;
};

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** Every path to an object key or array slot in a JSON value. */
function paths(
  value: unknown,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      out.push(...paths(v, [...prefix, i]));
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      out.push(...paths(v, [...prefix, k]));
    }
  }
  return out;
}

function setAt(
  root: unknown,
  path: (string | number)[],
  value: unknown,
  remove = false,
) {
  let node = root as any;
  for (const key of path.slice(0, -1)) node = node?.[key];
  if (!node || typeof node !== 'object') return;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length > 60) return `string(${value.length})`;
    return JSON.stringify(value);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length})` : text;
}

const INGEST_TEXT_SOURCES = ['alertmanager', 'events/v2', 'generic'];

/**
 * The status a field mutation must get, when it is certain: 400 for text no database can
 * hold, impossible dates, malformed refs and ids beyond int4 on the API; 202 for such
 * text in an alert's name, summary, labels or annotations (stored with U+FFFD instead).
 */
function expectedStatus(
  route: Route,
  field: (string | number)[],
  value: unknown,
): number | undefined {
  if (route.ingest) {
    const last = String(field[field.length - 1]);
    const parent = String(field[field.length - 2] ?? '');
    const text =
      ['name', 'summary', 'dedupKey', 'dedup_key'].includes(last) ||
      parent === 'labels' ||
      parent === 'annotations';
    const source = route.template.replace('/alerts/', '');
    return isBadText(value) && text && INGEST_TEXT_SOURCES.includes(source)
      ? 202
      : undefined;
  }
  const schema = resolve(route.schema?.properties?.[String(field[0])]);
  const isInstant =
    schema?.format === 'date-time' ||
    !!schema?.oneOf?.some(s => resolve(s)?.format === 'date-time');
  if (isBadText(value)) return 400;
  if (BAD_DATES.includes(value as string) && isInstant) return 400;
  if (BAD_REFS.includes(value as string) && /Ref$/.test(String(field[0])))
    return 400;
  if (HUGE_INTEGERS.includes(value as number) && schema?.type === 'integer')
    return 400;
  return undefined;
}

function casesFor(route: Route): Case[] {
  const cases: Case[] = [];
  const json = (what: string, value: unknown, extra: Partial<Case> = {}) =>
    cases.push({
      route,
      what,
      body: JSON.stringify(value),
      contentType: 'application/json',
      ...extra,
    });
  const base = route.base ?? {};
  const props = route.schema?.properties ?? {};
  const fields = route.ingest
    ? paths(base).map(p => p)
    : Object.keys(props).map(k => [k]);

  // The valid base body (may succeed), then body-level oddities.
  json('valid base', base);
  for (const raw of RAW_BODIES) {
    cases.push({
      route,
      what: `raw ${describe(raw)}`,
      body: raw,
      contentType: 'application/json',
    });
  }
  json('deep nesting 1000 (body)', nested(1000));
  json('extra field', {
    ...(base as object),
    fuzzExtra: 1,
    __proto__x: '<script>',
  });
  // Wrong content types and encodings, with the valid body.
  const text = JSON.stringify(base);
  for (const contentType of [
    undefined,
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'application/xml',
    'application/octet-stream',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'application/json; charset=nope',
    'application/vnd.api+json',
    '*/*',
    ';;;',
  ]) {
    cases.push({
      route,
      what: `content-type ${contentType ?? '(none)'}`,
      body: text,
      contentType,
    });
  }
  cases.push({
    route,
    what: 'content-encoding gzip (not gzip)',
    body: text,
    contentType: 'application/json',
    extraHeaders: { 'content-encoding': 'gzip' },
  });
  cases.push({
    route,
    what: 'content-encoding unknown',
    body: text,
    contentType: 'application/json',
    extraHeaders: { 'content-encoding': 'fuzz' },
  });
  cases.push({
    route,
    what: 'invalid UTF-8 bytes',
    body: Buffer.from([
      0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d,
    ]),
    contentType: 'application/json',
  });
  cases.push({
    route,
    what: 'form body',
    body: 'title=%3Cscript%3E&severity=x',
    contentType: 'application/x-www-form-urlencoded',
  });

  // Huge bodies: in a field (first string field, or a new one) and as a whole.
  const firstString = fields.find(
    p => typeof p.reduce((n: any, k) => n?.[k], base) === 'string',
  ) ??
    fields.find(p => resolve(props[String(p[0])])?.type === 'string') ?? [
      'fuzzHuge',
    ];
  for (const size of [100 * KB, 1024 * KB, 2048 * KB]) {
    const body = clone(base) as any;
    setAt(body, firstString, bigString(size));
    const encoded = JSON.stringify(body);
    cases.push({
      route,
      what: `huge ${firstString.join('.')} ${size / KB} kB`,
      body: encoded,
      contentType: 'application/json',
      expect:
        route.ingest && Buffer.byteLength(encoded) > MAX_INGEST_BYTES
          ? 413
          : undefined,
    });
  }
  cases.push({
    route,
    what: 'huge array 2 MB',
    body: `[${'0,'.repeat(1024 * KB)}0]`,
    contentType: 'application/json',
    expect: route.ingest ? 413 : undefined,
  });

  // Per field: missing (when required), wrong types, injections, unicode, deep nesting.
  for (const field of fields) {
    const name = field.join('.');
    if (!route.ingest && route.schema?.required?.includes(String(field[0]))) {
      const body = clone(base);
      setAt(body, field, undefined, true);
      json(`missing ${name}`, body);
    }
    for (const value of [
      ...WRONG_TYPES,
      ...INJECTIONS,
      ...UNICODE,
      nested(1000),
    ]) {
      const body = clone(base);
      setAt(body, field, value);
      json(`${name}=${describe(value)}`, body, {
        expect: expectedStatus(route, field, value),
      });
    }
  }

  // Path parameters no id column can hold, one parameter at a time.
  for (const param of route.template.match(/\{(id|\w+Id)\}/g) ?? []) {
    for (const bad of ['0', '2147483648', '9999999999', 'INC-9999999999']) {
      if (bad.startsWith('INC-') && param !== '{id}') continue;
      cases.push({
        route,
        what: `path ${param}=${bad}`,
        url: `/api/incidents${route.fill({ [param.slice(1, -1)]: bad })}`,
        body: JSON.stringify(base),
        contentType: 'application/json',
        expect: 400,
      });
    }
  }

  // Query parameters of DELETE routes.
  for (const key of Object.keys(route.query)) {
    for (const value of [
      ...INJECTIONS,
      ...UNICODE.filter(u => !/[\ud800-\udfff]/.test(u)),
      '',
      bigString(5000),
    ]) {
      cases.push({
        route,
        what: `query ${key}=${describe(value)}`,
        query: { ...route.query, [key]: value },
      });
    }
  }

  // Seeded random mutations: 1–3 changes each (set a value, delete a key, add a key).
  for (let i = 0; i < RANDOM_PER_ROUTE; i++) {
    const body = clone(base) as any;
    const steps: string[] = [];
    const count = 1 + Math.floor(random() * 3);
    for (let s = 0; s < count; s++) {
      const all = paths(body);
      const roll = random();
      const value = pick(POOL);
      if (roll < 0.15 && all.length) {
        const p = pick(all);
        setAt(body, p, undefined, true);
        steps.push(`-${p.join('.')}`);
      } else if (roll < 0.3 || !all.length) {
        const key = pick([
          'fuzz',
          'id',
          'version',
          'status',
          'createdBy',
          '__proto__',
          'constructor',
        ]);
        if (body && typeof body === 'object')
          Object.defineProperty(body, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        steps.push(`+${key}=${describe(value)}`);
      } else {
        const p = pick(all);
        setAt(body, p, value);
        steps.push(`${p.join('.')}=${describe(value)}`);
      }
    }
    json(`random#${i} ${steps.join(' ')}`, body);
  }
  return cases;
}

// ---------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------

let backend: RunningBackend;
let userAuth: Record<string, string>;
let serviceAuth: Record<string, string>;

type Result = { c: Case; status: number; text: string };

async function send(c: Case): Promise<Result> {
  const qs = new URLSearchParams(c.query ?? c.route.query).toString();
  const headers: Record<string, string> = {
    ...(c.route.ingest ? serviceAuth : userAuth),
    ...(c.contentType !== undefined ? { 'content-type': c.contentType } : {}),
    ...c.extraHeaders,
  };
  try {
    const res = await fetch(
      `${backend.baseUrl}${c.url ?? c.route.url}${qs ? `?${qs}` : ''}`,
      {
        method: c.route.method,
        headers,
        body: c.body,
        signal: AbortSignal.timeout(20_000),
      },
    );
    return { c, status: res.status, text: await res.text() };
  } catch (error) {
    // 0: no HTTP answer (reset, timeout); judged below.
    const cause = (error as any)?.cause;
    return {
      c,
      status: 0,
      text: `${(error as Error).message}${
        cause ? `: ${cause.code ?? cause.message}` : ''
      }`,
    };
  }
}

async function runAll(cases: Case[]): Promise<Result[]> {
  const results: Result[] = new Array(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < cases.length) {
        const i = next++;
        results[i] = await send(cases[i]);
      }
    }),
  );
  return results;
}

async function api(
  method: string,
  path: string,
  body?: unknown,
  auth = userAuth,
) {
  const res = await fetch(`${backend.baseUrl}/api/incidents${path}`, {
    method,
    headers: {
      ...auth,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

const bodySize = (b: Case['body']) =>
  b === undefined ? 0 : typeof b === 'string' ? Buffer.byteLength(b) : b.length;

for (const runEngine of ENGINES) {
  suite(`fuzz on ${runEngine}`, () => {
    before(
      async () => {
        engine = runEngine;
        const started = Date.now();
        backend = await startBackend({
          port: BACKEND_PORT,
          database:
            engine === 'postgres'
              ? backendDatabase('postgres', {
                  workDir: mkdtempSync(join(tmpdir(), 'firebreak-fuzz-')),
                  prefix: PG_PREFIX,
                }).database
              : undefined,
        });
        log(
          `backend up on ${backend.baseUrl} in ${(
            (Date.now() - started) /
            1000
          ).toFixed(1)} s (logs: ${backend.workDir}/backend.log)`,
        );
        userAuth = {
          authorization: `Bearer ${await guestToken(backend.baseUrl)}`,
        };
        serviceAuth = { authorization: `Bearer ${backend.token}` };
        // The catalog must know the entity before incidents can be declared on it.
        const deadline = Date.now() + 60_000;
        for (;;) {
          const res = await fetch(
            `${backend.baseUrl}/api/catalog/entities/by-name/component/default/payments-api`,
            { headers: userAuth },
          );
          await res.text();
          if (res.status === 200) break;
          if (Date.now() > deadline)
            throw new Error(
              `catalog never knew payments-api (last ${res.status})`,
            );
          await new Promise(r => setTimeout(r, 250));
        }
        log(
          `catalog ready after ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      },
      { timeout: 240_000 },
    );

    after(async () => {
      await backend?.stop();
      if (engine === 'postgres') {
        const dropped = await dropDatabasesWithPrefix(PG_PREFIX);
        log(`dropped ${dropped.length} databases ${PG_PREFIX}*`);
      }
    });

    test(
      `fuzzing every write endpoint on ${runEngine} gives no 5xx and no crash; hostile text stays data`,
      // Generous: six engineers share two cores; a loaded machine halves the rate.
      { timeout: 600_000 },
      async () => {
        // The same seed on every engine: both get exactly the same requests.
        random = mulberry32(SEED);
        const started = Date.now();
        log(
          `seed ${SEED} (set FUZZ_SEED to replay), ${RANDOM_PER_ROUTE} random cases per route, concurrency ${CONCURRENCY}`,
        );

        const severities = await api('GET', '/severities');
        assert.equal(severities.status, 200, severities.text);
        const levels =
          (severities.json.items as { id: string; paging?: boolean }[]) ?? [];
        // The least severe, non-paging level, so the fuzz run pages nobody.
        const severity =
          [...levels].reverse().find(l => !l.paging)?.id ??
          levels[levels.length - 1].id;

        const original = {
          title: 'Fuzz target: payments-api latency',
          description: 'The real incident the id-based routes hit.',
          severity,
          entityRef: 'component:default/payments-api',
        };
        const created = await api('POST', '/incidents', original);
        assert.equal(
          created.status,
          201,
          `declaring the real incident: ${created.text}`,
        );
        const incidentId = created.json.id as number;
        log(
          `real incident ${created.json.ref} (id ${incidentId}), severity ${severity}`,
        );
        // Give the postmortem, action-item and note routes something real to hit (id 1).
        const pm = await api('POST', `/incidents/${incidentId}/postmortem`);
        const item = await api('POST', '/action-items', {
          incidentId: String(incidentId),
          title: 'fuzz item',
          ownerRef: 'user:default/guest',
        });
        const note = await api('POST', `/incidents/${incidentId}/timeline`, {
          message: 'fuzz note',
        });
        log(
          `setup: postmortem ${pm.status}, action item ${item.status}, note ${note.status}`,
        );

        const ctx: Context = { incidentId, severity };
        const routes = writeRoutes(ctx);
        const specWrites = routes.filter(r => !r.ingest).length;
        assert.ok(
          specWrites >= 15,
          `write operations in the spec: ${specWrites}`,
        );
        const cases = routes.flatMap(casesFor);
        log(
          `${routes.length} routes (${specWrites} from the spec, ${
            routes.length - specWrites
          } alert sources), ${cases.length} cases`,
        );

        const results = await runAll(cases);
        const seconds = (Date.now() - started) / 1000;

        // -- Judge -------------------------------------------------------------------------
        const histogram: Record<string, number> = {};
        const serverErrors: string[] = [];
        const noAnswer: string[] = [];
        const wrongStatus: string[] = [];
        const titles = new Set([original.title]);
        for (const { c, status, text } of results) {
          histogram[status || 'no answer'] =
            (histogram[status || 'no answer'] ?? 0) + 1;
          const line = `${c.route.method} ${c.url ?? c.route.url}${
            c.query ? ' (query)' : ''
          } [${c.what}] ${bodySize(c.body)} B ${
            c.contentType ?? ''
          } -> ${status}: ${text.replace(/\s+/g, ' ').slice(0, 300)}`;
          if (status >= 500) serverErrors.push(line);
          else if (status === 0) {
            // A reset after refusing an oversized body (413 sent before the upload ended) is
            // fine; anything else is not.
            if (bodySize(c.body) <= 1024 * KB) noAnswer.push(line);
          } else if (c.expect && status !== c.expect)
            wrongStatus.push(`expected ${c.expect}: ${line}`);
          if (c.route.label === 'PATCH /incidents/{id}' && status === 200) {
            try {
              titles.add(JSON.parse(text).title);
            } catch {
              /* not JSON: judged elsewhere */
            }
          }
        }

        // -- Still alive, real incident intact ---------------------------------------------
        const alive = await fetch(
          `${backend.baseUrl}/api/incidents/severities`,
        ).then(
          r => r.status,
          () => 0,
        );
        const back = await api('GET', `/incidents/${incidentId}`);

        // -- Hostile text is stored verbatim -----------------------------------------------
        const inertFailures: string[] = [];
        const hostile = [
          ...INJECTIONS.map(s => ({
            title: s,
            description: `${s}\n\n${INJECTIONS.join('\n')}`,
          })),
          {
            title: 'RTL \u202egnp.exe \u200f marks',
            description:
              'rtl \u202e\u200f\u061c and zero-width \u200b\ufeff\u2060 inside',
          },
          {
            title:
              '[x](javascript:alert(1)) <a href="javascript:alert(1)">x</a>',
            description:
              '[click](javascript:alert(1))\n\n<iframe src="javascript:alert(1)"></iframe>\n\n![x](x" onerror="alert(1))',
          },
        ];
        for (const h of hostile) {
          const res = await api('POST', '/incidents', {
            ...h,
            severity,
            entityRef: 'component:default/payments-api',
          });
          if (res.status !== 201) {
            inertFailures.push(
              `declare ${describe(h.title)} -> ${res.status}: ${res.text.slice(
                0,
                200,
              )}`,
            );
            continue;
          }
          const got = await api('GET', `/incidents/${res.json.id}`);
          if (
            got.json?.title !== h.title ||
            got.json?.description !== h.description
          ) {
            inertFailures.push(
              `${res.json.ref}: stored ${describe(
                got.json?.title,
              )} / ${describe(got.json?.description)}, sent ${describe(
                h.title,
              )} / ${describe(h.description)}`,
            );
          }
        }
        // NUL and lone surrogates: refused with a 400 naming the field, on every engine.
        const textRefusals: string[] = [];
        for (const [field, body] of [
          ['body.title', { title: 'nul\u0000byte' }],
          ['body.title', { title: 'lone \ud800 surrogate' }],
          ['body.description', { title: 'ok', description: 'a\u0000b' }],
        ] as const) {
          const res = await api('POST', '/incidents', {
            severity,
            entityRef: 'component:default/payments-api',
            ...body,
          });
          if (
            res.status !== 400 ||
            !res.json?.error?.message?.includes(field)
          ) {
            textRefusals.push(
              `${describe(body)} -> ${res.status}: ${res.text.slice(0, 200)}`,
            );
          }
        }
        log(
          `NUL / lone surrogate text: ${
            3 - textRefusals.length
          } of 3 declarations refused with a 400 naming the field`,
        );
        log(
          `hostile text: ${
            hostile.length
          } incidents declared with script/HTML/SQL/template strings; ${
            hostile.length - inertFailures.length
          } returned verbatim by the API`,
        );
        log(
          'rendering: the UI shows titles as React text (escaped) and descriptions through core-components (MarkdownContent, no raw HTML); checked separately, no browser is started here',
        );

        // -- Summary ------------------------------------------------------------------------
        const hist = Object.entries(histogram)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([s, n]) => `${s}×${n}`)
          .join(' ');
        log(
          `requests: ${results.length} in ${seconds.toFixed(1)} s (${(
            results.length / seconds
          ).toFixed(0)}/s)`,
        );
        log(`status histogram: ${hist}`);
        const perRoute = new Map<string, Record<string, number>>();
        for (const { c, status } of results) {
          const h = perRoute.get(c.route.label) ?? {};
          h[status] = (h[status] ?? 0) + 1;
          perRoute.set(c.route.label, h);
        }
        for (const [label, h] of perRoute) {
          log(
            `  ${label.padEnd(44)} ${Object.entries(h)
              .map(([s, n]) => `${s}×${n}`)
              .join(' ')}`,
          );
        }
        const baseline = results
          .filter(r => r.c.what === 'valid base')
          .map(
            r =>
              `${r.c.route.label} ${r.status}${
                r.status >= 400
                  ? ` (${r.text.replace(/\s+/g, ' ').slice(0, 140)})`
                  : ''
              }`,
          );
        log(`valid base bodies: ${baseline.join(', ')}`);
        const huge = results
          .filter(
            r => r.c.what.startsWith('huge') && bodySize(r.c.body) > 1024 * KB,
          )
          .map(r => r.status);
        const hugeSpec = results.find(
          r =>
            !r.c.route.ingest &&
            r.c.what.startsWith('huge') &&
            bodySize(r.c.body) > 1024 * KB,
        );
        if (hugeSpec)
          log(
            `e.g. ${hugeSpec.c.route.label} [${hugeSpec.c.what}] -> ${
              hugeSpec.status
            }: ${hugeSpec.text.replace(/\s+/g, ' ').slice(0, 200)}`,
          );
        log(
          `bodies over 1 MiB: ${Object.entries(
            huge.reduce<Record<string, number>>(
              (h, s) => ((h[s] = (h[s] ?? 0) + 1), h),
              {},
            ),
          )
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}`,
        );
        log(
          `backend after the run: GET /severities without token -> ${alive}; real incident -> ${
            back.status
          } title ${describe(back.json?.title)}`,
        );
        for (const line of serverErrors) log(`5XX ${line}`);
        for (const line of noAnswer) log(`NO ANSWER ${line}`);
        for (const line of wrongStatus) log(`WRONG STATUS ${line}`);
        for (const line of inertFailures) log(`NOT VERBATIM ${line}`);
        for (const line of textRefusals) log(`NOT REFUSED ${line}`);
        if (serverErrors.length || noAnswer.length) {
          const logText = readFileSync(
            join(backend.workDir, 'backend.log'),
            'utf8',
          );
          const errors = logText
            .split('\n')
            .filter(l => /error|500|exception/i.test(l));
          log(`backend log error lines (${errors.length}, last 40):`);
          for (const l of errors.slice(-40))
            console.log(`  ${l.slice(0, 500)}`);
        }
        log(
          `fuzz: ${results.length} requests, ${serverErrors.length} server errors (${engine})`,
        );

        assert.deepEqual(serverErrors, [], 'no request may get a 5xx');
        assert.equal(
          alive,
          401,
          'the backend still answers (401 without a token)',
        );
        assert.deepEqual(noAnswer, [], 'every request got an HTTP answer');
        assert.equal(
          back.status,
          200,
          `the real incident is still there: ${back.text.slice(0, 200)}`,
        );
        assert.ok(
          titles.has(back.json.title),
          `title ${describe(
            back.json.title,
          )} is the original or one a valid PATCH set`,
        );
        assert.deepEqual(
          wrongStatus,
          [],
          'certain cases get their status: 413 for alert bodies over 1 MiB, 400 for bad text, dates, refs and ids on the API, 202 for bad text in alerts',
        );
        assert.deepEqual(inertFailures, [], 'hostile text comes back verbatim');
        assert.deepEqual(textRefusals, [], 'NUL and lone surrogates are a 400');
      },
    );
  });
}
