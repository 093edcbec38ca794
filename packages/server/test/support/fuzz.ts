/**
 * Malformed requests generated from the OpenAPI document (test/api/fuzz.test.ts). Each generator takes one
 * operation of the document and one valid request for it (a real target from test/support/endpoints.ts) and
 * returns requests that are invalid for sure: a mutation is only emitted when the operation's schema proves it
 * invalid (`surelyInvalid`), so a 2xx answer is a finding, never noise.
 */

/** The subset of JSON Schema (OpenAPI 3.0 flavour) that zod-openapi emits for requests. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

export interface OpenApiParameter {
  in: 'query' | 'path' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export type MutationClass =
  | 'wrong-type'
  | 'missing-required'
  | 'extra-field'
  | 'huge-string'
  | 'huge-body'
  | 'deep-nesting'
  | 'prototype-keys'
  | 'invalid-utf8'
  | 'impossible-date'
  | 'bad-id-check-digit'
  | 'bad-amount'
  | 'nan-infinity'
  | 'injection'
  | 'empty-json-body'
  | 'wrong-content-type'
  | 'malformed-json';

export interface Mutation {
  cls: MutationClass;
  /** what was changed, for failure messages */
  what: string;
  url: string;
  /** raw body; absent: no body */
  payload?: string | Buffer;
  contentType?: string;
  /** the status the answer must have (default: 400) */
  status?: number;
  /** for a field-level mutation: the issue path that must be named (body.x.y, querystring.x, params.x) */
  path?: string;
}

/** The valid request a mutation starts from. */
export interface BaseRequest {
  method: string;
  url: string;
  body?: unknown;
  /** set for a raw (non-JSON) body, e.g. a file upload */
  contentType?: string;
}

/** A tiny seeded PRNG (xorshift32), so every run sends the same requests. */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

export function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

