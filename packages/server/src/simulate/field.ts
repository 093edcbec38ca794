import { AppError, type LeadChannel, type LeadSubChannel, type RiskType } from '@dixian/core';
import { LeadCreateBody, MemberUpdateBody, VisitCreateBody } from '@dixian/core/api';
import { SimulationRepository, type SimCase, type SimHousehold } from '../repositories/simulation.repository.js';
import { createLead } from '../services/lead.service.js';
import { updateMember } from '../services/member.service.js';
import { createVisit } from '../services/visit.service.js';
import { openCase, step } from './procedure.js';
import { as, bump, cadreOf, rngFor, type World } from './world.js';

/**
 * What happens in the villages on a day: leads on the self-application and cadre channels, members falling ill,
 * visits (some recording the household's income), recovered households proposed for elimination and eliminated
 * ones falling back. Counts are per thousand households a month, drawn as a day's share.
 */

/**
 * How many events of a kind happen today, for a monthly rate per thousand households (at least `minMonthly` a
 * month, so a small training county still sees every kind).
 */
export function todays(w: World, day: string, kind: string, perThousandMonthly: number, minMonthly = 1): number {
  const mean = Math.max(minMonthly, perThousandMonthly * w.scale) / 30;
  const r = rngFor(w, day, `count:${kind}`);
  return Math.floor(mean) + (r.chance(mean - Math.floor(mean)) ? 1 : 0);
}

const CHANNELS: [LeadChannel, LeadSubChannel, string][] = [
  ['self_application', 'app', '农户通过手机应用申报:家人患病,医疗支出大'],
  ['self_application', 'hotline_12317', '12317 热线来电反映家庭收入骤减'],
  ['self_application', 'written', '农户递交书面申请:务工收入中断'],
  ['cadre_screening', 'visit', '入户走访发现家庭成员患病,支出大'],
];

async function lead(w: World, h: SimHousehold, day: string, kind: number, risks: RiskType[]): Promise<boolean> {
  const [channel, subChannel, description] = CHANNELS[kind]!;
  try {
    await createLead(
      as(w, cadreOf(w, h.regionCode)),
      LeadCreateBody.parse({
        channel,
        subChannel,
        householdId: h.id,
        riskTypes: risks,
        description,
        discoveredOn: day,
      }),
    );
    bump(w.counters.leads, `${channel}/${subChannel}`);
    return true;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    bump(w.counters.refused, `lead:${err.code}`);
    return false;
  }
}

/** New leads on every staff channel, about households with no case open. */
export async function leads(w: World, day: string, open: Set<string>): Promise<void> {
  const r = rngFor(w, day, 'leads');
  for (let i = todays(w, day, 'leads', 2, 4); i > 0; i--) {
    const h = r.pick(w.households);
    if (open.has(h.id)) continue;
    await lead(w, h, day, r.int(0, CHANNELS.length - 1), [
      r.pick(['illness', 'unstable_employment', 'accident'] as const),
    ]);
  }
}

/** Open leads are taken up by the village cadre within days (立案入户核实). */
export async function takeUpLeads(w: World, day: string, open: Set<string>): Promise<void> {
  const repo = new SimulationRepository(w.store.db);
  const byId = new Map(w.households.map((h) => [h.id, h]));
  const r = rngFor(w, day, 'take-up');
  for (const l of await repo.openLeads(w.county)) {
    const h = byId.get(l.householdId);
    if (!h || open.has(h.id) || !r.chance(0.4)) continue;
    if (await openCase(w, l, h.regionCode)) open.add(h.id);
  }
}

