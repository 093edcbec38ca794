/**
 * Leads from every channel (S1 §四(二)): a cadre's finding, a written application or a 12317 call recorded by
 * staff, a department officer's report, a visit, the public self-application. Every one goes through
 * `recordLead`, which applies the attachment rule (a household with an open lead or case gets no second one)
 * and the deadlines of the policy in force (verification and the 15-day identification, S3 §三(四)).
 */
import {
  addDays,
  AppError,
  chinaDate,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
  ID_NUMBER_PROBLEM_TEXT,
  type Department,
  type LeadChannel,
  type LeadSubChannel,
  type RiskType,
  chinaDayStart,
} from '@dixian/core';
import {
  LEAD_SUB_CHANNELS,
  type LeadCreateBody,
  type LeadListQuery,
  type LeadPage,
  type LeadView,
} from '@dixian/core/api';
import { appendAudit, type AuditContext } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import { MemberRepository } from '../repositories/member.repository.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { LeadRepository, type LeadListRow, type LeadRow } from '../repositories/lead.repository.js';
import { openEpisodeOf } from '../repositories/open-episode.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { WarningRepository } from '../repositories/warning.repository.js';
import { RECORD } from './access.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';
import { policyAt } from '../policies/policy-at.js';

/** A lead as it is recorded, before the attachment rule and the deadlines are applied. */
export interface NewLead {
  regionCode: string;
  householdId: string | null;
  channel: LeadChannel;
  subChannel: LeadSubChannel;
  department?: Department | null;
  applicantName?: string | null;
  applicantIdNumber?: string | null;
  applicantPhone?: string | null;
  description?: string | null;
  riskTypes: readonly RiskType[];
  discoveredAt: Date;
  receiptNo?: string | null;
  /** a public self-application: the village the applicant named (shown on the status page) */
  appliedRegionCode?: string | null;
  createdBy: string | null;
}

export interface RecordedLead {
  lead: LeadRow;
  /** what it joined, when the household (or the applicant) already had an open lead or case */
  attachedTo: { kind: 'case' | 'lead'; id: string } | null;
}

/** The instant a lead discovered on a calendar day is dated: now when it is today, else that day's start in China. */
export function discoveryInstant(day: string, now: Date): Date {
  return chinaDate(now) === day ? now : chinaDayStart(day);
}

/**
 * Record a lead inside the caller's transaction: attach it to the household's open case or lead (the rule
 * department warnings follow, issue 5 §2), or to an open lead of the same applicant not yet in the registry;
 * otherwise open it with its deadlines from the policy in force on the discovery day. Audited.
 */
export async function recordLead(tx: Tx, ctx: AuditContext, input: NewLead): Promise<RecordedLead> {
  // a feed or another report cannot open a lead for the same household between our check and our insert
  await new WarningRepository(tx.client).lockForLead(
    input.householdId ??
      (input.applicantIdNumber ? `${input.regionCode.slice(0, 6)}:${input.applicantIdNumber}` : null),
  );
  const leads = new LeadRepository(tx.db);
  let attachedTo: RecordedLead['attachedTo'] = null;
  let caseId: string | null = null;
  let attachedToLeadId: string | null = null;
  if (input.householdId) {
    const open = await openEpisodeOf(tx.db, input.householdId);
    if (open?.kind === 'case') {
      attachedTo = { kind: 'case', id: open.caseId };
      caseId = open.caseId;
    } else if (open?.kind === 'lead') {
      attachedTo = { kind: 'lead', id: open.leadId };
      attachedToLeadId = open.leadId;
    }
  } else if (input.applicantIdNumber) {
    const same = await leads.openOfApplicant(input.regionCode.slice(0, 6), input.applicantIdNumber);
    if (same) {
      attachedTo = { kind: 'lead', id: same };
      attachedToLeadId = same;
    }
  }
  const discoveredOn = chinaDate(input.discoveredAt);
  // an attached lead follows the lead or case it joined; only a lead of its own starts the clocks
  const { policy } = await policyAt(tx.db, input.regionCode, discoveredOn);
  const d = policy.deadlines;
  const now = ctx.now();
  const lead = await leads.insert({
    countyCode: input.regionCode.slice(0, 6),
    regionCode: input.regionCode,
    householdId: input.householdId,
    channel: input.channel,
    subChannel: input.subChannel,
    department: input.department ?? null,
    applicantName: input.applicantName ?? null,
    applicantIdNumber: input.applicantIdNumber ?? null,
    applicantPhone: input.applicantPhone ?? null,
    description: input.description ?? null,
    riskTypes: [...input.riskTypes],
    discoveredAt: input.discoveredAt,
    verifyDueOn: attachedTo ? null : addDays(discoveredOn, d.verificationDays),
    identificationDueOn: attachedTo ? null : addDays(discoveredOn, d.identificationDays),
    status: attachedTo ? 'attached' : 'open',
    caseId,
    attachedToLeadId,
    receiptNo: input.receiptNo ?? null,
    appliedRegionCode: input.appliedRegionCode ?? null,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
  });
  await appendAudit(tx, ctx, {
    action: 'lead.create',
    targetType: 'lead',
    targetId: lead.id,
    regionCode: lead.regionCode,
    after: {
      channel: lead.channel,
      subChannel: lead.subChannel,
      department: lead.department,
      householdId: lead.householdId,
      applicantName: lead.applicantName,
      applicantIdNumber: maskIdNumber(lead.applicantIdNumber),
      applicantPhone: maskPhone(lead.applicantPhone),
      riskTypes: lead.riskTypes,
      discoveredOn,
      status: lead.status,
      attachedTo,
      verifyDueOn: lead.verifyDueOn,
      identificationDueOn: lead.identificationDueOn,
      receiptNo: lead.receiptNo,
      policy: policy.versionLabel,
    },
  });
  return { lead, attachedTo };
}