/** 1 MiB is the API's body limit; this is safely over it. */
export const OVER_BODY_LIMIT = 1024 * 1024 + 64 * 1024;
export const HUGE_STRING = 100_000;
export const DEEP = 10_000;
/** bytes that are not UTF-8: a lone continuation byte, an overlong lead, 0xFF/0xFE */
export const BAD_UTF8 = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe]);
/** what BAD_UTF8 may become once decoded (replacement characters) or left undecoded in a query */
const BAD_UTF8_DECODED = ['\ufffd(\ufffd\ufffd\ufffd\ufffd', '%C3%28%A0%A1%FF%FE', ''];
const BAD_UTF8_PERCENT = '%C3%28%A0%A1%FF%FE';
export const INJECTIONS = [
  `' OR '1'='1`,
  `'; drop table household; --`,
  `1) union select password_hash from app_user --`,
  `<script>alert(1)</script>`,
  `"><img src=x onerror=alert(1)>`,
  `\${7*7}{{7*7}}`,
];
export const IMPOSSIBLE_DATES = ['2024-02-30', '2024-13-01', '0000-00-00', '2023-02-29', '2024-04-31'];
const NAN_INFINITY = ['NaN', 'Infinity', '-Infinity'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** names of calendar-day fields: their schema (a refined string) does not show it in the document */
const DATE_NAME = /(On|Date|From|To|Since|Start|End|^asOf|^date|^from|^to|^deadline)$/;

/** Is this field a calendar day: its valid value is one, or its name says so and its schema is a plain string? */
function isDateField(name: string, value: unknown, schemas: JsonSchema[]): boolean {
  if (typeof value === 'string') return DATE.test(value);
  return (
    value === undefined &&
    DATE_NAME.test(name) &&
    schemas.length > 0 &&
    schemas.every((s) => typesOf(s).includes('string') && !s.pattern && !s.enum && !s.format)
  );
}
const ID_NUMBER = /^\d{17}[\dX]$/;

export function deref(doc: OpenApiDocument, s: JsonSchema): JsonSchema {
  if (!s.$ref) return s;
  const name = s.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${s.$ref}`);
  return deref(doc, target);
}

/** The alternatives a value may match (a union's variants, or the schema itself). */
function alternatives(doc: OpenApiDocument, s: JsonSchema): JsonSchema[] {
  const d = deref(doc, s);
  const alts = d.oneOf ?? d.anyOf;
  return alts ? alts.flatMap((a) => alternatives(doc, a)) : [d];
}

type Mode = 'json' | 'query';

function typesOf(s: JsonSchema): string[] {
  const t = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return s.nullable ? [...t, 'null'] : t;
}

function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Does this one schema (no union) reject the value, provably from its keywords? */
function rejects(s: JsonSchema, v: unknown, mode: Mode): boolean {
  const types = typesOf(s);
  if (mode === 'json') {
    const t = jsonTypeOf(v);
    if (t === 'null') return !types.includes('null') && (types.length > 0 || s.enum !== undefined);
    if (types.length > 0) {
      const ok = types.some((ty) =>
        ty === 'integer'
          ? typeof v === 'number' && Number.isInteger(v)
          : ty === t || (ty === 'number' && t === 'number'),
      );
      if (!ok) return true;
    }
  } else if (Array.isArray(v) || v === undefined) {
    // a repeated query parameter arrives as an array: only arrays (and coerced numbers, via Number([a, b])) take it
    if (v === undefined) return false;
    if (types.includes('array')) return false;
    if (types.includes('integer') || types.includes('number')) return Number.isNaN(Number(v));
    return types.length > 0 || s.enum !== undefined;
  } else if (types.includes('integer') || types.includes('number')) {
    // query numbers are coerced (z.coerce.number)
    const n = Number(v);
    if (!Number.isFinite(n) || (types.includes('integer') && !types.includes('number') && !Number.isInteger(n)))
      return true;
    return outOfRange(s, n);
  }
  if (s.enum && !s.enum.some((e) => e === v || (mode === 'query' && String(e) === v))) return true;
  if (s.const !== undefined && s.const !== v) return true;
  if (typeof v === 'string') {
    if (s.maxLength !== undefined && v.length > s.maxLength) return true;
    if (s.minLength !== undefined && v.trim().length < s.minLength) return true;
    if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) return true;
  }
  if (typeof v === 'number') return outOfRange(s, v);
  return false;
}

function outOfRange(s: JsonSchema, n: number): boolean {
  if (s.minimum !== undefined && n < s.minimum) return true;
  if (s.maximum !== undefined && n > s.maximum) return true;
  if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum) return true;
  if (typeof s.exclusiveMaximum === 'number' && n >= s.exclusiveMaximum) return true;
  return false;
}

/** Is the value invalid for the schema whatever alternative is chosen? Unknown keywords count as "maybe valid". */
export function surelyInvalid(doc: OpenApiDocument, s: JsonSchema, v: unknown, mode: Mode = 'json'): boolean {
  return alternatives(doc, s).every((a) => rejects(a, v, mode));
}

/** One field of a JSON body: where it is, its schema (a union of the variants' schemas) and its valid value. */
interface Field {
  path: (string | number)[];
  schemas: JsonSchema[];
  value: unknown;
}

/**
 * The object schemas the valid value at this place matches (of a union, the variants whose required fields it
 * has and whose properties take all its keys): a field of another variant would be refused as unknown, which is
 * not the mutation meant.
 */
function objectVariants(doc: OpenApiDocument, s: JsonSchema, value: unknown): JsonSchema[] {
  const objects = alternatives(doc, s).filter((a) => a.properties);
  const v = value as Record<string, unknown>;
  const fits = objects.filter(
    (a) =>
      (a.required ?? []).every((r) => v[r] !== undefined) &&
      Object.keys(v).every((k) => a.properties![k] !== undefined) &&
      Object.entries(a.properties!).every(([k, ps]) => v[k] === undefined || !surelyInvalid(doc, ps, v[k])),
  );
  return fits.length ? fits : objects;
}

/** Every field of a valid body, nested objects and the first item of arrays of objects included (3 levels). */
export function fieldsOf(doc: OpenApiDocument, s: JsonSchema, value: unknown, at: (string | number)[] = []): Field[] {
  if (at.length > 6 || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const variants = objectVariants(doc, s, value);
  const names = new Set(variants.flatMap((v) => Object.keys(v.properties ?? {})));
  const out: Field[] = [];
  for (const name of names) {
    const schemas = variants.flatMap((v) => (v.properties?.[name] ? [v.properties[name]] : []));
    const v = (value as Record<string, unknown>)[name];
    out.push({ path: [...at, name], schemas, value: v });
    for (const fs of schemas) {
      if (Array.isArray(v) && v.length > 0) {
        for (const a of alternatives(doc, fs)) if (a.items) out.push(...fieldsOf(doc, a.items, v[0], [...at, name, 0]));
      } else out.push(...fieldsOf(doc, fs, v, [...at, name]));
    }
  }
  return dedupe(out);
}

function dedupe(fields: Field[]): Field[] {
  const seen = new Set<string>();
  return fields.filter((f) => {
    const k = f.path.join('.');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The objects of a valid body (the root and nested ones) with the fields every variant requires. */
function objectsOf(
  doc: OpenApiDocument,
  s: JsonSchema,
  value: unknown,
  at: (string | number)[] = [],
): { path: (string | number)[]; required: string[]; strict: boolean }[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const variants = objectVariants(doc, s, value);
  if (variants.length === 0) return [];
  const required = (variants[0]!.required ?? []).filter((r) => variants.every((v) => v.required?.includes(r)));
  const strict = variants.every((v) => v.additionalProperties === false);
  const out = [{ path: at, required, strict }];
  for (const f of fieldsOf(doc, s, value, at)) {
    if (f.path.length !== at.length + 1) continue;
    for (const fs of f.schemas) {
      if (Array.isArray(f.value) && f.value.length > 0) {
        for (const a of alternatives(doc, fs))
          if (a.items) out.push(...objectsOf(doc, a.items, f.value[0], [...f.path, 0]));
      } else out.push(...objectsOf(doc, fs, f.value, f.path));
    }
  }
  return out;
}

function setAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}
const REMOVE = Symbol('remove');

const WRONG_TYPES: unknown[] = ['fuzz', 12345.5, 7, true, [], [1, 'a'], {}, { a: 1 }, null];

function flipCheckDigit(id: string): string {
  const last = id[id.length - 1]!;
  return id.slice(0, -1) + (last === '0' ? '1' : '0');
}

const json = (v: unknown) => JSON.stringify(v);
const dotted = (where: string, path: (string | number)[]) => [where, ...path].join('.');

/** Mutations of a JSON body, field by field and as a whole. */
export function bodyMutations(
  doc: OpenApiDocument,
  schema: JsonSchema,
  base: BaseRequest,
  rand: () => number,
): Mutation[] {
  const out: Mutation[] = [];
  const url = base.url;
  const ct = 'application/json';
  const push = (cls: MutationClass, what: string, body: unknown, path?: string) =>
    out.push({ cls, what, url, payload: json(body), contentType: ct, ...(path ? { path } : {}) });
  const invalid = (f: Field, v: unknown) => f.schemas.length > 0 && f.schemas.every((s) => surelyInvalid(doc, s, v));

  for (const f of fieldsOf(doc, schema, base.body)) {
    const where = dotted('body', f.path);
    const wrong = WRONG_TYPES.filter((v) => invalid(f, v));
    // two wrong types per field, chosen by the seed, keep the run short; every field gets some
    for (const v of [pick(rand, wrong.length ? wrong : [undefined]), pick(rand, wrong.length ? wrong : [undefined])])
      if (v !== undefined) push('wrong-type', `${where} = ${json(v)}`, setAt(base.body, f.path, v), where);
    const huge = pick(rand, ['x', '中', '9']).repeat(HUGE_STRING);
    if (invalid(f, huge)) push('huge-string', `${where} = ${HUGE_STRING} chars`, setAt(base.body, f.path, huge), where);
    if (
      isDateField(
        String(f.path[f.path.length - 1]),
        f.value,
        f.schemas.map((x) => deref(doc, x)),
      )
    )
      for (const d of IMPOSSIBLE_DATES) push('impossible-date', `${where} = ${d}`, setAt(base.body, f.path, d), where);
    if (typeof f.value === 'string' && ID_NUMBER.test(f.value)) {
      const bad = flipCheckDigit(f.value);
      push('bad-id-check-digit', `${where} = ${bad}`, setAt(base.body, f.path, bad), where);
    }
    for (const v of [-1, -100_000, 0.5, 1.25, 1e300, -0.000001])
      if (typeof f.value === 'number' && invalid(f, v))
        push('bad-amount', `${where} = ${v}`, setAt(base.body, f.path, v), where);
    const nan = pick(rand, NAN_INFINITY);
    if (invalid(f, nan)) push('nan-infinity', `${where} = "${nan}"`, setAt(base.body, f.path, nan), where);
    const inj = pick(rand, INJECTIONS);
    if (invalid(f, inj)) push('injection', `${where} = ${inj}`, setAt(base.body, f.path, inj), where);
    if (BAD_UTF8_DECODED.every((d) => invalid(f, d))) out.push(badUtf8Field(base, f.path, where));
    // a deep value where the field takes no arrays
    if (invalid(f, [])) {
      out.push({
        cls: 'deep-nesting',
        what: `${where} = ${DEEP} nested arrays`,
        url,
        contentType: ct,
        payload: json(setAt(base.body, f.path, '\u0000DEEP\u0000')).replace('"\\u0000DEEP\\u0000"', deepArray()),
        path: where,
      });
    }
  }
  for (const o of objectsOf(doc, schema, base.body)) {
    for (const r of o.required) {
      const path = [...o.path, r];
      if ((getAt(base.body, path) ?? undefined) === undefined) continue;
      push('missing-required', `without ${dotted('body', path)}`, setAt(base.body, path, REMOVE), dotted('body', path));
    }
    if (o.strict) {
      const path = [...o.path, 'fuzzUnknownField'];
      push('extra-field', `with ${dotted('body', path)}`, setAt(base.body, path, 1), dotted('body', path));
    }
  }
  // the large payloads cost the most time: a few fields per route, chosen by the seed, say as much
  return sample(out, ['huge-string', 'deep-nesting'], 3, rand);
}

/** At most `n` mutations of each of these classes, picked by the seed; the others all kept, in order. */
function sample(ms: Mutation[], classes: MutationClass[], n: number, rand: () => number): Mutation[] {
  const keep = new Set<Mutation>(ms.filter((m) => !classes.includes(m.cls)));
  for (const cls of classes) {
    const pool = ms.filter((m) => m.cls === cls);
    for (let i = 0; i < n && pool.length > 0; i++) keep.add(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  }
  return ms.filter((m) => keep.has(m));
}

function getAt(body: unknown, path: (string | number)[]): unknown {
  let node = body as Record<string | number, unknown> | undefined;
  for (const k of path) node = node?.[k] as Record<string | number, unknown> | undefined;
  return node;
}

function badUtf8Field(base: BaseRequest, path: (string | number)[], where: string): Mutation {
  const [head, tail] = json(setAt(base.body, path, '\u0000UTF8\u0000')).split('"\\u0000UTF8\\u0000"') as [
    string,
    string,
  ];
  return {
    cls: 'invalid-utf8',
    what: `${where} = invalid UTF-8 bytes`,
    url: base.url,
    contentType: 'application/json',
    payload: Buffer.concat([Buffer.from(head + '"'), BAD_UTF8, Buffer.from('"' + tail)]),
    path: where,
  };
}

function deepArray(): string {
  return '['.repeat(DEEP) + ']'.repeat(DEEP);
}
function deepObject(): string {
  return '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP);
}

/** Whole-body mutations of an operation with a JSON object body. */
export function wholeBodyMutations(url: string, schemaIsObject: boolean): Mutation[] {
  const ct = 'application/json';
  const out: Mutation[] = [
    { cls: 'huge-body', what: `${OVER_BODY_LIMIT} bytes`, url, contentType: ct, payload: hugeBody(), status: 413 },
    { cls: 'empty-json-body', what: 'empty body, JSON content type', url, contentType: ct, payload: '' },
    { cls: 'malformed-json', what: 'truncated JSON', url, contentType: ct, payload: '{"a": [1, 2' },
    { cls: 'malformed-json', what: 'single quotes', url, contentType: ct, payload: "{'a': 1}" },
    { cls: 'invalid-utf8', what: 'the body is invalid UTF-8', url, contentType: ct, payload: BAD_UTF8 },
    {
      cls: 'prototype-keys',
      what: '__proto__ key',
      url,
      contentType: ct,
      payload: '{"__proto__": {"polluted": "yes"}, "a": 1}',
    },
    {
      cls: 'prototype-keys',
      what: 'constructor.prototype keys',
      url,
      contentType: ct,
      payload: '{"constructor": {"prototype": {"polluted": "yes"}}}',
    },
    {
      cls: 'wrong-content-type',
      what: 'application/xml',
      url,
      contentType: 'application/xml',
      payload: '<a>1</a>',
    },
    {
      cls: 'wrong-content-type',
      what: 'form-urlencoded',
      url,
      contentType: 'application/x-www-form-urlencoded',
      payload: 'a=1&b=2',
    },
  ];
  if (schemaIsObject) {
    // text/plain has a parser (the body becomes a string), so only a schema makes it invalid
    out.push(
      { cls: 'wrong-content-type', what: 'text/plain', url, contentType: 'text/plain', payload: '{"a":1}' },
      { cls: 'deep-nesting', what: `${DEEP} nested arrays as the body`, url, contentType: ct, payload: deepArray() },
      { cls: 'wrong-type', what: 'the body is an array', url, contentType: ct, payload: '[]' },
      { cls: 'wrong-type', what: 'the body is a number', url, contentType: ct, payload: '42' },
      { cls: 'wrong-type', what: 'the body is null', url, contentType: ct, payload: 'null' },
    );
  }
  return out;
}

/** A body whose only problem is its size: a valid JSON object over the limit. */
function hugeBody(): string {
  return json({ padding: 'x'.repeat(OVER_BODY_LIMIT) });
}

/** The deep object as a separate body, for schemas with required fields (so it is invalid for sure). */
export function deepObjectMutation(url: string): Mutation {
  return {
    cls: 'deep-nesting',
    what: `${DEEP} nested objects as the body`,
    url,
    contentType: 'application/json',
    payload: deepObject(),
  };
}

function splitUrl(url: string): { path: string; query: [string, string][] } {
  const [path, qs = ''] = url.split('?') as [string, string?];
  const query = [...new URLSearchParams(qs).entries()];
  return { path, query };
}

function withQuery(path: string, query: [string, string | string[]][], raw = ''): string {
  const parts = query.flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`),
  );
  if (raw) parts.push(raw);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/** Mutations of the query string, parameter by parameter. */
