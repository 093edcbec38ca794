/**
 * The close-out (销号) of the three rectification ledgers, S3 §五: "建立三个台账实行销号管理" — every item is closed
 * one by one, and only once its rectification has been verified. The verification and the close-out are someone
 * else's than the rectification: the one who fixed a problem does not certify it fixed. Pure: the service loads the
 * item, calls `ledgerStep`, and stores the result with its audit record.
 */
import type { IsoDate } from './dates.js';
import type { LedgerAction, LedgerItemStatus } from './enums.js';
import type { ErrorCode, LocalizedText } from './errors.js';

export interface LedgerEvidenceEntry {
  description: string;
  ref: string | null;
  addedBy: string | null;
  addedOn: IsoDate | null;
}

/** The fields of a ledger item the steps read and write. */
export interface LedgerItemState {
  status: LedgerItemStatus;
  plan: string | null;
  ownerId: string | null;
  deadline: IsoDate | null;
  evidence: LedgerEvidenceEntry[];
  rectification: string | null;
  rectifiedBy: string | null;
  rectifiedOn: IsoDate | null;
  verificationNote: string | null;
  verifiedBy: string | null;
  verifiedOn: IsoDate | null;
  closeNote: string | null;
  closedBy: string | null;
  closedOn: IsoDate | null;
  /** items under this one (issues under a task, rectifications under an issue) not closed yet */
  openChildren: number;
}

export type LedgerStepInput =
  | { action: 'start'; plan?: string | null; ownerId?: string | null; deadline?: IsoDate | null }
  | { action: 'record_rectification'; rectification: string; evidence: { description: string; ref?: string | null }[] }
  | { action: 'verify'; passed: boolean; note: string }
  | { action: 'close'; note?: string | null };

export type LedgerStepResult =
  | { ok: true; state: LedgerItemState }
  | { ok: false; code: ErrorCode; reason: LedgerRefusal; message: LocalizedText; path?: string };

export type LedgerRefusal =
  | 'wrong_status'
  | 'plan_missing'
  | 'owner_missing'
  | 'deadline_missing'
  | 'rectification_missing'
  | 'evidence_missing'
  | 'same_person'
  | 'open_children';

/** From which status each step may be taken. */
export const LEDGER_STEP_FROM: Record<LedgerAction, LedgerItemStatus> = {
  start: 'open',
  record_rectification: 'rectifying',
  verify: 'rectifying',
  close: 'verified',
};

function refuse(
  code: ErrorCode,
  reason: LedgerRefusal,
  message: LocalizedText,
  path?: string,
): Extract<LedgerStepResult, { ok: false }> {
  return { ok: false, code, reason, message, ...(path ? { path } : {}) };
}

/** Take one step on an item as `actorId` on `today`; a refusal says why and changes nothing. */
export function ledgerStep(
  item: LedgerItemState,
  input: LedgerStepInput,
  actorId: string,
  today: IsoDate,
): LedgerStepResult {
  const from = LEDGER_STEP_FROM[input.action];
  if (item.status !== from) {
    return refuse('invalid_transition', 'wrong_status', {
      zh: `台账事项当前状态为“${item.status}”,不能执行此步骤(需为“${from}”)`,
      en: `the item is ${item.status}; this step needs it ${from}`,
    });
  }
  switch (input.action) {
    case 'start':
      return startStep(item, input);
    case 'record_rectification':
      return {
        ok: true,
        state: {
          ...item,
          rectification: input.rectification,
          rectifiedBy: actorId,
          rectifiedOn: today,
          evidence: [
            ...item.evidence,
            ...input.evidence.map((e) => ({
              description: e.description,
              ref: e.ref ?? null,
              addedBy: actorId,
              addedOn: today,
            })),
          ],
        },
      };
    case 'verify':
      return verifyStep(item, input, actorId, today);
    case 'close':
      return closeStep(item, input, actorId, today);
  }
}

