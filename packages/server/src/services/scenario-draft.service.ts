/**
 * Policy drafts (issue 20 §1): a county or province officer writes the parameters a new version would change,
 * without putting it in force. A draft is checked as a policy at once (merged over the policy in force it must
 * still validate), can be run as scenarios, and put in force as a new version by a county administrator.
 */
import {
  chinaDate,
  mergePolicyBody,
  parsePolicyRecord,
  PolicyError,
  resolvePolicy,
  type PolicyRecord,
} from '@dixian/core';
import type {
  PolicyDraftBody,
  PolicyDraftList,
  PolicyDraftPublishBody,
  PolicyDraftView,
  PolicyRecordView,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import type { BookRecord } from '../policies/policy-at.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { ScenarioRepository, type DraftRow } from '../repositories/scenario.repository.js';
import { notFound } from './access.js';
import { areaOf } from './area.js';
import { staffId, type ServiceContext } from './context.js';
import { validationFailed } from './errors.js';
import { createPolicy } from './policy.service.js';

export const DRAFT = { zh: '政策草案', en: 'policy draft' };

/** A high version number: the draft wins over every record of its region and day when merged. */
const DRAFT_VERSION = 999_999;

/**
 * The draft as a policy record in force on `asOf`: the record its region has in force that day with the draft's
 * changes merged over it, so the draft changes only what it names (a region's record replaces, not merges, the
 * one before it).
 */
export function draftRecord(
  records: readonly BookRecord[],
  draft: { name: string; regionPrefix: string; body: Record<string, unknown> },
  asOf: string,
): PolicyRecord {
  const own = records
    .filter((r) => r.regionPrefix === draft.regionPrefix && r.effectiveFrom <= asOf)
    .sort((a, b) =>
      a.effectiveFrom !== b.effectiveFrom
        ? a.effectiveFrom < b.effectiveFrom
          ? -1
          : 1
        : a.year - b.year || a.version - b.version,
    )
    .at(-1);
  return {
    regionPrefix: draft.regionPrefix,
    year: Number(asOf.slice(0, 4)),
    version: DRAFT_VERSION,
    effectiveFrom: asOf,
    docNo: '草案',
    docTitle: draft.name,
    body: mergePolicyBody(own?.body ?? {}, draft.body),
  };
}

/** Refuse a draft that would not make a valid policy, naming the fields (as a new version is refused). */
function checkDraft(records: readonly BookRecord[], body: PolicyDraftBody, asOf: string): void {
  try {
    const record = parsePolicyRecord(draftRecord(records, body, asOf), 'body');
    resolvePolicy([...records, record], body.regionPrefix, asOf);
  } catch (err) {
    if (err instanceof PolicyError)
      throw validationFailed(err.issues, { zh: '政策草案无效', en: 'invalid policy draft' });
    throw err;
  }
}

function place(ctx: ServiceContext, regionPrefix: string): void {
  areaOf(ctx).place(
    'scenario.run',
    { regionCode: regionPrefix },
    {
      zh: `不能为管辖范围以外(${regionPrefix})起草政策`,
      en: `you cannot draft a policy for ${regionPrefix}, outside your area`,
    },
  );
}

async function toViews(ctx: ServiceContext, rows: readonly DraftRow[]): Promise<PolicyDraftView[]> {
  const names = await new RegionRepository(ctx.store.db).names([...new Set(rows.map((r) => r.regionPrefix))]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    regionPrefix: r.regionPrefix,
    regionName: names.get(r.regionPrefix) ?? null,
    body: r.body as Record<string, unknown>,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    publishedPolicyId: r.publishedPolicyId,
  }));
}

/** A draft seen from the caller's area, or not found. */
export async function loadDraft(ctx: ServiceContext, id: string): Promise<DraftRow> {
  areaOf(ctx).allow('scenario.run');
  const row = await new ScenarioRepository(ctx.store.db).draft(id, ctx.actor.scopeCode);
  if (!row) throw notFound(DRAFT);
  return row;
}

