import type { FormInstance, FormRule } from 'antd';
import { Form } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { en, zhCN } from 'zod/locales';
import { isApiError, type ApiError, type ErrorIssue } from '../api/client';
import { localize, useI18n, type Lang } from '../i18n/i18n';

/**
 * The form adapter: antd forms validate with the same zod schemas as the server (`@dixian/core/api`,
 * `CaseActionBodySchemas`, …) and show the server's errors beside the field they name.
 *
 *   const zf = useZodForm(PolicyCreateBody);
 *   <Form form={zf.form} layout="vertical" onFinish={zf.submit((body) => api.post('/api/policies', body))}>
 *     <FormErrors zf={zf} />
 *     <Form.Item name="docNo" label="文号" rules={zf.rules('docNo')}><Input /></Form.Item>
 *   </Form>
 *
 * - `rules(name)` checks one field against its part of the schema while typing (required when the schema
 *   refuses `undefined`);
 * - `submit(handler)` normalises the values (`''` → absent, dayjs → 'YYYY-MM-DD'), maps them with `toBody`,
 *   parses the whole schema (cross-field refinements run here), puts every issue on its field, then calls the
 *   handler with the parsed body; a server `ApiError` has its issues put on the fields they name
 *   (`body.members.0.idNumber` → `['members', 0, 'idNumber']`), the rest shown by `<FormErrors>`.
 * - Messages are in the UI language: the schemas' own "中文 / English" messages are split, zod's defaults come
 *   from zod's zh-CN or en locale.
 */

export type FieldPath = (string | number)[];

export interface ZodFormOptions<Values, Body> {
  /** turn the form's values into the request body before parsing (yuan → fen, pickers → codes, …) */
  toBody?: (values: Values) => Body;
  /** where a body path is shown in the form when `toBody` renamed it; null leaves it to <FormErrors> */
  fieldOf?: (bodyPath: FieldPath) => FieldPath | null;
}

export interface ZodForm<S extends z.ZodType, Values> {
  form: FormInstance<Values>;
  /** antd rules for the field at `name` (a body path) */
  rules: (name: string | FieldPath, extra?: FormRule[]) => FormRule[];
  /** does the schema require the field (for `required` on items without rules) */
  isRequired: (name: string | FieldPath) => boolean;
  /** wrap a handler for `<Form onFinish>`; resolves after success or after errors are shown */
  submit: (
    handler: (body: z.output<S>, values: Values) => Promise<unknown> | unknown,
  ) => (values: Values) => Promise<void>;
  submitting: boolean;
  /** the last failure not attached to a field (a refused step, a version conflict, an issue without a field) */
  error: { error: ApiError | null; issues: ErrorIssue[] } | null;
  clearError: () => void;
}

/** zod's own messages in the UI language (schema messages written "中文 / English" still win). */
export function zodErrorMap(lang: Lang) {
  return (lang === 'zh' ? zhCN() : en()).localeError;
}

