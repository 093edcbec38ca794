/** Latencies and failures per action, as the virtual users report them. */
export interface ActionStats {
  name: string;
  latencies: number[];
  errors: number;
  /** the first few failures: status and body */
  samples: string[];
}

export class Recorder {
  readonly actions = new Map<string, ActionStats>();
  /** what users wait for beyond a request: a background export from asking to ready (not held to the 1 s target) */
  readonly waits = new Map<string, ActionStats>();
  /** false outside the measured window: warm-up and wind-down requests are not counted */
  open = false;

  record(name: string, ms: number, failure?: string): void {
    let a = this.actions.get(name);
    if (!a) this.actions.set(name, (a = { name, latencies: [], errors: 0, samples: [] }));
    a.latencies.push(ms);
    if (failure !== undefined) {
      a.errors++;
      if (a.samples.length < 3) a.samples.push(failure.slice(0, 400));
    }
  }

  wait(name: string, ms: number, failure?: string): void {
    let a = this.waits.get(name);
    if (!a) this.waits.set(name, (a = { name, latencies: [], errors: 0, samples: [] }));
    a.latencies.push(ms);
    if (failure !== undefined) {
      a.errors++;
      if (a.samples.length < 3) a.samples.push(failure.slice(0, 400));
    }
  }

  total(): number {
    let n = 0;
    for (const a of this.actions.values()) n += a.latencies.length;
    return n;
  }
}

/** The p-th percentile (nearest rank) of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** A seeded generator (mulberry32), so every run offers the same sequence of actions. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
