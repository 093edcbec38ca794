import { chinaDate } from '@dixian/core';
import type { Store } from './store.js';

const DATED = Symbol('dated');

/**
 * The store as the services see it: every transaction starts by setting `dixian.effective_on` (transaction-local)
 * to the China day of the service clock, so the fact-history triggers (migration 0114) date a change by the day
 * the service lives in (a test clock, a CLI run for a given date), not by the database's now(). A service that
 * takes an explicit 生效日期 from the user overrides it inside its transaction (FactHistoryRepository.setEffectiveOn).
 * One place: `buildApp` and `systemContext` hand every ServiceContext this store.
 */
export function datedStore(store: Store, now: () => Date): Store {
  if ((store as Store & { [DATED]?: true })[DATED]) return store;
  const transaction: Store['transaction'] = (fn) =>
    store.transaction(async (tx) => {
      await tx.client.query(`select set_config('dixian.effective_on', $1, true)`, [chinaDate(now())]);
      return fn(tx);
    });
  const dated: Store & { [DATED]: true } = {
    ...store,
    [DATED]: true,
    transaction,
    copyInto: (t, cols, rows) => transaction((tx) => tx.copyInto(t, cols, rows)),
  };
  return dated;
}
