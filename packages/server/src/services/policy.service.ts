import {
  parsePolicyRecord,
  PolicyError,
  resolvePolicy,
  twoLinesCheck,
  type PolicyRecord,
  chinaDate,
} from '@dixian/core';
import type {
  PolicyCreateBody,
  PolicyHistory,
  PolicyHistoryQuery,
  PolicyRecordView,
  PolicyResolvedQuery,
  PolicyResolvedView,
} from '@dixian/core/api';
import type { Selectable } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { Policy } from '../db/types.js';
import { PolicyBook } from '../policies/policy-at.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

/**
 * Policy is data (ARCHITECTURE "Where each rule lives"): anyone may read the policy in force for a region
 * (it is a public document), county administrators add new versions for their area.
 */

function toView(p: Selectable<Policy>): PolicyRecordView {
  return {
    id: p.id,
    regionPrefix: p.regionPrefix,
    year: p.year,
    version: p.version,
    effectiveFrom: p.effectiveFrom,
    docNo: p.docNo,
    docTitle: p.docTitle,
    source: p.source,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    body: p.body as Record<string, unknown>,
  };
}

function asPolicyError(err: unknown): never {
  if (err instanceof PolicyError) {
    throw validationFailed(err.issues, { zh: '政策无效', en: 'invalid policy' });
  }
  throw err;
}

export async function resolvedPolicy(ctx: ServiceContext, q: PolicyResolvedQuery): Promise<PolicyResolvedView> {
  areaOf(ctx).allow('policy.read');
  const asOf = q.date ?? chinaDate(ctx.now());
  const { versionLabel, sources, ...body } = (await PolicyBook.load(ctx.store.db, q.region)).at(q.region, asOf);
  return { regionCode: q.region, asOf, versionLabel, sources, body, twoLines: twoLinesCheck(body) };
}

export async function policyHistory(ctx: ServiceContext, q: PolicyHistoryQuery): Promise<PolicyHistory> {
  areaOf(ctx).allow('policy.read');
  const rows = await new PolicyRepository(ctx.store.db).history(q.region);
  return { items: rows.map(toView) };
}

/**
 * Add a version for a region prefix and year (numbered by the server). The record must validate, and merged
 * over the levels above it on its effective date the policy must still be complete and valid.
 */
export async function createPolicy(ctx: ServiceContext, body: PolicyCreateBody): Promise<PolicyRecordView> {
  areaOf(ctx).place(
    'policy.edit',
    { regionCode: body.regionPrefix },
    {
      zh: `不能修改管辖范围以外(${body.regionPrefix})的政策`,
      en: `you cannot change the policy of ${body.regionPrefix}, outside your area`,
    },
  );
  return ctx.store.transaction(async (tx) => {
    const repo = new PolicyRepository(tx.db);
    const version = await repo.nextVersion(body.regionPrefix, body.year);
    let record: PolicyRecord;
    try {
      record = parsePolicyRecord({ ...body, version }, 'body');
      resolvePolicy([...(await repo.all()), record], body.regionPrefix, body.effectiveFrom);
    } catch (err) {
      asPolicyError(err);
    }
    const row = await repo.insert(record, 'api', ctx.actor.id, ctx.now());
    await appendAudit(tx, ctx, {
      action: 'policy.create',
      targetType: 'policy',
      targetId: row.id,
      regionCode: body.regionPrefix,
      after: { regionPrefix: record.regionPrefix, year: record.year, version, docNo: record.docNo, body: record.body },
    });
    return toView(row);
  });
}
