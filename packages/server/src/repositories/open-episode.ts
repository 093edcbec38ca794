import { CLOSED_STAGES } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** What a new report about a household joins. */
export type OpenEpisode = { kind: 'case'; caseId: string; leadId: string | null } | { kind: 'lead'; leadId: string };

/**
 * The one-household form of the rule department warnings follow (WarningRepository.attachToOpen, issue 5 §2): a
 * report about a household with an open case (latest discovery, neither rejected nor eliminated) joins that
 * case; one with an open lead (earliest discovery) joins the lead; otherwise it is a lead of its own. Visits,
 * staff-recorded leads and self-applications all go through here, so no household gets a second lead or case
 * for the same episode. Callers hold WarningRepository.lock() so an import cannot race them.
 */
export async function openEpisodeOf(db: Kysely<DB>, householdId: string): Promise<OpenEpisode | null> {
  const c = await db
    .selectFrom('monitoringCase')
    .select(['id', 'leadId'])
    .where('householdId', '=', householdId)
    .where('stage', 'not in', [...CLOSED_STAGES])
    .orderBy('discoveredAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (c) return { kind: 'case', caseId: c.id, leadId: c.leadId };
  const l = await db
    .selectFrom('lead')
    .select('id')
    .where('householdId', '=', householdId)
    .where('status', '=', 'open')
    .orderBy('discoveredAt')
    .limit(1)
    .executeTakeFirst();
  return l ? { kind: 'lead', leadId: l.id } : null;
}
