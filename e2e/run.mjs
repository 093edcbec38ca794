// Runs the browser tests. Needs Debian's Chromium and a CJK font; without Chromium the run is skipped with a
// notice, except in CI (CI=1 or DIXIAN_REQUIRE_BROWSER=1), where a missing browser is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromium = process.env.DIXIAN_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.CI === '1' || process.env.CI === 'true' || process.env.DIXIAN_REQUIRE_BROWSER === '1';

if (!fs.existsSync(chromium)) {
  const msg = `浏览器测试需要 Chromium / browser tests need Chromium at ${chromium}: apt-get install chromium fonts-noto-cjk`;
  if (required) {
    console.error(`错误 / Error: ${msg}`);
    process.exit(1);
  }
  console.warn(`\n*** 已跳过浏览器测试 / SKIPPED browser tests: ${msg} ***\n`);
  process.exit(0);
}

// A fresh embedded database every run, so tests see the same demo data.
fs.rmSync(path.join(here, '.data'), { recursive: true, force: true });
fs.rmSync(path.join(here, 'test-results'), { recursive: true, force: true });

const r = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], { cwd: here, stdio: 'inherit' });
process.exit(r.status ?? 1);
