/** The report bench/screens writes: one row per screen and user, with the run's conditions and limits. */
import fs from 'node:fs';
import os from 'node:os';

export interface Timing {
  screen: string;
  user: string;
  path: string;
  ms: number[];
  status: number;
  bytes: number;
  error?: string;
}

const TARGET_MS = 500;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

export function writeReport(
  file: string,
  r: {
    households: number;
    version: string;
    timings: Timing[];
    bareMs: number;
    scanMs: number;
    loadBefore: number[];
    loadAfter: number[];
    now: string;
    repeat: number;
    /** seconds the nightly rollups job took before the screens were read; null: measured live */
    rollupSeconds: number | null;
  },
): void {
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  const rows = r.timings.map((t) => {
    if (!t.ms.length) return `| ${t.screen} | ${t.user} | HTTP ${t.status} | | | ${t.error ?? ''} |`;
    const med = median(t.ms);
    const max = Math.max(...t.ms);
    return `| ${t.screen} | ${t.user} | ${med.toFixed(0)} | ${max.toFixed(0)} | ${(t.bytes / 1024).toFixed(1)} kB | ${max <= TARGET_MS ? 'met' : 'MISSED'} |`;
  });
  const measured = r.timings.filter((t) => t.ms.length);
  const missed = measured.filter((t) => Math.max(...t.ms) > TARGET_MS);
  const failed = r.timings.filter((t) => !t.ms.length);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const text = `# bench/screens: every screen for one user at ${r.households.toLocaleString()} households (${r.version.includes('PGlite') ? 'PGlite, embedded' : 'PostgreSQL'})

Run ${new Date().toISOString()} on ${cpu} × ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 20)} MB RAM, Node ${process.version}, ${r.version} (local, default settings). Load average ${load(r.loadBefore)} at the start, ${load(r.loadAfter)} at the end.

One person at a time: each screen is asked once unmeasured, then ${r.repeat} times in a row; the median and the slowest
of those are given, through the whole server (session, scope, schema). The server's clock is ${r.now} (the first days
of the month after the data's as-of day). Users: a county administrator of the prefecture 白山市 (市级, scope 2206) and
one of its largest county (县级).

${r.rollupSeconds === null ? 'Measured live: no rollups were built, every screen was judged from the records.' : `The nightly rollups job (visits due per county, dashboards of the large areas) ran first, as the server runs it after midnight: ${r.rollupSeconds.toFixed(1)} s. Screens of large areas read it and say when it was made.`}

Limits measured in the same run: the bare HTTP round trip ${r.bareMs.toFixed(1)} ms; one sequential read of the
household table (\`count(*)\` over all of it, best of 3) ${r.scanMs.toFixed(0)} ms.

| screen | user | median ms | slowest ms | answer | ≤ ${TARGET_MS} ms |
| --- | --- | ---: | ---: | ---: | --- |
${rows.join('\n')}

**${measured.length - missed.length} of ${measured.length} screens within ${TARGET_MS} ms** at their slowest${missed.length ? ` (missed: ${missed.map((t) => `${t.screen} ${t.user}`).join(', ')})` : ''}${failed.length ? `; ${failed.length} did not answer 200` : ''}.
`;
  const notes = fs.existsSync(file) ? (fs.readFileSync(file, 'utf8').split('\n<!-- notes -->\n')[1] ?? '') : '';
  fs.writeFileSync(file, notes ? `${text}\n<!-- notes -->\n${notes}` : text);
  console.log(`\n${text}`);
}
