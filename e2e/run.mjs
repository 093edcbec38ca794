// Runs the browser tests. Needs Debian's Chromium and a CJK font; without Chromium the run is skipped with a
// notice, except in CI (CI=1 or DIXIAN_REQUIRE_BROWSER=1), where a missing browser is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
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

// Each run gets a free port, its own fresh embedded database and its own output directory, so two runs on one
// machine (two developers, or CI next to a developer) never share a server or delete each other's data.
const port = process.env.E2E_PORT ?? String(await freePort());
const dataDir = process.env.E2E_DATA_DIR ?? path.join(here, '.data', port);
const outputDir = process.env.E2E_OUTPUT_DIR ?? path.join(here, 'test-results', port);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(`${dataDir}-files`, { recursive: true, force: true });
fs.rmSync(outputDir, { recursive: true, force: true });

const r = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  cwd: here,
  stdio: 'inherit',
  env: { ...process.env, E2E_PORT: port, E2E_DATA_DIR: dataDir, E2E_OUTPUT_DIR: outputDir },
});
fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(`${dataDir}-files`, { recursive: true, force: true });
process.exit(r.status ?? 1);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port: p } = srv.address();
      srv.close(() => resolve(p));
    });
  });
}
