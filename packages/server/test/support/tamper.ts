import type { Store } from '../../src/db/store.js';

/**
 * Change the audit log as an attacker holding the database owner's rights would: the guard triggers (migration
 * 0089) refuse every update and any delete within the retention, so the owner first disables them. The chain and
 * its anchors are what still detect it.
 */
export async function tamper(store: Store, sql: string, params: unknown[] = []): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.client.exec('alter table audit_log disable trigger user');
    await tx.client.query(sql, params);
    await tx.client.exec('alter table audit_log enable trigger user');
  });
}
