import * as enums from '@dixian/core/enums';
import type { Label } from '@dixian/core';
import type { z } from 'zod';

/** A core enum (enums.ts): its values and their zh/en labels. */
export interface EnumDef {
  values: readonly string[];
  labels: Record<string, Label>;
}

/** How a query parameter is filtered on screen, read from its zod type (and its name for dates). */
export type FilterKind = 'enum' | 'bool' | 'region' | 'date' | 'month' | 'search' | 'number';

export interface FilterField {
  key: string;
  kind: FilterKind;
  /** enum: the values the schema allows, and the core enum that labels them when there is one */
  values?: readonly string[];
  enumDef?: EnumDef | undefined;
}

/** Parameters of every list that are not filters. */
export const NOT_FILTERS = new Set(['page', 'pageSize', 'sort']);

const ENUM_DEFS = (Object.values(enums) as unknown[]).filter(
  (v): v is EnumDef =>
    typeof v === 'object' && v !== null && Array.isArray((v as EnumDef).values) && 'labels' in (v as object),
);

/** The core enum whose values are exactly (or include) the schema's, so its labels can be shown. */
export function enumDefOf(values: readonly string[]): EnumDef | undefined {
  const same = ENUM_DEFS.find((e) => e.values.length === values.length && values.every((v) => v in e.labels));
  return same ?? ENUM_DEFS.find((e) => values.every((v) => v in e.labels));
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  entries?: Record<string, string>;
}
const defOf = (t: z.ZodType): Def => (t as unknown as { _zod: { def: Def } })._zod.def;

/** The type under optional/default/nullable wrappers and transforms (the URL's side of a pipe). */
function unwrap(t: z.ZodType): z.ZodType {
  let cur = t;
  for (;;) {
    const d = defOf(cur);
    if (d.innerType && ['optional', 'default', 'nullable', 'prefault', 'catch'].includes(d.type)) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else return cur;
  }
}

const DATE_KEY = /^(asOf|date)$|(From|To|On)$/;

/** One filter field of a query schema's key, or null when it cannot be filtered on screen. */
export function fieldOf(key: string, type: z.ZodType): FilterField | null {
  const d = defOf(unwrap(type));
  if (key === 'region') return { key, kind: 'region' };
  if (key === 'month') return { key, kind: 'month' };
  if (d.type === 'enum' && d.entries) {
    const values = Object.values(d.entries);
    if (values.length === 2 && values.includes('true') && values.includes('false')) return { key, kind: 'bool' };
    return { key, kind: 'enum', values, enumDef: enumDefOf(values) };
  }
  if (d.type === 'number') return { key, kind: 'number' };
  if (d.type === 'string') return { key, kind: DATE_KEY.test(key) ? 'date' : 'search' };
  return null;
}

/** The filters of a list's query schema, in the order asked for (default: the schema's), without paging and sort. */
export function filterFieldsOf(schema: z.ZodObject, only?: readonly string[]): FilterField[] {
  const shape = schema.shape as Record<string, z.ZodType>;
  const keys = only ?? Object.keys(shape).filter((k) => !NOT_FILTERS.has(k));
  return keys.flatMap((k) => {
    const type = shape[k];
    const field = type ? fieldOf(k, type) : null;
    return field ? [field] : [];
  });
}