export function toLeadView(r: LeadListRow, today: string): LeadView {
  const overdue =
    r.status === 'open' &&
    ((r.verifyDueOn !== null && r.verifyDueOn < today) ||
      (r.identificationDueOn !== null && r.identificationDueOn < today));
  return {
    id: r.id,
    countyCode: r.countyCode,
    regionCode: r.regionCode,
    regionName: r.regionName,
    householdId: r.householdId,
    householdNo: r.householdNo,
    headName: r.headName ?? null,
    channel: r.channel as LeadView['channel'],
    subChannel: r.subChannel as LeadView['subChannel'],
    department: r.department as LeadView['department'],
    applicantName: r.applicantName,
    applicantIdNumber: maskIdNumber(r.applicantIdNumber),
    applicantPhone: maskPhone(r.applicantPhone),
    description: r.description,
    riskTypes: r.riskTypes as LeadView['riskTypes'],
    discoveredAt: r.discoveredAt.toISOString(),
    discoveredOn: chinaDate(r.discoveredAt),
    verifyDueOn: r.verifyDueOn,
    identificationDueOn: r.identificationDueOn,
    status: r.status as LeadView['status'],
    dismissedReason: r.dismissedReason,
    caseId: r.caseId,
    caseStage: r.caseStage as LeadView['caseStage'],
    attachedToLeadId: r.attachedToLeadId,
    receiptNo: r.receiptNo,
    overdue,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

export async function listLeads(ctx: ServiceContext, q: LeadListQuery): Promise<LeadPage> {
  const area = areaOf(ctx).list('lead.read', q.region);
  if (!area) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const today = chinaDate(ctx.now());
  const { items, total } = await new LeadRepository(ctx.store.db).list(areaOf(ctx).scope, {
    ...q,
    regionPrefix: area.regionPrefix,
    today,
  });
  return { items: items.map((r) => toLeadView(r, today)), total, page: q.page, pageSize: q.pageSize };
}

export async function getLead(ctx: ServiceContext, id: string): Promise<LeadView> {
  const r = await areaOf(ctx).load('lead.read', RECORD.lead, id, (scope) =>
    new LeadRepository(ctx.store.db).get(scope, id),
  );
  return toLeadView(r, chinaDate(ctx.now()));
}

function forbidden(zh: string, en: string): AppError {
  return new AppError('forbidden', { zh, en });
}

/**
 * POST /api/leads. A department officer reports for their own department only (channel department_warning);
 * everyone reports within their area. A person given by ID number is tied to their registered household when
 * the name matches too.
 */
export async function createLead(ctx: ServiceContext, body: LeadCreateBody): Promise<LeadView> {
  const area = areaOf(ctx);
  area.allow('lead.create');
  const actor = ctx.actor;
  if (actor.role === 'department_officer' && body.department !== actor.department) {
    throw forbidden('部门用户只能报送本部门的预警线索', 'a department officer reports for their own department only');
  }
  const now = ctx.now();
  const today = chinaDate(now);
  const discoveredOn = body.discoveredOn ?? today;
  if (discoveredOn > today) {
    throw validationFailed([{ path: 'discoveredOn', message: `不能晚于今天 ${today} / cannot be after today` }]);
  }
  const scope = area.scope;
  const department = body.department ?? null;
  let householdId: string | null = null;
  let regionCode: string;
  let applicant: { name: string; idNumber: string; phone: string | null } | null = null;

  if (body.householdId) {
    const id = body.householdId;
    const h = await area.load(
      'lead.create',
      RECORD.household,
      id,
      (s) => new HouseholdRepository(ctx.store.db).get(s, id),
      (row) => ({ regionCode: row.regionCode, department }),
    );
    householdId = h.id;
    regionCode = h.regionCode;
  } else {
    const a = body.applicant!;
    area.place('lead.create', { regionCode: a.regionCode, department });
    const region = await new RegionRepository(ctx.store.db).get(a.regionCode);
    if (region?.level !== 'village') {
      throw validationFailed([
        { path: 'applicant.regionCode', message: `不是村级区划 / not a village: ${a.regionCode}` },
      ]);
    }
    const parsed = parseIdNumber(a.idNumber, today);
    if (!parsed.ok) {
      const t = ID_NUMBER_PROBLEM_TEXT[parsed.problem];
      throw validationFailed([{ path: 'applicant.idNumber', message: `${t.zh} / ${t.en}` }]);
    }
    applicant = { name: a.name, idNumber: parsed.value.idNumber, phone: a.phone ?? null };
    const found = await new MemberRepository(ctx.store.db).householdOfPerson(scope, applicant.idNumber, a.name);
    householdId = found?.householdId ?? null;
    regionCode = found?.regionCode ?? a.regionCode;
  }

  const recorded = await ctx.store.transaction((tx) =>
    recordLead(tx, ctx, {
      regionCode,
      householdId,
      channel: body.channel,
      subChannel: body.subChannel ?? LEAD_SUB_CHANNELS[body.channel][0]!,
      department,
      applicantName: applicant?.name ?? null,
      applicantIdNumber: applicant?.idNumber ?? null,
      applicantPhone: applicant?.phone ?? null,
      description: body.description ?? null,
      riskTypes: body.riskTypes,
      discoveredAt: discoveryInstant(discoveredOn, now),
      createdBy: actor.id,
    }),
  );
  const view = await new LeadRepository(ctx.store.db).get(scope, recorded.lead.id);
  return toLeadView(view!, today);
}