export async function listDrafts(ctx: ServiceContext): Promise<PolicyDraftList> {
  areaOf(ctx).allow('scenario.run');
  return { items: await toViews(ctx, await new ScenarioRepository(ctx.store.db).drafts(ctx.actor.scopeCode)) };
}

export async function getDraft(ctx: ServiceContext, id: string): Promise<PolicyDraftView> {
  return (await toViews(ctx, [await loadDraft(ctx, id)]))[0]!;
}

export async function createDraft(ctx: ServiceContext, body: PolicyDraftBody): Promise<PolicyDraftView> {
  place(ctx, body.regionPrefix);
  checkDraft(await new PolicyRepository(ctx.store.db).all(), body, chinaDate(ctx.now()));
  const row = await ctx.store.transaction(async (tx) => {
    const r = await new ScenarioRepository(tx.db).insertDraft({ ...body, createdBy: staffId(ctx), at: ctx.now() });
    await appendAudit(tx, ctx, {
      action: 'policy_draft.create',
      targetType: 'policy_draft',
      targetId: r.id,
      regionCode: body.regionPrefix,
      after: { name: body.name, regionPrefix: body.regionPrefix, body: body.body },
    });
    return r;
  });
  return (await toViews(ctx, [row]))[0]!;
}

export async function updateDraft(ctx: ServiceContext, id: string, body: PolicyDraftBody): Promise<PolicyDraftView> {
  const before = await loadDraft(ctx, id);
  place(ctx, before.regionPrefix);
  place(ctx, body.regionPrefix);
  checkDraft(await new PolicyRepository(ctx.store.db).all(), body, chinaDate(ctx.now()));
  const row = await ctx.store.transaction(async (tx) => {
    const r = await new ScenarioRepository(tx.db).updateDraft(id, { ...body, at: ctx.now() });
    await appendAudit(tx, ctx, {
      action: 'policy_draft.update',
      targetType: 'policy_draft',
      targetId: id,
      regionCode: body.regionPrefix,
      before: { name: before.name, regionPrefix: before.regionPrefix, body: before.body },
      after: { name: body.name, regionPrefix: body.regionPrefix, body: body.body },
    });
    return r;
  });
  return (await toViews(ctx, [row]))[0]!;
}

/** Remove a draft and its scenarios. */
export async function deleteDraft(ctx: ServiceContext, id: string): Promise<void> {
  const before = await loadDraft(ctx, id);
  place(ctx, before.regionPrefix);
  await ctx.store.transaction(async (tx) => {
    await new ScenarioRepository(tx.db).deleteDraft(id);
    await appendAudit(tx, ctx, {
      action: 'policy_draft.delete',
      targetType: 'policy_draft',
      targetId: id,
      regionCode: before.regionPrefix,
      before: { name: before.name, regionPrefix: before.regionPrefix, body: before.body },
    });
  });
}

/**
 * Put a draft in force: a new policy version of its region, whose body is the record in force there on the day
 * with the draft's changes merged over it (what the scenarios judged), checked and audited as any new version.
 */
export async function publishDraft(
  ctx: ServiceContext,
  id: string,
  body: PolicyDraftPublishBody,
): Promise<PolicyRecordView> {
  const draft = await loadDraft(ctx, id);
  const records = await new PolicyRepository(ctx.store.db).all();
  const merged = draftRecord(
    records,
    { name: draft.name, regionPrefix: draft.regionPrefix, body: draft.body as Record<string, unknown> },
    body.effectiveFrom,
  );
  const policy = await createPolicy(ctx, { regionPrefix: draft.regionPrefix, ...body, body: merged.body });
  await ctx.store.transaction(async (tx) => {
    await new ScenarioRepository(tx.db).markPublished(id, policy.id, ctx.now());
    await appendAudit(tx, ctx, {
      action: 'policy_draft.publish',
      targetType: 'policy_draft',
      targetId: id,
      regionCode: draft.regionPrefix,
      detail: { policyId: policy.id, version: policy.version, effectiveFrom: body.effectiveFrom },
    });
  });
  return policy;
}