/** A zod issue or a server issue's message, in the UI language. */
export function issueMessage(message: string, lang: Lang): string {
  return localize(message, lang);
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

const defOf = (s: z.ZodType): ZodDef => (s as unknown as { _zod: { def: ZodDef } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The part of a schema at a path (through optional, default, pipes, arrays and records), or undefined. */
export function schemaAt(schema: z.ZodType, path: FieldPath): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  let i = 0;
  while (s) {
    const def = defOf(s);
    if (i === path.length) return s;
    const key = path[i]!;
    if (def.type === 'object' && def.shape && typeof key === 'string') {
      s = def.shape[key];
      i++;
    } else if (def.type === 'array' && typeof key === 'number') {
      s = def.element;
      i++;
    } else if (def.type === 'record') {
      s = def.valueType;
      i++;
    } else if (WRAPPERS.has(def.type)) {
      s = def.innerType;
    } else if (def.type === 'pipe') {
      s = def.in;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/**
 * An antd rule checking a field against any zod schema, after `convert` (form units → schema units, e.g. yuan →
 * fen). For fields whose schema is not the form's own (a policy parameter inside a free-form body, say).
 */
export function zodRule(part: z.ZodType, lang: Lang, convert: (v: unknown) => unknown = (v) => v): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const v = normalizeValues(value);
      if (v === undefined) return;
      const r = part.safeParse(convert(v), { error: zodErrorMap(lang) });
      if (!r.success) throw new Error(issueMessage(r.error.issues[0]?.message ?? '', lang));
    },
  };
}

/** Form values as the schema expects them: '' and empty lists of blanks are absent, dayjs values are dates. */
export function normalizeValues(v: unknown): unknown {
  if (v === '' || v === undefined) return undefined;
  if (dayjs.isDayjs(v)) return v.format('YYYY-MM-DD');
  if (Array.isArray(v)) return v.map(normalizeValues);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const n = normalizeValues(x);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return v;
}

/** `body.members.0.idNumber` (or `members.0.idNumber`) → ['members', 0, 'idNumber']. */
export function parseIssuePath(path: string | undefined): FieldPath {
  if (!path) return [];
  const parts = path.split('.').filter(Boolean);
  if (parts[0] === 'body' || parts[0] === 'querystring' || parts[0] === 'params') parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const asPath = (name: string | FieldPath): FieldPath => (Array.isArray(name) ? name : [name]);
const keyOf = (p: FieldPath) => p.join('.');

/** The rules of one field: required when its schema refuses `undefined`, then its part of the schema. */
function partRules(part: z.ZodType, t: (k: 'form.required') => string, lang: Lang): FormRule[] {
  const required = !part.safeParse(undefined).success;
  const out: FormRule[] = [];
  if (required) out.push({ required: true, message: t('form.required') });
  out.push({
    validator: async (_rule, value: unknown) => {
      const v = normalizeValues(value);
      if (v === undefined && required) return; // the required rule speaks
      // a field left empty is checked by the whole-form parse (defaults, cross-field rules)
      if (v === undefined) return;
      const r = part.safeParse(v, { error: zodErrorMap(lang) });
      if (!r.success) throw new Error(issueMessage(r.error.issues[0]?.message ?? '', lang));
    },
  });
  return out;
}

/** Issues beside the fields on screen that they name; the rest for <FormErrors>. */
function splitIssues(
  issues: { path: FieldPath; message: string }[],
  fieldOf: ((path: FieldPath) => FieldPath | null | undefined) | undefined,
  known: ReadonlySet<string>,
  lang: Lang,
) {
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  const rest: ErrorIssue[] = [];
  for (const issue of issues) {
    const mapped = fieldOf ? fieldOf(issue.path) : issue.path;
    if (mapped && mapped.length && known.has(keyOf(mapped))) {
      const k = keyOf(mapped);
      const entry = byField.get(k) ?? { name: mapped, errors: [] };
      entry.errors.push(issueMessage(issue.message, lang));
      byField.set(k, entry);
    } else {
      rest.push({ path: issue.path.join('.') || undefined, message: issue.message });
    }
  }
  return { byField, rest };
}

export function useZodForm<S extends z.ZodType, Values = z.input<S>>(
  schema: S,
  options: ZodFormOptions<Values, z.input<S>> = {},
): ZodForm<S, Values> {
  const [form] = Form.useForm<Values>();
  const { lang, t } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ZodForm<S, Values>['error']>(null);
  // the fields the form shows, so an issue for a field not on screen goes to <FormErrors> instead of nowhere
  const known = useRef(new Set<string>());
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const isRequired = useCallback(
    (name: string | FieldPath) => {
      const part = schemaAt(schema, asPath(name));
      return !!part && !part.safeParse(undefined).success;
    },
    [schema],
  );

  const rules = useCallback(
    (name: string | FieldPath, extra: FormRule[] = []): FormRule[] => {
      const path = asPath(name);
      known.current.add(keyOf(path));
      const part = schemaAt(schema, path);
      if (!part) return extra;
      return [...partRules(part, t, lang), ...extra];
    },
    [schema, lang, t],
  );

  const place = useCallback(
    (issues: { path: FieldPath; message: string }[], apiError: ApiError | null) => {
      const { byField, rest } = splitIssues(issues, optionsRef.current.fieldOf, known.current, lang);
      form.setFields(
        [...byField.values()].map((f) => ({ name: f.name as never, errors: f.errors })) as Parameters<
          typeof form.setFields
        >[0],
      );
      setError(rest.length || apiError ? { error: apiError, issues: rest } : null);
    },
    [form, lang],
  );

  const submit = useCallback<ZodForm<S, Values>['submit']>(
    (handler) => async (values) => {
      setError(null);
      const all = { ...(form.getFieldsValue(true) as object), ...(values as object) } as Values;
      const normalized = normalizeValues(all) as Values;
      const body = optionsRef.current.toBody ? optionsRef.current.toBody(normalized) : normalized;
      const parsed = schema.safeParse(body, { error: zodErrorMap(lang) });
      if (!parsed.success) {
        place(
          parsed.error.issues.map((i) => ({ path: i.path.filter((p) => typeof p !== 'symbol'), message: i.message })),
          null,
        );
        return;
      }
      setSubmitting(true);
      try {
        await handler(parsed.data, all);
      } catch (e) {
        if (!isApiError(e)) throw e;
        place(
          e.issues.map((i) => ({ path: parseIssuePath(i.path), message: i.message })),
          e,
        );
      } finally {
        setSubmitting(false);
      }
    },
    [form, schema, lang, place],
  );

  return useMemo(
    () => ({ form, rules, isRequired, submit, submitting, error, clearError: () => setError(null) }),
    [form, rules, isRequired, submit, submitting, error],
  );
}
