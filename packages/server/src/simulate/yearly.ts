import { AppError, addDays, type RiskType } from '@dixian/core';
import { CampaignCheckBody, IncomeCreateBody, PublicityDeliveryBody } from '@dixian/core/api';
import { SimulationRepository, type SimHousehold } from '../repositories/simulation.repository.js';
import { openCampaign, recordCheck } from '../services/campaign.service.js';
import { createIncome } from '../services/income.service.js';
import { recordDelivery } from '../services/publicity.service.js';
import { as, bump, cadreOf, rngFor, rngOf, type World } from './world.js';

/**
 * The county's yearly rounds, which the eight inspection points count (S3 §三(一)(二)(八)):
 * - 收入采集: every household's income of last year recorded from 10 January to 31 March (S3 §三(八): income data
 *   complete; the data-quality rule asks for last year's record);
 * - 政策宣传: the application leaflet handed to every household in March and April, the assistance-policy leaflet
 *   to every monitored household once a year, checked on the 1st and 15th of each month (S3 §三(一));
 * - 集中排查: the county opens its yearly full screening for September to November, and the village cadres check
 *   every household in it; a check that finds a risk becomes a lead (S3 §三(二)).
 * Each round spreads what is left evenly over the days left in its window, in the seeded order of the households.
 */

interface Window {
  from: string;
  to: string;
}

const md = (day: string) => day.slice(5);
const inWindow = (day: string, w: Window) => md(day) >= w.from && md(day) <= w.to;
const INCOME: Window = { from: '01-10', to: '03-31' };
const LEAFLETS: Window = { from: '03-01', to: '04-30' };
const CAMPAIGN: Window = { from: '09-01', to: '11-30' };

/** How far each round has come this year (the households are worked through in order). */
interface Progress {
  year: string;
  income: number;
  leaflets: number;
  checks: number;
  campaignId: string | null;
}
const progress = new WeakMap<World, Progress>();

function progressOf(w: World, day: string): Progress {
  const year = day.slice(0, 4);
  let p = progress.get(w);
  if (!p || p.year !== year) progress.set(w, (p = { year, income: 0, leaflets: 0, checks: 0, campaignId: null }));
  return p;
}

/** Today's share of what is left: the rest over the days left in the window, today included. */
function todaysShare(day: string, w: Window, done: number, total: number): number {
  const last = `${day.slice(0, 4)}-${w.to}`;
  let daysLeft = 1;
  for (let d = day; d < last; d = addDays(d, 1)) daysLeft++;
  return Math.ceil((total - done) / daysLeft);
}

async function refusedAs<T>(w: World, kind: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    bump(w.counters.refused, `${kind}:${err.code}`);
    return undefined;
  }
}

/** Last year's income of a household: its latest annual income, drifting by up to a tenth either way. */
async function incomeSurvey(w: World, day: string, p: Progress): Promise<void> {
  const year = Number(day.slice(0, 4)) - 1;
  const n = todaysShare(day, INCOME, p.income, w.households.length);
  const batch = w.households.slice(p.income, p.income + n);
  p.income += batch.length;
  if (!batch.length) return;
  const latest = await new SimulationRepository(w.store.db).latestAnnualIncomes(batch.map((h) => h.id));
  for (const h of batch) {
    const base = latest.get(h.id);
    if (base?.year === year) continue;
    const drift = 0.9 + rngOf(w, h.id, `income ${year}`).float() * 0.2;
    const scale = (fen: number) => Math.max(0, Math.round(fen * drift));
    const body = IncomeCreateBody.parse({
      year,
      kind: 'annual',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      wageFen: scale(base?.wageFen ?? 1_200_000),
      businessGrossFen: scale(base?.businessGrossFen ?? 0),
      businessCostFen: scale(base?.businessCostFen ?? 0),
      propertyFen: scale(base?.propertyFen ?? 0),
      transferFen: scale(base?.transferFen ?? 0),
    });
    if (await refusedAs(w, 'income.annual', () => createIncome(as(w, cadreOf(w, h.regionCode)), h.id, body))) {
      w.counters.yearly.incomes++;
    }
  }
}

async function deliver(w: World, h: SimHousehold, day: string, leaflet: 'application' | 'assistance_policy') {
  const body = PublicityDeliveryBody.parse({
    householdId: h.id,
    leaflet,
    deliveredOn: day,
    deliveredBy: '村干部',
    signatureRef: `签收单 ${day} ${h.householdNo}`,
  });
  if (await refusedAs(w, `publicity.${leaflet}`, () => recordDelivery(as(w, cadreOf(w, h.regionCode)), body))) {
    bump(w.counters.yearly.leaflets, leaflet);
  }
}

async function leaflets(w: World, day: string, p: Progress): Promise<void> {
  if (inWindow(day, LEAFLETS)) {
    const n = todaysShare(day, LEAFLETS, p.leaflets, w.households.length);
    for (const h of w.households.slice(p.leaflets, p.leaflets + n)) await deliver(w, h, day, 'application');
    p.leaflets += n;
  }
  const dom = day.slice(8, 10);
  if (dom !== '01' && dom !== '15') return;
  const repo = new SimulationRepository(w.store.db);
  for (const h of await repo.monitoredWithoutLeaflet(w.county, Number(day.slice(0, 4)))) {
    await deliver(w, h, day, 'assistance_policy');
  }
}

/** Most checks find nothing new; a few find an illness or a job lost, which the check turns into a lead. */
async function campaign(w: World, day: string, p: Progress): Promise<void> {
  const year = Number(day.slice(0, 4));
  if (!p.campaignId) {
    const opened = await openCampaign(as(w, w.staff.county), {
      year,
      opensOn: `${year}-${CAMPAIGN.from}`,
      closesOn: `${year}-${CAMPAIGN.to}`,
    });
    p.campaignId = opened.id;
  }
  const n = todaysShare(day, CAMPAIGN, p.checks, w.households.length);
  const batch = w.households.slice(p.checks, p.checks + n);
  p.checks += batch.length;
  const monitored = await new SimulationRepository(w.store.db).monitoredAmong(batch.map((h) => h.id));
  const r = rngFor(w, day, 'campaign');
  for (const h of batch) {
    const risk: RiskType | null = r.chance(0.01) ? r.pick(['illness', 'unstable_employment'] as const) : null;
    const body = CampaignCheckBody.parse({
      householdId: h.id,
      checkedOn: day,
      method: r.chance(0.8) ? 'visit' : 'desk',
      outcome: monitored.has(h.id) ? 'already_monitored' : risk ? 'risk_found' : 'no_risk',
      riskTypes: !monitored.has(h.id) && risk ? [risk] : [],
    });
    const done = await refusedAs(w, 'campaign.check', () =>
      recordCheck(as(w, cadreOf(w, h.regionCode)), p.campaignId!, body),
    );
    if (!done) continue;
    w.counters.yearly.checks++;
    if (done.leadId) w.counters.yearly.risksFound++;
  }
}

export async function yearlyRounds(w: World, day: string): Promise<void> {
  const p = progressOf(w, day);
  if (inWindow(day, INCOME)) await incomeSurvey(w, day, p);
  await leaflets(w, day, p);
  if (inWindow(day, CAMPAIGN)) await campaign(w, day, p);
}
