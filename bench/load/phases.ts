/** The phases of a run: the server, the ceiling, the measured window, and each action alone. */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { CALIBRATION, runUser, sleep, type UserState, type World } from './actions.js';
import { cpuBetween, type CpuProbe } from './cpu.js';
import { DURATION, SEED, THINK } from './options.js';
import { percentile, Recorder, rng, type ActionStats } from './recorder.js';
import type { Alone, Ceiling } from './report.js';
import type { VirtualUser } from './users.js';

export interface Server {
  child: ChildProcess;
  api: number;
  bare: number;
  stop: () => Promise<void>;
}

/** The API server and the bare route, in a child process of their own (../api/server.ts). */
export function startServer(here: string, url: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '..', 'api', 'server.ts')], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  };
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({ child, stop, ...(JSON.parse(line) as { api: number; bare: number }) });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** The bare route at 50 connections for 10 s: what this machine answers at most over HTTP. */
export async function measureCeiling(port: number, probe: CpuProbe): Promise<Ceiling> {
  const before = await probe.sample();
  const r = await autocannon({ url: `http://127.0.0.1:${port}/bare`, connections: 50, duration: 10 });
  const cpu = cpuBetween(before, await probe.sample());
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpuMs: (cpu.node * 1000) / Math.max(1, r.requests.total),
  };
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(1));

/**
 * Every user runs its rounds from a random start within the first think time; the window opens after the
 * warm-up (connections, caches and the pool as after a while of use) and lasts DURATION seconds. A request
 * started inside the window counts.
 */
export async function peak(world: Omit<World, 'rec'>, users: VirtualUser[], probe: CpuProbe) {
  const rec = new Recorder();
  const w: World = { ...world, rec };
  const warmupS = Number(process.argv[process.argv.indexOf('--warmup') + 1]) || Math.min(20, DURATION / 4);
  const opens = Date.now() + warmupS * 1000;
  const closes = opens + DURATION * 1000;
  const think = rng(SEED);
  const thinkMs = () => (THINK.min + think() * (THINK.max - THINK.min)) * 1000;
  const running = users.map(async (u, i) => {
    const s: UserState = { seen: [], exports: i, rand: rng(SEED * 1000 + i) };
    await sleep(think() * THINK.max * 1000);
    await runUser(w, u, s, closes, thinkMs);
    return s;
  });
  console.log(`${users.length} users running; warm-up ${warmupS} s, then ${DURATION} s measured …`);
  await sleep(opens - Date.now());
  const meter = probe.track();
  const load = { start: loadavg(), end: [] as string[] };
  rec.open = true;
  const ticker = setInterval(() => console.log(`  ${rec.total()} requests, load ${loadavg().join(' ')}`), 30_000);
  await sleep(closes - Date.now());
  rec.open = false;
  clearInterval(ticker);
  const cpu = await meter.stop();
  load.end = loadavg();
  await Promise.all(running); // requests under way finish (and count: they started in the window)
  const actions = [...rec.actions.values()].sort((a, b) => a.name.localeCompare(b.name));
  const waits = [...rec.waits.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { actions, waits, cpu, load };
}

/**
 * Each step by itself after the window, two users at a time, until 20 requests (or 15 s): the CPU it costs the
 * server and PostgreSQL per request, which a mixed window cannot split by action.
 */
export async function calibrate(world: Omit<World, 'rec'>, users: VirtualUser[], probe: CpuProbe) {
  const alone = new Map<string, Alone>();
  for (const { kind, step } of CALIBRATION) {
    const rec = new Recorder();
    rec.open = true;
    const w: World = { ...world, rec };
    const two = users.filter((u) => u.kind === kind).slice(0, 2);
    const until = Date.now() + 15_000;
    const meter = probe.track();
    await Promise.all(
      two.map(async (u, i) => {
        const s: UserState = { seen: [], exports: 0, rand: rng(SEED + i) };
        while (rec.total() < 20 && Date.now() < until) await step(w, u, s);
      }),
    );
    const cpu = await meter.stop();
    for (const a of rec.actions.values()) alone.set(a.name, per(a, cpu, rec.total()));
  }
  return alone;
}

function per(a: ActionStats, cpu: { node: number; pg: number }, n: number): Alone {
  return {
    n: a.latencies.length,
    node: (cpu.node * 1000) / n,
    pg: (cpu.pg * 1000) / n,
    p50: percentile(a.latencies, 50),
  };
}