/** A member falls ill (the register is updated) and, mostly, the cadre records it as a lead. */
export async function health(w: World, day: string, open: Set<string>): Promise<void> {
  const repo = new SimulationRepository(w.store.db);
  const r = rngFor(w, day, 'health');
  for (let i = todays(w, day, 'health', 1, 2); i > 0; i--) {
    const h = r.pick(w.households);
    const members = await repo.members(h.id);
    const m = members.find((x) => x.healthStatus === 'healthy');
    if (!m) continue;
    const status = r.chance(0.3) ? 'serious_illness' : 'chronic_illness';
    await updateMember(
      as(w, cadreOf(w, h.regionCode)),
      h.id,
      m.id,
      MemberUpdateBody.parse({ version: m.version, healthStatus: status }),
    );
    w.counters.healthChanges++;
    if (!open.has(h.id) && r.chance(0.7)) await lead(w, h, day, 3, ['illness']);
  }
}

/** Twelve months' income well above the line for a household of `people` (per person 15,000 yuan of wages). */
const recovered = (people: number) => ({ wageFen: Math.max(1, people) * 1_500_000 });

/** A visit by the cadre; with `income`, the twelve months' income it estimates (the income changes). */
async function visit(w: World, householdId: string, village: string, day: string, income?: number): Promise<void> {
  await createVisit(
    as(w, cadreOf(w, village)),
    householdId,
    VisitCreateBody.parse({
      visitedOn: day,
      method: 'home',
      ...(income !== undefined ? { incomeChange: 'increased', income: recovered(income) } : { incomeChange: 'stable' }),
    }),
  );
  w.counters.visits++;
  if (income !== undefined) w.counters.incomeChanges++;
}

/** Monthly visits to monitored households, a few of which find the income risen. */
export async function visits(w: World, day: string, cases: SimCase[]): Promise<void> {
  const monitored = cases.filter((c) => c.stage === 'monitoring');
  if (!monitored.length) return;
  const r = rngFor(w, day, 'visits');
  for (let i = todays(w, day, 'visits', 8, 15); i > 0; i--) {
    const c = r.pick(monitored);
    await visit(w, c.householdId, c.regionCode, day, r.chance(0.1) ? c.people : undefined);
  }
}

/**
 * 风险消除: a monitored household with its plan in force for months recovers (a visit records the income), and the
 * cadre proposes elimination, assisted or natural. The case machine refuses when a guard fails (counted).
 */
export async function eliminations(w: World, day: string, cases: SimCase[]): Promise<void> {
  const ready = cases.filter((c) => c.stage === 'monitoring' && c.hasPlan && !c.noLabor && c.confirmedOn! < day);
  if (!ready.length) return;
  const r = rngFor(w, day, 'eliminations');
  for (let i = todays(w, day, 'eliminations', 2, 4); i > 0; i--) {
    const c = r.pick(ready);
    if (c.stage !== 'monitoring') continue;
    await visit(w, c.householdId, c.regionCode, day, c.people);
    const method = r.chance(0.7) ? 'assisted' : 'natural';
    await step(w, cadreOf(w, c.regionCode), c, 'propose_elimination', {
      method,
      proposedOn: day,
      findings: '收入稳定超过监测范围,三保障和饮水安全巩固',
    });
  }
}

/** 返贫: an eliminated household meets a new risk; the cadre records it and re-marks it (风险再标注). */
export async function fallBacks(w: World, day: string, cases: SimCase[], open: Set<string>): Promise<void> {
  const eliminated = cases.filter((c) => c.stage === 'eliminated');
  if (!eliminated.length) return;
  const r = rngFor(w, day, 'fall-back');
  const byId = new Map(w.households.map((h) => [h.id, h]));
  for (let i = todays(w, day, 'fall-back', 0.4, 1); i > 0; i--) {
    const c = r.pick(eliminated);
    const h = byId.get(c.householdId);
    if (!h || open.has(h.id)) continue;
    if (!(await lead(w, h, day, 3, ['illness']))) continue;
    const l = (await new SimulationRepository(w.store.db).openLeads(w.county)).find((x) => x.householdId === h.id);
    if (l && (await openCase(w, l, h.regionCode))) {
      open.add(h.id);
      w.counters.remarked++;
    }
  }
}
