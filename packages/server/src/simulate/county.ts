import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@dixian/core';
import { DisasterCreateBody } from '@dixian/core/api';
import { SimulationRepository } from '../repositories/simulation.repository.js';
import { recordDisaster } from '../services/disaster.service.js';
import { importFeed } from '../services/feed.service.js';
import { runScreening } from '../services/screening.service.js';
import { as, bump, feedAs, rngFor, type World } from './world.js';

/**
 * What the county and its departments do: the 医保局 sends its list of high medical costs every two months (S1
 * §四(二)3) as a real CSV through the feed import, disasters strike villages, and the county screens every
 * household once a quarter.
 */

const HEADER = '序号,患者姓名,公民身份号码,所在村,结算时间,医疗总费用,统筹支付,个人负担(元),就诊医院';

/** The 医保局's file of the last two months: people with out-of-pocket costs, most above the warning bar. */
export async function medicalFeed(w: World, day: string): Promise<void> {
  const r = rngFor(w, day, 'feed');
  const repo = new SimulationRepository(w.store.db);
  const lines = [`${day.slice(0, 7)} 医疗保障局高额医疗费用预警名单`, HEADER];
  const n = Math.max(2, Math.round(2 * w.scale));
  for (let i = 1; i <= n; i++) {
    const h = r.pick(w.households);
    const m = (await repo.members(h.id)).find((x) => x.idNumber);
    if (!m) continue;
    const own = r.int(3_000, 60_000);
    lines.push(`${i},${m.name},${m.idNumber},,${day},${own * 2},${own},${own},县人民医院`);
  }
  const file = path.join(w.tmpDir, `medical-${day}.csv`);
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  try {
    const { batch } = await importFeed(feedAs(w, w.staff.department), { department: 'medical_insurance', file });
    w.counters.feeds++;
    w.counters.feedRows += batch.rowsValid;
    bump(w.counters.leads, 'department_warning/department_feed', batch.warningsCreated);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    bump(w.counters.refused, `feed:${err.code}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const SUBTYPES = ['flood', 'geological', 'drought', 'meteorological'] as const;

/** A disaster in one to three villages: recorded by the county, which screens the affected households at once. */
export async function disaster(w: World, day: string): Promise<void> {
  const r = rngFor(w, day, 'disaster');
  const villages = r.sample(w.villages, r.int(1, 3));
  await recordDisaster(
    as(w, w.staff.county),
    DisasterCreateBody.parse({
      name: '模拟灾害',
      disasterSubtype: r.pick(SUBTYPES),
      occurredOn: day,
      villages,
      note: '模拟 / simulated',
    }),
  );
  w.counters.disasters++;
}

/** A round of the set-based screening of the whole county. */
export async function screening(w: World, day: string): Promise<void> {
  w.clock.tick();
  await runScreening(w.store, w.staff.county, { scopeCode: w.county, asOf: day }, { now: w.clock.now });
  w.counters.screenings++;
}
