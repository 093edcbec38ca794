/**
 * The farmer's own channel (农户自主申报, S1 §四(二)1: "通过手机APP…进行自主申报"): an application without an
 * account, answered with a receipt number, and a status page reached with that receipt and the applicant's ID
 * number. The application becomes a self_application lead on the village (attached to an open lead or case of
 * the household, like every lead), so the village verifies it within the policy's days and the 15-day clock
 * runs from its receipt (S3 §三(四)). The status page says where the application stands and nothing else.
 */
import { randomInt } from 'node:crypto';
import {
  chinaDate,
  cleanIdNumber,
  ID_NUMBER_PROBLEM_TEXT,
  IDENTIFICATION_STAGES,
  maskName,
  MONITORED_STAGES,
  parseIdNumber,
  type CaseStage,
} from '@dixian/core';
import {
  PUBLIC_APPLICATION_STATUS,
  type PublicApplicationBody,
  type PublicApplicationReceipt,
  type PublicApplicationStatus,
  type PublicApplicationStatusCode,
} from '@dixian/core/api';
import { MemberRepository } from '../repositories/member.repository.js';
import { LeadRepository } from '../repositories/lead.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { notFound, RECORD } from './access.js';
import type { ServiceDeps } from './context.js';
import { validationFailed } from './errors.js';
import { recordLead } from './lead.service.js';

/** A request without an account: the deps, its id and the client address (kept in the audit record). */
export interface PublicContext extends ServiceDeps {
  requestId: string | null;
  ip: string | null;
}

// no 0/O, 1/I/L: read over the phone without mistakes
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** SQ + the day + 8 random characters (31^8 ≈ 8.5e11 a day): unguessable enough next to the ID number. */
function newReceiptNo(day: string): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return `SQ${day.replace(/-/g, '')}${s}`;
}

/**
 * Where this application stands, as the farmer is told (never the case itself). An application that joined a
 * lead or case already open stays "received": that procedure is someone else's record, and its stage would tell
 * whoever knows a name and an ID number whether the person is monitored.
 */
export function publicStatusOf(leadStatus: string, caseStage: string | null): PublicApplicationStatusCode {
  if (leadStatus === 'attached') return 'received';
  if (caseStage) {
    const stage = caseStage as CaseStage;
    if (stage === 'verifying') return 'verifying';
    if (IDENTIFICATION_STAGES.includes(stage)) return 'in_procedure';
    if (MONITORED_STAGES.includes(stage)) return 'monitoring';
    if (stage === 'eliminated') return 'risk_eliminated';
    return 'not_included';
  }
  return leadStatus === 'dismissed' ? 'not_included' : 'received';
}

/**
 * POST /api/public/applications. The ID number must be valid (check digit, real birth date not in the future),
 * the village a rural village (村) that exists. The person is tied to their registered household only when the
 * name matches the registry too, so an ID number alone reveals nothing about anyone's household.
 */
export async function submitApplication(
  ctx: PublicContext,
  body: PublicApplicationBody,
): Promise<PublicApplicationReceipt> {
  const now = ctx.now();
  const today = chinaDate(now);
  const issues: { path: string; message: string }[] = [];
  const parsed = parseIdNumber(body.idNumber, today);
  if (!parsed.ok) {
    const t = ID_NUMBER_PROBLEM_TEXT[parsed.problem];
    issues.push({ path: 'body.idNumber', message: `${t.zh} / ${t.en}` });
  }
  const village = await new RegionRepository(ctx.store.db).get(body.villageCode);
  if (!village || village.level !== 'village') {
    issues.push({ path: 'body.villageCode', message: `村级区划代码不存在 / no such village: ${body.villageCode}` });
  } else if (!village.isRural) {
    issues.push({
      path: 'body.villageCode',
      message: `${village.name}不是农村村委会(社区居民请向街道申请) / ${body.villageCode} is not a rural village`,
    });
  }
  if (issues.length || !parsed.ok) {
    throw validationFailed(issues, { zh: '申报信息有误', en: 'the application is invalid' });
  }
  const idNumber = parsed.value.idNumber;
  const county = { regionPrefix: body.villageCode.slice(0, 6) };
  const person = await new MemberRepository(ctx.store.db).householdOfPerson(county, idNumber, body.name);
  const receiptNo = newReceiptNo(today);
  const audit = { actor: null, requestId: ctx.requestId, now: ctx.now };
  await ctx.store.transaction(async (tx) => {
    const { lead } = await recordLead(tx, audit, {
      regionCode: person?.regionCode ?? body.villageCode,
      householdId: person?.householdId ?? null,
      channel: 'self_application',
      subChannel: 'app',
      applicantName: body.name.trim(),
      applicantIdNumber: idNumber,
      applicantPhone: body.phone,
      description: body.description,
      riskTypes: body.riskTypes ?? [],
      discoveredAt: now,
      receiptNo,
      appliedRegionCode: body.villageCode,
      createdBy: null,
    });
    return lead;
  });
  return {
    receiptNo,
    submittedOn: today,
    status: 'received',
    statusLabel: PUBLIC_APPLICATION_STATUS.received,
  };
}

/**
 * GET /api/public/applications/:receipt?idNumber=. A wrong receipt, a wrong ID number and an unknown
 * application answer the same 404.
 */
export async function applicationStatus(
  ctx: PublicContext,
  receiptNo: string,
  idNumberInput: string,
): Promise<PublicApplicationStatus> {
  const parsed = parseIdNumber(cleanIdNumber(idNumberInput));
  const r = parsed.ok ? await new LeadRepository(ctx.store.db).byReceipt(receiptNo, parsed.value.idNumber) : undefined;
  if (!r) throw notFound(RECORD.application);
  const status = publicStatusOf(r.status, r.caseStage);
  // an attached application's own record is all it may tell about, its last change included
  const changed = (r.status === 'attached' ? [r.updatedAt] : [r.updatedAt, r.caseUpdatedAt])
    .filter((d): d is Date => d instanceof Date)
    .sort((a, b) => b.getTime() - a.getTime())[0]!;
  return {
    receiptNo: r.receiptNo!,
    applicantName: maskName(r.applicantName ?? ''),
    regionName: r.regionName,
    submittedOn: chinaDate(r.discoveredAt),
    status,
    statusLabel: PUBLIC_APPLICATION_STATUS[status],
    updatedOn: chinaDate(changed),
  };
}