/** S3 §五 二: the plan of a suspected issue has its deadline and the person responsible. */
function startStep(item: LedgerItemState, input: Extract<LedgerStepInput, { action: 'start' }>): LedgerStepResult {
  const plan = input.plan ?? item.plan;
  const ownerId = input.ownerId ?? item.ownerId;
  const deadline = input.deadline ?? item.deadline;
  if (!plan)
    return refuse(
      'validation_failed',
      'plan_missing',
      { zh: '请填写整改计划', en: 'a rectification plan is required' },
      'plan',
    );
  if (!ownerId)
    return refuse(
      'validation_failed',
      'owner_missing',
      { zh: '请指定责任人', en: 'a person responsible is required' },
      'ownerId',
    );
  if (!deadline)
    return refuse(
      'validation_failed',
      'deadline_missing',
      { zh: '请填写整改时限', en: 'a deadline is required' },
      'deadline',
    );
  return { ok: true, state: { ...item, status: 'rectifying', plan, ownerId, deadline } };
}

/** Verification by someone other than who rectified, with evidence; a failed one sends the item back to work. */
function verifyStep(
  item: LedgerItemState,
  input: Extract<LedgerStepInput, { action: 'verify' }>,
  actorId: string,
  today: IsoDate,
): LedgerStepResult {
  if (!item.rectifiedOn || !item.rectifiedBy) {
    return refuse('precondition_failed', 'rectification_missing', {
      zh: '尚未登记整改情况,不能核实',
      en: 'no rectification has been recorded to verify',
    });
  }
  if (!item.evidence.length) {
    return refuse('precondition_failed', 'evidence_missing', {
      zh: '没有整改佐证材料',
      en: 'there is no evidence',
    });
  }
  if (item.rectifiedBy === actorId) {
    return refuse('precondition_failed', 'same_person', {
      zh: '整改人不能核实自己的整改',
      en: 'the person who rectified an item cannot verify it',
    });
  }
  if (!input.passed) {
    // back to work: the next verification needs a new rectification record
    return {
      ok: true,
      state: { ...item, verificationNote: input.note, verifiedBy: null, verifiedOn: null, rectifiedOn: null },
    };
  }
  return {
    ok: true,
    state: { ...item, status: 'verified', verificationNote: input.note, verifiedBy: actorId, verifiedOn: today },
  };
}

/** Closing (销号): verified, with evidence, by someone else, and nothing open under it. */
function closeStep(
  item: LedgerItemState,
  input: Extract<LedgerStepInput, { action: 'close' }>,
  actorId: string,
  today: IsoDate,
): LedgerStepResult {
  if (!item.verifiedOn || !item.evidence.length) {
    return refuse('precondition_failed', 'evidence_missing', {
      zh: '须经核实并有佐证材料方可销号',
      en: 'an item is closed only after verification, with evidence',
    });
  }
  if (item.rectifiedBy === actorId) {
    return refuse('precondition_failed', 'same_person', {
      zh: '整改人不能为自己的整改销号',
      en: 'the person who rectified an item cannot close it',
    });
  }
  if (item.openChildren > 0) {
    return refuse('precondition_failed', 'open_children', {
      zh: `还有 ${item.openChildren} 项下级事项未销号`,
      en: `${item.openChildren} item(s) under this one are not closed`,
    });
  }
  return {
    ok: true,
    state: { ...item, status: 'closed', closeNote: input.note ?? null, closedBy: actorId, closedOn: today },
  };
}

/** The steps `actorId` could take on the item now (the service adds the role check). */
export function ledgerActions(item: LedgerItemState, actorId: string): LedgerAction[] {
  const probe: Record<LedgerAction, LedgerStepInput> = {
    start: { action: 'start' },
    record_rectification: { action: 'record_rectification', rectification: '-', evidence: [{ description: '-' }] },
    verify: { action: 'verify', passed: true, note: '-' },
    close: { action: 'close' },
  };
  return (Object.keys(probe) as LedgerAction[]).filter((a) => {
    const r = ledgerStep(item, probe[a], actorId, '2000-01-01');
    // a start that only lacks a plan, owner or deadline is possible: the request supplies them
    return r.ok || (a === 'start' && r.code === 'validation_failed');
  });
}
