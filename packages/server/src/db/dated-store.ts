import { chinaDate } from '@dixian/core';
import type { Store } from './store.js';

/** the undated store under a dated one: a context with another clock (a job run for a given day) dates afresh */
const RAW = Symbol('raw');

/**
 * The store as the services see it: every transaction starts by setting `dixian.effective_on` (transaction-local)
 * to the China day of the service clock, so the fact-history triggers (migration 0114) date a change by the day
 * the service lives in (a test clock, a CLI run for a given date), not by the database's now(). A service that
 * takes an explicit 生效日期 from the user overrides it inside its transaction (FactHistoryRepository.setEffectiveOn).
 * One place: `buildApp` and `systemContext` hand every ServiceContext this store, dated by that context's clock.
 */
export function datedStore(dated: Store, now: () => Date): Store {
  const store = (dated as Store & { [RAW]?: Store })[RAW] ?? dated;
  const transaction: Store['transaction'] = (fn) =>
    store.transaction(async (tx) => {
      await tx.client.query(`select set_config('dixian.effective_on', $1, true)`, [chinaDate(now())]);
      return fn(tx);
    });
  const wrapped: Store & { [RAW]: Store } = {
    ...store,
    [RAW]: store,
    transaction,
    copyInto: (t, cols, rows) => transaction((tx) => tx.copyInto(t, cols, rows)),
  };
  return wrapped;
}
