/** POST /api/assistance/:id/payment-account: where an approved case is paid, the account sealed (issue 16 §6). */
import { AppError, maskAccount } from '@dixian/core';
import type { PaymentAccountBody, PaymentAccountView } from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { DB } from '../db/types.js';
import { AssistanceRepository } from '../repositories/assistance.repository.js';
import { MemberRepository } from '../repositories/member.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';

const CASE = { zh: '救助案件', en: 'assistance case' };

/** POST /api/assistance/:id/payment-account: where an approved 低保 or 特困 case is paid (the account sealed). */
export async function setPaymentAccount(
  ctx: ServiceContext,
  id: string,
  body: PaymentAccountBody,
): Promise<PaymentAccountView> {
  const area = areaOf(ctx);
  const c = await area.load('assistance.decide', CASE, id, (scope) =>
    new AssistanceRepository(ctx.store.db).get(scope, id),
  );
  if (c.kind === 'temp_relief' && !c.reliefStages) {
    throw new AppError('precondition_failed', {
      zh: '一次性临时救助不经发放名册,无需登记发放账号',
      en: 'one-off temporary assistance is not paid through the payroll',
    });
  }
  if (body.payeeMemberId) {
    const members = await new MemberRepository(ctx.store.db).ofHousehold(c.householdId);
    if (!members.some((m) => m.id === body.payeeMemberId)) {
      throw validationFailed([{ path: 'payeeMemberId', message: '不是该户成员 / not a member of this household' }]);
    }
  }
  await ctx.store.transaction(async (tx) => {
    const ok = await new AssistanceRepository(tx.db as Kysely<DB>).updateVersioned(id, body.version, {
      payMethod: body.payMethod,
      payAccount: body.accountNo,
      payeeMemberId: body.payeeMemberId ?? null,
      updatedAt: ctx.now(),
    });
    if (!ok) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'assistance.payment_account',
      targetType: 'social_assistance_case',
      targetId: id,
      regionCode: c.regionCode,
      after: { payMethod: body.payMethod, accountNo: maskAccount(body.accountNo) },
    });
  });
  return {
    caseId: id,
    payMethod: body.payMethod,
    accountNo: maskAccount(body.accountNo),
    payeeMemberId: body.payeeMemberId ?? null,
    version: c.version + 1,
  };
}
