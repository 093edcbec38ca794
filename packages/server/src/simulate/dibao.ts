import { AppError } from '@dixian/core';
import { AssistanceApplyBody } from '@dixian/core/api';
import { SimulationRepository, type SimCase } from '../repositories/simulation.repository.js';
import { applyAssistance } from '../services/assistance-apply.service.js';
import { decideAssistance } from '../services/assistance-decision.service.js';
import { endAssistance, graceAssistance } from '../services/assistance-end.service.js';
import { todays } from './field.js';
import { as, bump, cadreOf, plus, rngFor, townshipOf, type World } from './world.js';

/**
 * 低保 over the year (S2): monitored households apply through the village, the township decides within days, a
 * household whose income has risen above the standard (at most twice it) moves to 渐退, and the case ends when
 * the grace period is over. Refusals (an ineligible household, a rule of the policy) are counted, not errors.
 */

/** 低保 cases the township or county refused to move: looked at again only after a month (not every day). */
const setAside = new WeakMap<World, Map<string, string>>();

function refused(w: World, what: string, err: unknown, id?: string, day?: string): void {
  if (!(err instanceof AppError)) throw err;
  if (id && day) {
    if (!setAside.has(w)) setAside.set(w, new Map());
    setAside.get(w)!.set(id, plus(day, 30));
  }
  bump(w.counters.refused, `dibao.${what}:${(err.details?.reason as string | undefined) ?? err.code}`);
}

export async function dibaoApplications(w: World, day: string, cases: SimCase[]): Promise<void> {
  const monitored = cases.filter((c) => c.stage === 'monitoring');
  if (!monitored.length) return;
  const r = rngFor(w, day, 'dibao');
  const repo = new SimulationRepository(w.store.db);
  for (let i = todays(w, day, 'dibao', 0.6, 2); i > 0; i--) {
    const c = r.pick(monitored);
    const members = await repo.members(c.householdId);
    if (!members.length) continue;
    try {
      await applyAssistance(
        as(w, cadreOf(w, c.regionCode)),
        AssistanceApplyBody.parse({
          kind: 'dibao',
          householdId: c.householdId,
          appliedOn: day,
          cause: '家庭成员患病,收入低于低保标准',
          integrityPledge: true,
          classification: 'dibao',
          insuredMemberIds: members.map((m) => m.id),
        }),
      );
      bump(w.counters.dibao, 'applied');
    } catch (err) {
      refused(w, 'apply', err);
    }
  }
}

/** Decisions on the applications of a week ago; 渐退 for some approved months ago; the end of grace periods. */
export async function dibaoProgress(w: World, day: string): Promise<void> {
  const r = rngFor(w, day, 'dibao-progress');
  const byId = new Map(w.households.map((h) => [h.id, h.regionCode]));
  for (const a of await new SimulationRepository(w.store.db).dibaoCases(w.county)) {
    const village = byId.get(a.householdId);
    const until = setAside.get(w)?.get(a.id);
    if (!village || (until && until > day)) continue;
    const township = townshipOf(w, village);
    try {
      if (a.status === 'applied' && r.chance(0.15)) {
        await decideAssistance(as(w, township), a.id, { version: a.version, decision: 'approve', decidedOn: day });
        bump(w.counters.dibao, 'approved');
      } else if (a.status === 'approved' && !a.graceStartOn && a.decidedOn && plus(a.decidedOn, 90) <= day) {
        if (!r.chance(0.004)) continue;
        const standard = a.standardFen ?? 50_000;
        await graceAssistance(as(w, township), a.id, {
          version: a.version,
          perCapitaIncomeFen: Math.round(standard * 12 * 1.4),
          assessedOn: day,
          months: 3,
        });
        bump(w.counters.dibao, 'grace');
      } else if (a.status === 'approved' && a.graceEndOn && plus(a.graceEndOn, 1) <= day) {
        const endedOn = plus(a.graceEndOn, 1);
        await endAssistance(as(w, township), a.id, { version: a.version, endedOn, reason: 'grace_period_ended' });
        bump(w.counters.dibao, 'ended');
      }
    } catch (err) {
      refused(w, a.status, err, a.id, day);
    }
  }
}
