/** 临时救助 after its decision: the follow-up of satisfaction, and the township's ledger (S0 plan one §二). */
import { AppError } from '@dixian/core';
import type {
  AssistanceCaseView,
  AssistanceSatisfactionBody,
  TempReliefLedger,
  TempReliefLedgerQuery,
} from '@dixian/core/api';
import { AssistanceRepository } from '../repositories/assistance.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import { loadCase } from './assistance.service.js';
import { saveStep, wrongStatus } from './assistance-step.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

/** POST /api/assistance/:id/satisfaction: the follow-up of an approved temporary assistance (S0 plan one §二). */
export async function recordSatisfaction(
  ctx: ServiceContext,
  id: string,
  body: AssistanceSatisfactionBody,
): Promise<AssistanceCaseView> {
  const r = await loadCase(ctx, 'assistance.apply', id);
  if (r.kind !== 'temp_relief') {
    throw new AppError('precondition_failed', {
      zh: '满意度只记录于临时救助',
      en: 'satisfaction is recorded for temporary assistance',
    });
  }
  if (r.status !== 'approved') throw wrongStatus(r, 'approved');
  return saveStep(
    ctx,
    r,
    body.version,
    { satisfaction: body.satisfaction },
    {
      action: 'assistance.satisfaction',
      detail: { satisfaction: body.satisfaction },
    },
  );
}

/** GET /api/assistance/temp-relief-ledger: S0 plan one §二's township ledger (numbers, causes, satisfaction). */
export async function tempReliefLedger(ctx: ServiceContext, q: TempReliefLedgerQuery): Promise<TempReliefLedger> {
  const scope = areaOf(ctx).list('assistance.read', q.region);
  if (q.from > q.to) throw validationFailed([{ path: 'to', message: '止日不能早于起日 / to is before from' }]);
  if (!scope) throw notFound(RECORD.region);
  const regions = new RegionRepository(ctx.store.db);
  const region = scope.regionPrefix ? await regions.get(scope.regionPrefix) : undefined;
  const children = await regions.children(scope.regionPrefix || null);
  const childLength = children[0]?.code.length ?? null;
  const { counts, causes } = await new AssistanceRepository(ctx.store.db).tempReliefLedger(
    scope,
    q.from,
    q.to,
    childLength,
  );
  const line = (child: string | null, isTotal: boolean) => {
    const c = counts.find((x) => (isTotal ? x.isTotal : !x.isTotal && x.child === child));
    return {
      cases: c?.cases ?? 0,
      people: c?.people ?? 0,
      amountFen: c?.amountFen ?? 0,
      emergency: c?.emergency ?? 0,
      expense: c?.expense ?? 0,
      reliefFirst: c?.reliefFirst ?? 0,
      countyDecided: c?.countyDecided ?? 0,
      satisfaction: {
        satisfied: c?.satisfied ?? 0,
        basically_satisfied: c?.basicallySatisfied ?? 0,
        dissatisfied: c?.dissatisfied ?? 0,
        unknown: c?.unknown ?? 0,
      },
      causes: causes
        .filter((x) => (isTotal ? x.isTotal : !x.isTotal && x.child === child))
        .map((x) => ({ cause: x.cause, cases: x.cases })),
    };
  };
  return {
    region: region ? { code: region.code, name: region.name } : { code: '', name: '全国' },
    from: q.from,
    to: q.to,
    total: line(null, true),
    rows: children.map((c) => ({ code: c.code, name: c.name, ...line(c.code, false) })),
  };
}