export function queryMutations(
  doc: OpenApiDocument,
  params: OpenApiParameter[],
  base: BaseRequest,
  rand: () => number,
) {
  const out: Mutation[] = [];
  const { path, query } = splitUrl(base.url);
  const others = (name: string) => query.filter(([k]) => k !== name);
  for (const p of params) {
    const where = `querystring.${p.name}`;
    const bad = (v: unknown) => surelyInvalid(doc, p.schema, v, 'query');
    const put = (cls: MutationClass, what: string, v: string | string[]) =>
      out.push({
        cls,
        what: `${where} = ${what}`,
        url: withQuery(path, [...others(p.name), [p.name, v]]),
        path: where,
      });
    const wrong = (['fuzz', '12345.5', 'true', 'null', '[]', '{}', ['2', '3']] as (string | string[])[]).filter(bad);
    for (const v of new Set([pick(rand, wrong.length ? wrong : ['']), pick(rand, wrong.length ? wrong : [''])]))
      if (v !== '') put('wrong-type', json(v), v);
    const huge = pick(rand, ['x', '中']).repeat(HUGE_STRING);
    if (bad(huge)) put('huge-string', `${HUGE_STRING} chars`, huge);
    const current = query.find(([k]) => k === p.name)?.[1];
    if (isDateField(p.name, current, [deref(doc, p.schema)]))
      for (const d of IMPOSSIBLE_DATES) put('impossible-date', d, d);
    for (const v of ['-1', '0.5', '-2.5'])
      if (current !== undefined && /^\d+$/.test(current) && bad(v)) put('bad-amount', v, v);
    for (const v of NAN_INFINITY) if (bad(v)) put('nan-infinity', v, v);
    const inj = pick(rand, INJECTIONS);
    if (bad(inj)) put('injection', inj, inj);
    if (BAD_UTF8_DECODED.every(bad))
      out.push({
        cls: 'invalid-utf8',
        what: `${where} = ${BAD_UTF8_PERCENT}`,
        url: withQuery(path, others(p.name), `${encodeURIComponent(p.name)}=${BAD_UTF8_PERCENT}`),
        path: where,
      });
    if (p.required && current !== undefined)
      out.push({
        cls: 'missing-required',
        what: `without ${where}`,
        url: withQuery(path, others(p.name)),
        path: where,
      });
  }
  return out.map((m) => ({ ...m, ...bodyOf(base) }));
}

