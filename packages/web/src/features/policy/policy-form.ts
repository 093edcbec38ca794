import { PolicyBodySchema } from '@dixian/core';
import type { z } from 'zod';
import { zodErrorMap } from '../../forms/zod-form';
import type { Lang } from '../../i18n/i18n';
import { getPath, POLICY_PARAMS, setPath, type PolicyParam } from '../../i18n/labels';
import { yuanToFen } from '../../lib/format';

/**
 * What the two forms of policy parameters share, a new version (pages/policy/PolicyVersionDrawer) and a draft
 * (pages/scenarios/DraftDrawer): both start from the policy in force, send only the parameters they change, and
 * check the merged policy with core's schema before sending, as the server does.
 */

type Json = Record<string, unknown>;

/** Merge a record's overrides over the policy above it, as core's resolvePolicy does (objects merge, the rest replaces). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!over || typeof over !== 'object' || Array.isArray(over)) return over === undefined ? base : over;
  if (!base || typeof base !== 'object' || Array.isArray(base)) return over;
  const out: Json = { ...(base as Json) };
  for (const [k, v] of Object.entries(over as Json)) out[k] = deepMerge((base as Json)[k], v);
  return out;
}

/** Policy units → form units (fen → yuan). */
export function toForm(p: PolicyParam, v: unknown): unknown {
  return p.unit === 'fen' && typeof v === 'number' ? v / 100 : v;
}
/** Form units → policy units (yuan → fen, exactly). */
export function fromForm(p: PolicyParam, v: unknown): unknown {
  return p.unit === 'fen' && (typeof v === 'number' || typeof v === 'string') ? yuanToFen(v) : v;
}

/** Every parameter of a policy body as the form shows it (amounts in yuan). */
export function paramValues(body: unknown): Json {
  const out: Json = {};
  for (const p of POLICY_PARAMS) setPath(out, p.path, toForm(p, getPath(body, p.path)));
  return out;
}

/** The parameters the form sets to something other than the policy in force, in policy units: the body to send. */
export function paramOverrides(base: unknown, form: unknown): Json {
  const overrides: Json = {};
  for (const p of POLICY_PARAMS) {
    const value = fromForm(p, getPath(form, p.path));
    if (value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(getPath(base, p.path))) setPath(overrides, p.path, value);
  }
  return overrides;
}

/**
 * The form's schema, also checking the policy in force with the form's body merged over it against core's
 * PolicyBodySchema; each issue lands on the field it names under `body`, in the UI language.
 */
export function withMergedPolicyCheck<S extends z.ZodType<{ body?: unknown }>>(
  schema: S,
  base: unknown,
  lang: Lang,
): S {
  return schema.superRefine((v, ctx) => {
    const r = PolicyBodySchema.safeParse(deepMerge(base, v.body), { error: zodErrorMap(lang) });
    if (!r.success)
      for (const issue of r.error.issues)
        ctx.addIssue({
          code: 'custom',
          path: ['body', ...issue.path.filter((x) => typeof x !== 'symbol')],
          message: issue.message,
        });
  });
}
