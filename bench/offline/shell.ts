/**
 * The field app's shell as a phone first loads it: every file the service worker precaches (read from the built
 * `sw.js`), fetched one after another over the throttled link with br, as the browser's install step does.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ThrottledProxy } from './throttle.js';

export interface ShellRun {
  files: number;
  /** the files as built */
  raw: number;
  /** bytes received over the link, headers included */
  wireDown: number;
  seconds: number;
}

/** The precached URLs of a build, or null when the web app is not built. */
export function precacheUrls(webDist: string): string[] | null {
  const sw = path.join(webDist, 'sw.js');
  if (!fs.existsSync(sw)) return null;
  const urls = [...fs.readFileSync(sw, 'utf8').matchAll(/url:"([^"]+)"/g)].map((m) => `/${m[1]!}`);
  return [...new Set(urls)];
}

function fetchOnce(port: number, agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: url, agent, headers: { 'accept-encoding': 'gzip, deflate, br' } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(0) : reject(new Error(`${url}: ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
  });
}

export async function downloadShell(proxy: ThrottledProxy, webDist: string, urls: string[]): Promise<ShellRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const before = proxy.bytes.down;
  const start = performance.now();
  for (const url of urls) await fetchOnce(proxy.port, agent, url);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  const raw = urls.reduce((n, u) => n + fs.statSync(path.join(webDist, u)).size, 0);
  return { files: urls.length, raw, wireDown: proxy.bytes.down - before, seconds };
}
