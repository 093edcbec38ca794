import { daysBetween, type IsoDate } from '../dates.js';
import type { Label } from '../enums.js';
import { IDENTIFICATION_STAGES, MONITORED_STAGES } from './rules.js';
import type { CaseDeadlineKind, CaseState } from './types.js';

export const CASE_DEADLINE_LABELS: Record<CaseDeadlineKind, Label> = {
  verification: { zh: '入户核实', en: 'Home verification' },
  identification: { zh: '识别认定(15天)', en: 'Identification (15 days)' },
  assistance_plan: { zh: '制定帮扶计划(10天)', en: 'Assistance plan (10 days)' },
};

/** Ties resolve in procedural order. */
const ORDER: CaseDeadlineKind[] = ['verification', 'identification', 'assistance_plan'];

type DeadlineFields = Pick<
  CaseState,
  | 'stage'
  | 'verifiedOn'
  | 'confirmedOn'
  | 'rejectedOn'
  | 'verificationDueOn'
  | 'identificationDueOn'
  | 'planDueOn'
  | 'facts'
>;

function dueOf(s: DeadlineFields, kind: CaseDeadlineKind): IsoDate | null {
  if (kind === 'verification') return s.verificationDueOn;
  if (kind === 'identification') return s.identificationDueOn;
  return s.planDueOn;
}

/** When the deadline was met (closed by the step it waited for), or null while it is not. */
function metOn(s: DeadlineFields, kind: CaseDeadlineKind): IsoDate | null {
  if (kind === 'verification') return s.verifiedOn;
  if (kind === 'identification') return s.confirmedOn ?? s.rejectedOn;
  return s.facts.planCreatedOn;
}

/**
 * Is the deadline still waiting? Verification waits for the first home visit, identification for the county's
 * decision (or a rejection at any step), the plan for its creation while the household is monitored.
 */
function isOpen(s: DeadlineFields, kind: CaseDeadlineKind): boolean {
  if (!dueOf(s, kind)) return false;
  if (kind === 'verification') return s.stage === 'verifying' && !s.verifiedOn;
  if (kind === 'identification') return IDENTIFICATION_STAGES.includes(s.stage);
  return MONITORED_STAGES.includes(s.stage) && !s.facts.planCreatedOn;
}

/** The open deadlines, nearest first. */
export function openDeadlines(s: DeadlineFields): { kind: CaseDeadlineKind; dueOn: IsoDate }[] {
  return ORDER.filter((k) => isOpen(s, k))
    .map((kind) => ({ kind, dueOn: dueOf(s, kind)! }))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind)));
}

/** The state with currentDueOn / currentDueKind set to the nearest open deadline. */
export function withCurrentDue(s: CaseState): CaseState {
  const next = openDeadlines(s)[0];
  return { ...s, currentDueOn: next?.dueOn ?? null, currentDueKind: next?.kind ?? null };
}

export interface DeadlineInfo {
  kind: CaseDeadlineKind;
  label: Label;
  dueOn: IsoDate;
  open: boolean;
  /** open deadlines: days from today to the due day (0 = due today, negative = overdue) */
  daysLeft: number | null;
  /** open and past its day */
  overdue: boolean;
  /** closed deadlines: the day the awaited step happened */
  metOn: IsoDate | null;
  /** closed after its day (the S3 inspection counts these) */
  late: boolean;
}

export interface DeadlineStatus {
  /** the nearest open deadline, or null */
  current: DeadlineInfo | null;
  /** every deadline the case has carried, in procedural order */
  deadlines: DeadlineInfo[];
}

/**
 * Where a case stands against its deadlines on `today`. The due day itself is still in time ("不超过15天":
 * day 15 counts); the day after is overdue.
 */
export function deadlineStatus(s: CaseState, today: IsoDate): DeadlineStatus {
  const deadlines: DeadlineInfo[] = [];
  for (const kind of ORDER) {
    const dueOn = dueOf(s, kind);
    if (!dueOn) continue;
    const open = isOpen(s, kind);
    const met = open ? null : metOn(s, kind);
    const daysLeft = open ? daysBetween(today, dueOn) : null;
    deadlines.push({
      kind,
      label: CASE_DEADLINE_LABELS[kind],
      dueOn,
      open,
      daysLeft,
      overdue: open && daysLeft! < 0,
      metOn: met,
      late: !!met && met > dueOn,
    });
  }
  const nearest = openDeadlines(s)[0];
  return { current: nearest ? deadlines.find((d) => d.kind === nearest.kind)! : null, deadlines };
}
