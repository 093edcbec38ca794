/** The report bench/load writes (bench/reports/load.md): figures first, hand notes kept under the marker. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Provenance } from './data.js';
import { percentile, type ActionStats } from './recorder.js';

export interface Ceiling {
  rps: number;
  p50: number;
  p99: number;
  cpuMs: number;
}

/** CPU ms per request of one action measured alone after the window, and its latency then. */
export interface Alone {
  n: number;
  node: number;
  pg: number;
  p50: number;
}

export interface Figures {
  provenance: Provenance;
  counts: Record<string, number>;
  users: Record<string, number>;
  version: string;
  durationS: number;
  thinkS: { min: number; max: number };
  actions: ActionStats[];
  /** background exports from asking to ready (not requests: not held to the 1 s target) */
  waits: ActionStats[];
  alone: Map<string, Alone>;
  window: { node: number; pg: number; client: number };
  ceiling: Ceiling;
  load: { start: string[]; end: string[] };
}

const TARGET_MS = 1000;
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

function actionRow(r: Figures, name: string): string {
  const a = r.actions.find((x) => x.name === name);
  const al = r.alone.get(name);
  const cpu = al ? `${f1(al.node)} + ${f1(al.pg)}` : '–';
  const tail = `${cpu} | ${al ? f0(al.p50) : '–'} |`;
  if (!a) return `| ${name} | 0 | | | | | | | ${tail}`;
  const p95 = percentile(a.latencies, 95);
  const cells = [
    a.latencies.length,
    (a.latencies.length / r.durationS).toFixed(2),
    f0(percentile(a.latencies, 50)),
    p95 >= TARGET_MS ? `**${f0(p95)}**` : f0(p95),
    f0(percentile(a.latencies, 99)),
    f0(Math.max(...a.latencies)),
    a.errors,
  ];
  return `| ${name} | ${cells.join(' | ')} | ${tail}`;
}

/** Every action of the window, and those only measured alone (an export no officer reached in the window). */
function actionRows(r: Figures): string[] {
  const names = [...new Set([...r.actions.map((a) => a.name), ...r.alone.keys()])].sort();
  return names.map((n) => actionRow(r, n));
}

function verdict(r: Figures): string {
  const slow = r.actions.filter((a) => percentile(a.latencies, 95) >= TARGET_MS).map((a) => a.name);
  const errors = r.actions.reduce((n, a) => n + a.errors, 0);
  const met = !slow.length && !errors;
  return `**Target p95 < 1 s for every action and no error: ${met ? 'met' : 'NOT met'}**${slow.length ? `; p95 ≥ 1 s: ${slow.join(', ')}` : ''}${errors ? `; ${errors} failed requests` : ''}.`;
}

/** The background exports' waits, from asking to the file stored (the server's clock). */
function waitTable(r: Figures): string {
  if (!r.waits.length) return '';
  const rows = r.waits.map((a) =>
    [
      a.name,
      a.latencies.length,
      f0(percentile(a.latencies, 50) / 1000),
      f0(percentile(a.latencies, 95) / 1000),
      f0(Math.max(...a.latencies) / 1000),
      a.errors,
    ].join(' | '),
  );
  return `
Background exports (下载中心): each county export above is asked for with \`Prefer: respond-async\` ("(ask)": the 202
answer), then the 下载中心 is polled every 2 s ("export status") and the file fetched when ready ("export file").
Written one at a time per server process. From asking to the file stored, by the server's clock:

| export · who | files | p50 s | p95 s | max s | not ready within 10 min |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.map((x) => `| ${x} |`).join('\n')}
`;
}

