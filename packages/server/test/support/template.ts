import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { listMigrations } from '../../src/db/migrate.js';

/** Where the migrated PGlite template for the current migrations lives (keyed by their checksums). */
export function templatePath(): string {
  const key = createHash('sha256')
    .update(
      listMigrations()
        .map((m) => m.checksum)
        .join(','),
    )
    .digest('hex')
    .slice(0, 16);
  return path.join(os.tmpdir(), `dixian-test-template-${key}.tar.gz`);
}
