import type { Store } from '../db/store.js';

export interface SeedOptions {
  counties: string[];
  households: number;
  seed: number;
  progress?: boolean;
}

export interface SeedResult {
  households: number;
  members: number;
}

// Placeholder until the generator lands (issue 2 §4).
export async function seedHouseholds(_store: Store, _opts: SeedOptions): Promise<SeedResult> {
  throw new Error('seed generator not built yet');
}