function failures(r: Figures): string {
  const samples = [...r.actions, ...r.waits].flatMap((a) => a.samples);
  if (!samples.length) return '';
  return `\nFirst failures:\n\n${samples.map((s) => `- \`${s.replace(/`/g, "'").replace(/\s+/g, ' ')}\``).join('\n')}\n`;
}

export function render(r: Figures): string {
  const total = r.actions.reduce((n, a) => n + a.latencies.length, 0);
  const p = r.provenance;
  const cores = os.cpus().length;
  const busy = (r.window.node + r.window.pg + r.window.client) / (cores * r.durationS);
  const copies = p.households / p.generated - 1;
  const made = `${p.generated.toLocaleString()} by the demo generator (\`seedHouseholds\`, seed 42, as of ${p.asOf})${p.generateSeconds ? ` in ${(p.generateSeconds / 60).toFixed(1)} min` : ''}${copies >= 1 ? `, then ${copies} whole copies under new identities (bench/api/replicate.ts)${p.copySeconds ? ` in ${(p.copySeconds / 60).toFixed(1)} min` : ''}` : ''}`;
  return `# bench/load: the month-start peak, ${r.counts.households!.toLocaleString()} households of one county in PostgreSQL

Run ${new Date().toISOString()} on ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} × ${cores} cores, ${Math.round(os.totalmem() / 2 ** 20)} MB RAM, Node ${process.version}, ${r.version} (local, default settings). Load average ${r.load.start.join(' ')} at the start of the window and ${r.load.end.join(' ')} at its end (the machine is shared; the virtual users run on it too).

Data: county ${p.county}, ${r.counts.households!.toLocaleString()} households, ${r.counts.members!.toLocaleString()} members, ${r.counts.cases!.toLocaleString()} cases, ${r.counts.visits!.toLocaleString()} visits, ${r.counts.warnings!.toLocaleString()} department warnings: ${made}. "Today" is in the first days of the month after the as-of day.

Users: ${r.users.cadre} village cadres (scope: one village each, role \`village_cadre\`), ${r.users.township} township officers (a township each, \`township_officer\`), ${r.users.county} county officers (\`county_officer\`), each signed in with a session of their own before the window. Each repeats its round (bench/load/actions.ts) with a think time of ${r.thinkS.min}–${r.thinkS.max} s (seeded) after every step, for ${r.durationS} s after a warm-up. One API server process (pool of 10 connections, as deployed), in a child process; the virtual users share the machine.

${verdict(r)}

| action · who | requests | per s | p50 ms | p95 ms | p99 ms | max ms | errors | CPU ms/req alone: Node + PostgreSQL | p50 ms alone |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${actionRows(r).join('\n')}
| **all** | ${total} | ${(total / r.durationS).toFixed(1)} | | | | | ${r.actions.reduce((n, a) => n + a.errors, 0)} | ${f1((r.window.node * 1000) / total)} + ${f1((r.window.pg * 1000) / total)} (in the window) | |
| bare Fastify route (ceiling) | autocannon, 50 connections, 10 s | ${f0(r.ceiling.rps)} | ${f0(r.ceiling.p50)} | | ${f0(r.ceiling.p99)} | | | ${r.ceiling.cpuMs.toFixed(2)} + 0 | |

${waitTable(r)}
CPU in the window: API server ${f1(r.window.node)} s, PostgreSQL backends ${f1(r.window.pg)} s, virtual users ${f1(r.window.client)} s, together ${(busy * 100).toFixed(0)}% of ${cores} cores × ${r.durationS} s. "CPU ms/req alone": each action measured by itself right after the window (a few requests, two at a time), CPU of the server's Node process and of the database's PostgreSQL backends from /proc divided by the requests; "p50 alone" is its latency then, without the peak around it. The bare route is the ceiling of this machine for an HTTP answer (\`GET /bare\` → \`{"status":"ok"}\`, no plugins, no database), measured in the same run before the window.
${failures(r)}`;
}

export function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const notes = fs.existsSync(file) ? (fs.readFileSync(file, 'utf8').split('\n<!-- notes -->\n')[1] ?? '') : '';
  fs.writeFileSync(file, notes ? `${text}\n<!-- notes -->\n${notes}` : text);
}
