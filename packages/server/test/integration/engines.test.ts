import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Every package.json below node_modules (scoped and nested ones included). */
function installedPackages(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedPackages(full, out);
      continue;
    }
    const manifest = path.join(full, 'package.json');
    if (fs.existsSync(manifest)) out.push(manifest);
    installedPackages(path.join(full, 'node_modules'), out);
  }
  return out;
}

describe('the Node.js version the README promises', () => {
  // npm ci printed EBADENGINE for content-disposition@3 and cookie@2 (Node 22) while the README and `engines`
  // promise Node 20.19: every installed package must accept the lowest version we promise.
  it('every installed package accepts the lowest Node.js version of our engines field', () => {
    const promised = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node as string;
    const lowest = semver.minVersion(promised)!.version;
    const refusing: string[] = [];
    for (const manifest of installedPackages(path.join(root, 'node_modules'))) {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
        name?: string;
        version?: string;
        engines?: { node?: string };
      };
      const wanted = pkg.engines?.node;
      if (!wanted || !semver.validRange(wanted)) continue;
      if (!semver.satisfies(lowest, wanted, { includePrerelease: true }))
        refusing.push(`${pkg.name}@${pkg.version} (${wanted})`);
    }
    expect(refusing).toEqual([]);
  });
});
