import { chinaDate } from '@dixian/core';
import type { Tx } from '../db/store.js';
import { FactHistoryRepository } from '../repositories/fact-history.repository.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

/**
 * A 生效日期 the user gave for a change of facts (issue 20 §2), checked: not after the service clock's China day
 * (a change that has not happened is not a fact), not before the household was registered (the register knows
 * nothing earlier). Undefined when none was given: the transaction keeps the clock's day (db/dated-store.ts).
 */
export function checkEffectiveOn(
  ctx: ServiceContext,
  household: { createdAt: Date },
  given: string | undefined,
): string | undefined {
  if (given === undefined) return undefined;
  const today = chinaDate(ctx.now());
  const registered = chinaDate(household.createdAt);
  if (given > today) {
    throw validationFailed(
      [
        {
          path: 'effectiveOn',
          message: `生效日期不能晚于今天(${today}) / effectiveOn must not be after today (${today})`,
        },
      ],
      { zh: '生效日期有误', en: 'invalid effective date' },
    );
  }
  if (given < registered) {
    throw validationFailed(
      [
        {
          path: 'effectiveOn',
          message: `生效日期不能早于建档日期(${registered}) / effectiveOn must not be before the household was registered (${registered})`,
        },
      ],
      { zh: '生效日期有误', en: 'invalid effective date' },
    );
  }
  return given;
}

/** Date the fact changes of the rest of this transaction by the checked day, when one was given. */
export async function applyEffectiveOn(tx: Tx, day: string | undefined): Promise<void> {
  if (day) await new FactHistoryRepository(tx.db).setEffectiveOn(day);
}
