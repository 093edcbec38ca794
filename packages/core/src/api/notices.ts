/**
 * The village public notice (公示, GET /api/notices): what the web prints on A4 and posts on the village board.
 * S3 §三(四): at least 5 days in the village; S1 §四(三): identification and risk elimination are both publicised.
 * DOMAIN §3.1 (W2): no ID numbers, phones, bank or health data — the head's name is masked (王**), risk types are
 * left out (因病 and 因残 are health data), and the household number is not shown.
 */
import { z } from 'zod';
import { EliminationMethod, MonitoringCategory } from '../enums.js';
import { CalendarDate, VillageCode } from './common.js';

export const NoticePurpose = z.enum(['identification', 'elimination']);
export type NoticePurpose = z.infer<typeof NoticePurpose>;

export const NoticeQuery = z.object({
  region: VillageCode.describe('the village whose notice board this is'),
  purpose: NoticePurpose.default('identification'),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: notices posted on asOf; false: notices already taken down; all when absent'),
  asOf: CalendarDate.optional().describe('the day (default today, China time)'),
});
export type NoticeQuery = z.infer<typeof NoticeQuery>;

const LabelView = z.object({ zh: z.string(), en: z.string() });
const Contact = z.object({ name: z.string(), phone: z.string().nullable() });

export const NoticeHousehold = z.object({
  noticeId: z.string(),
  caseId: z.string(),
  headName: z.string().describe('masked: 王**'),
  naturalVillage: z.string().nullable(),
  size: z.number().int().describe('household members (living)'),
  category: z.enum(MonitoringCategory.values).nullable(),
  eliminationMethod: z.enum(EliminationMethod.values).nullable(),
  withdrawn: z.boolean().describe('taken down before its last day (an objection sent the case back)'),
});
export type NoticeHousehold = z.infer<typeof NoticeHousehold>;

export const NoticePeriod = z.object({
  startOn: z.string(),
  endOn: z.string(),
  days: z.number().int().describe('days posted after the posting day (S3 §三(四): at least 5)'),
  active: z.boolean(),
  place: z.string().nullable(),
  households: z.array(NoticeHousehold),
});
export type NoticePeriod = z.infer<typeof NoticePeriod>;

export const NoticeView = z
  .object({
    village: z.object({ code: z.string(), name: z.string() }),
    township: z.object({ code: z.string(), name: z.string() }).nullable(),
    county: z.object({ code: z.string(), name: z.string() }).nullable(),
    purpose: NoticePurpose,
    asOf: z.string(),
    title: LabelView,
    /** newest period first */
    periods: z.array(NoticePeriod),
    /** where to object during the period */
    objection: z.object({
      villageCommittee: z.object({ name: z.string(), contacts: z.array(Contact) }),
      township: z.object({ name: z.string(), contacts: z.array(Contact) }).nullable(),
      hotline: z.literal('12317'),
      text: LabelView,
    }),
  })
  .meta({ id: 'PublicNotice' });
export type NoticeView = z.infer<typeof NoticeView>;