/** A query or path mutation keeps the valid body, so only the mutated part is wrong. */
function bodyOf(base: BaseRequest): Pick<Mutation, 'payload' | 'contentType'> {
  if (base.body === undefined) return {};
  if (Buffer.isBuffer(base.body))
    return { payload: base.body, contentType: base.contentType ?? 'application/octet-stream' };
  return { payload: json(base.body), contentType: 'application/json' };
}

/**
 * Mutations of path parameters. `route` is the Fastify route ('/api/households/:id'); a parameter may carry a
 * suffix in its segment (':department.xlsx').
 */
export function pathMutations(
  doc: OpenApiDocument,
  params: OpenApiParameter[],
  route: string,
  base: BaseRequest,
  rand: () => number,
): Mutation[] {
  const out: Mutation[] = [];
  const { path } = splitUrl(base.url);
  const qs = base.url.slice(path.length);
  const routeSegs = route.split('/');
  const urlSegs = path.split('/');
  for (const p of params) {
    const i = routeSegs.findIndex((s) => new RegExp(`^:${p.name}\\b`).test(s));
    if (i < 0) continue;
    const suffix = routeSegs[i]!.slice(p.name.length + 1);
    const where = `params.${p.name}`;
    const bad = (v: string) => surelyInvalid(doc, p.schema, v, 'query');
    const put = (cls: MutationClass, what: string, raw: string, status?: number) => {
      const segs = [...urlSegs];
      segs[i] = raw + suffix;
      out.push({
        cls,
        what: `${where} = ${what}`,
        url: segs.join('/') + qs,
        ...(status ? { status } : {}),
        path: where,
      });
    };
    const wrong = ['fuzz', '12345', '12345.5', 'true', 'null', '-1', 'NaN'].filter(bad);
    for (const v of new Set([pick(rand, wrong), pick(rand, wrong)])) if (v) put('wrong-type', v, encodeURIComponent(v));
    const inj = pick(rand, INJECTIONS);
    if (bad(inj)) put('injection', inj, encodeURIComponent(inj));
    // the router refuses a percent-encoding that is not UTF-8, and an over-long parameter, before the schema
    put('invalid-utf8', BAD_UTF8_PERCENT, BAD_UTF8_PERCENT);
    put('huge-string', `${HUGE_STRING} chars`, pick(rand, ['a', '9']).repeat(HUGE_STRING));
  }
  return out.map((m) => ({ ...m, ...bodyOf(base) }));
}
