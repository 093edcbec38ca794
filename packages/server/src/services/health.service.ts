import type { Store } from '../db/store.js';
import { MaintenanceRepository } from '../repositories/maintenance.repository.js';

/** Liveness: one round trip to the store, reading nothing (anyone may ask, so it must stay cheap). */
export async function health(store: Store): Promise<{ status: 'ok'; db: Store['kind'] }> {
  await new MaintenanceRepository(store.db).ping();
  return { status: 'ok', db: store.kind };
}
