import { daysBetween, maskName } from '@dixian/core';
import type { NoticeHousehold, NoticePeriod, NoticeQuery, NoticeView } from '@dixian/core/api';
import { NoticeRepository, type NoticeRow } from '../repositories/notice.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';

const TITLES = {
  identification: { zh: '防止返贫监测对象识别认定公示', en: 'Public notice: households proposed for monitoring' },
  elimination: { zh: '防止返贫监测对象风险消除公示', en: 'Public notice: households proposed for risk elimination' },
} as const;

/**
 * GET /api/notices: the village notice board of one purpose (S3 §三(四); S1 §四(三)) with masked names only, and
 * where to object: the village committee, the township and the 12317 line (S1 §四(二)1).
 */
export async function villageNotice(ctx: ServiceContext, q: NoticeQuery): Promise<NoticeView> {
  const scope = areaOf(ctx).list('case.read', q.region);
  const asOf = reportDay(ctx, q.asOf);
  // a village outside the area is answered like a missing one
  if (!scope || scope.regionPrefix !== q.region) throw notFound(RECORD.region);
  const regions = new RegionRepository(ctx.store.db);
  const path = await regions.path(q.region);
  const village = path.find((r) => r.code === q.region);
  if (!village || village.level !== 'village') throw notFound(RECORD.region);
  const township = path.find((r) => r.level === 'township') ?? null;
  const county = path.find((r) => r.level === 'county') ?? null;
  const repo = new NoticeRepository(ctx.store.db);
  const rows = await repo.households(scope, q.region, q.purpose, asOf, q.active);
  const contacts = await repo.contacts(q.region, township?.code ?? null);
  const of = (role: string) =>
    contacts.filter((c) => c.role === role).map((c) => ({ name: c.displayName, phone: c.phone }));
  const ref = (r: { code: string; name: string } | null) => (r ? { code: r.code, name: r.name } : null);
  return {
    village: { code: village.code, name: village.name },
    township: ref(township),
    county: ref(county),
    purpose: q.purpose,
    asOf,
    title: { zh: `${village.name}${TITLES[q.purpose].zh}`, en: `${TITLES[q.purpose].en} (${village.name})` },
    periods: groupPeriods(rows),
    objection: {
      villageCommittee: { name: committeeName(village.name), contacts: of('village_cadre') },
      township: township ? { name: `${township.name}人民政府`, contacts: of('township_officer') } : null,
      hotline: '12317',
      text: {
        zh: '公示期间如有异议,请向村民委员会或乡镇人民政府反映,也可拨打12317防止返贫监测和乡村振兴咨询服务热线。',
        en: 'During the notice period, raise any objection with the village committee or the township government, or call the 12317 hotline.',
      },
    },
  };
}

/** Rows grouped by notice period, newest first; each household with its name masked. */
export function groupPeriods(rows: readonly NoticeRow[]): NoticePeriod[] {
  const periods = new Map<string, NoticePeriod>();
  for (const r of rows) {
    const key = `${r.startOn}|${r.endOn}`;
    let p = periods.get(key);
    if (!p) {
      p = {
        startOn: r.startOn,
        endOn: r.endOn,
        days: daysBetween(r.startOn, r.endOn),
        active: false,
        place: r.place,
        households: [],
      };
      periods.set(key, p);
    }
    p.active ||= r.active;
    p.place ??= r.place;
    p.households.push(toNoticeHousehold(r));
  }
  return [...periods.values()];
}

export function toNoticeHousehold(r: NoticeRow): NoticeHousehold {
  return {
    noticeId: r.noticeId,
    caseId: r.caseId,
    headName: maskName(r.headName ?? '') || '***',
    naturalVillage: r.naturalVillage,
    size: r.size,
    category: r.category as NoticeHousehold['category'],
    eliminationMethod: r.eliminationMethod as NoticeHousehold['eliminationMethod'],
    withdrawn: !!r.closedOn && r.closedOn < r.endOn,
  };
}

/** 西大川村 → 西大川村村民委员会; an urban community (社区) has a 居民委员会. */
export function committeeName(village: string): string {
  return village.endsWith('村') ? `${village}村民委员会` : `${village}居民委员会`;
}
