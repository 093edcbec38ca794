/**
 * Building blocks shared by every API contract: the error body, ids, pages, region codes and dates.
 * Each schema is declared once here and used by Fastify for validation, by TypeScript for types and by
 * @fastify/swagger for the OpenAPI document at /api/docs.
 */
import { z } from 'zod';
import { isIsoDate } from '../dates.js';
import { ERROR_CODES, type ErrorCode } from '../errors.js';

const ERROR_CODE_VALUES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** Every error answer: a stable code, a zh-CN / English message, and where the problem is. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODE_VALUES),
      message: z.string().describe('中文 / English'),
      issues: z.array(
        z.object({
          path: z.string().optional(),
          row: z.number().int().optional(),
          column: z.string().optional(),
          message: z.string(),
        }),
      ),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * Ids are uuids. `guid` accepts any 8-4-4-4-12 hex form: the demo seeder derives ids deterministically and
 * does not set RFC 9562 version bits.
 */
export const Id = z.guid();

export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

/** A canonical region code: province 2, prefecture 4, county 6, township 9 or village 12 digits. */
export const RegionCode = z
  .string()
  .regex(
    /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/,
    '区划代码应为2、4、6、9或12位数字 / region code of 2, 4, 6, 9 or 12 digits',
  );

export const VillageCode = z.string().regex(/^\d{12}$/, '村级区划代码应为12位数字 / village code must have 12 digits');

/** A calendar day, 'YYYY-MM-DD'. */
export const CalendarDate = z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD / date must be a real YYYY-MM-DD');

/** An instant as ISO 8601 text (UTC). */
export const Instant = z.string().describe('ISO 8601 instant');

/** Money in integer fen (分): never a float. */
export const Fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Optimistic concurrency: the version the client last read. */
export const Version = z.number().int().min(1).describe('the version last read; a stale one answers 409');

/** A trimmed, non-empty text of bounded length. */
export function text(max: number) {
  return z.string().trim().min(1).max(max);
}

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * A list's server-side sort: `sort=field` ascending, `sort=-field` descending, over the list's own whitelist of
 * sortable columns (anything else is a 400 naming `querystring.sort`). Absent, the list keeps its default order.
 */
export function sortQuery<const F extends readonly [string, ...string[]]>(fields: F) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as [SortValue<F[number]>, ...SortValue<F[number]>[]];
  return z
    .enum(values)
    .optional()
    .describe(`sort by one column: ${fields.join(', ')}; a leading '-' sorts descending`);
}
export type SortValue<F extends string> = F | `-${F}`;

/** `'-stage'` → `{ field: 'stage', desc: true }`. */
export function parseSort<F extends string>(sort: SortValue<F> | undefined): { field: F; desc: boolean } | undefined {
  if (!sort) return undefined;
  return sort.startsWith('-') ? { field: sort.slice(1) as F, desc: true } : { field: sort as F, desc: false };
}

/** A page of items with the total count of the filtered set. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const OkBody = z.object({ ok: z.literal(true) });

/**
 * When the daily rollup an answer of a large area was read from was made (issue 19 §1); absent or null when it was
 * judged live. Screens say so next to their counts.
 */
export const RollupAt = Instant.nullable()
  .optional()
  .describe('the daily rollup this answer was read from was made at this time; null: judged live');
