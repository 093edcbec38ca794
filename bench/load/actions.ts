/**
 * What each kind of user does in the month's first days, as one round of steps with a think time after each:
 * - a village cadre: the visits due, one of those households' page, records a visit (most rounds; one in ten
 *   reports a new risk, which raises a lead), sometimes records a lead of their own (干部排查);
 * - a township officer: the department warnings, the cases, the deadlines, a household page from the cases;
 * - a county officer: the dashboard, the monitored households, cases, deadlines, warnings, and now and then an
 *   Excel export (monitored households, cases or deadlines of the county, in turn), asked for in the background as
 *   the web app asks for a long list: answered 202, then the 下载中心 polled every 2 s until the file is ready, then
 *   the file fetched; the time from asking to ready is a wait, reported apart from the requests.
 * Steps are named `<action> · <kind>`: the same list answers a township and a county differently.
 */
import { chinaDate, type RiskType } from '@dixian/core';
import { call, type Answer } from './client.js';
import type { Recorder } from './recorder.js';
import type { Kind, VirtualUser } from './users.js';

export interface World {
  base: string;
  rec: Recorder;
  /** household ids in each user's scope, for a page when no list has shown one yet */
  fallback: Map<string, string[]>;
}

/** What one user has on screen: the households the last list showed, where the export rotation is. */
export interface UserState {
  seen: string[];
  exports: number;
  rand: () => number;
}

type Step = (w: World, u: VirtualUser, s: UserState) => Promise<void>;

const RISKS: RiskType[] = ['illness', 'disability', 'education', 'unstable_employment', 'accident'];
const pick = <T>(s: UserState, xs: readonly T[]): T | undefined => xs[Math.floor(s.rand() * xs.length)];

function remember(s: UserState, a: Answer | null): void {
  const items = (a?.json as { items?: { householdId?: string | null }[] } | null)?.items ?? [];
  const ids = items.map((i) => i.householdId).filter((x): x is string => !!x);
  if (ids.length) s.seen = ids;
}

function household(w: World, u: VirtualUser, s: UserState): string | undefined {
  return pick(s, s.seen.length ? s.seen : (w.fallback.get(u.scopeCode) ?? []));
}

const get =
  (action: string, path: string, keep = false): Step =>
  async (w, u, s) => {
    const a = await call(w.base, w.rec, u, `${action} · ${u.kind}`, path);
    if (keep) remember(s, a);
  };

const householdPage: Step = async (w, u, s) => {
  const id = household(w, u, s);
  if (id) await call(w.base, w.rec, u, `household page · ${u.kind}`, `/api/households/${id}`);
};

const recordVisit: Step = async (w, u, s) => {
  const id = household(w, u, s);
  if (!id) return;
  const risk = s.rand() < 0.1 ? [pick(s, RISKS)!] : [];
  await call(w.base, w.rec, u, `record visit · ${u.kind}`, `/api/households/${id}/visits`, {
    visitedOn: chinaDate(new Date()),
    method: 'home',
    incomeChange: risk.length ? 'decreased' : 'stable',
    newRisks: risk,
    note: risk.length ? '月初走访:家中有人生病住院' : '月初走访,情况稳定',
  });
};

const recordLead: Step = async (w, u, s) => {
  const id = household(w, u, s);
  if (!id) return;
  await call(w.base, w.rec, u, `record lead · ${u.kind}`, '/api/leads', {
    channel: 'cadre_screening',
    subChannel: 'visit',
    householdId: id,
    riskTypes: [pick(s, RISKS)!],
    description: '干部排查发现风险',
  });
};

const EXPORTS = [
  ['export households', '/api/households/export.xlsx?monitored=true'],
  ['export cases', '/api/cases/export.xlsx'],
  ['export deadlines', '/api/deadlines/export.xlsx'],
] as const;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const POLL_MS = 2000;
/** A file not ready after this long counts as a failed wait (the writer is stuck or the line too long). */
const READY_WITHIN_MS = 600_000;

interface FileState {
  id: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
}

/** Ask for the export in the background, watch the 下载中心 until it is written, then fetch it. */
const exportOne: Step = async (w, u, s) => {
  const [action, path] = EXPORTS[s.exports++ % EXPORTS.length]!;
  const counted = w.rec.open;
  const asked = await call(w.base, w.rec, u, `${action} (ask) · ${u.kind}`, path, undefined, {
    prefer: 'respond-async',
  });
  let file = asked?.status === 202 ? (asked.json as FileState) : null;
  const started = Date.now();
  while (file && (file.status === 'queued' || file.status === 'running') && Date.now() - started < READY_WITHIN_MS) {
    await sleep(POLL_MS);
    const a = await call(w.base, w.rec, u, `export status · ${u.kind}`, `/api/export-files/${file.id}`);
    file = a?.status === 200 ? (a.json as FileState) : null;
  }
  if (!file) return;
  if (file.status !== 'ready') {
    if (counted) w.rec.wait(`${action} ready · ${u.kind}`, Date.now() - started, `${path} → ${file.status}`);
    return;
  }
  // the server's own clock: from the request's arrival to the file stored
  if (counted) w.rec.wait(`${action} ready · ${u.kind}`, Date.parse(file.finishedAt!) - Date.parse(file.createdAt));
  await call(w.base, w.rec, u, `export file · ${u.kind}`, `/api/export-files/${file.id}/file`);
};

/** A step of a round, taken with probability `p`. */
interface Planned {
  step: Step;
  p: number;
}
const always = (step: Step): Planned => ({ step, p: 1 });

export const ROUNDS: Record<Kind, Planned[]> = {
  cadre: [
    always(get('visits due', '/api/visits/due?pageSize=20', true)),
    always(householdPage),
    { step: recordVisit, p: 0.7 },
    { step: recordLead, p: 0.1 },
  ],
  township: [
    always(get('warnings', '/api/warnings?pageSize=20', true)),
    always(get('cases', '/api/cases?pageSize=20', true)),
    always(get('deadlines', '/api/deadlines?pageSize=20')),
    always(householdPage),
  ],
  county: [
    always(get('dashboard', '/api/stats/overview')),
    always(get('monitored households', '/api/households?monitored=true&pageSize=20', true)),
    always(get('cases', '/api/cases?pageSize=20', true)),
    always(get('deadlines', '/api/deadlines?pageSize=20')),
    always(get('warnings', '/api/warnings?pageSize=20')),
    { step: exportOne, p: 0.3 },
  ],
};

/** One user's rounds until `until` (ms since the epoch), thinking `think()` ms after every step. */
export async function runUser(w: World, u: VirtualUser, s: UserState, until: number, think: () => number) {
  while (Date.now() < until) {
    for (const { step, p } of ROUNDS[u.kind]) {
      if (Date.now() >= until) return;
      if (s.rand() >= p) continue;
      await step(w, u, s);
      await sleep(think());
    }
  }
}

/**
 * Every step alone, for the CPU each costs (run.ts measures them one after another after the window): the
 * rounds' steps, with the export rotation split into its three exports.
 */
export const CALIBRATION: { kind: Kind; step: Step }[] = [
  ...(Object.keys(ROUNDS) as Kind[]).flatMap((kind) =>
    ROUNDS[kind].filter((x) => x.step !== exportOne).map((x) => ({ kind, step: x.step })),
  ),
  ...EXPORTS.map(([action, path]) => ({
    kind: 'county' as const,
    step: (async (w, u) => {
      await call(w.base, w.rec, u, `${action} · ${u.kind}`, path);
    }) as Step,
  })),
];
