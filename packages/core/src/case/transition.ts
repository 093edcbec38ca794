import type { IsoDate } from '../dates.js';
import { Role } from '../enums.js';
import { AppError } from '../errors.js';
import { isWithin } from '../region.js';
import {
  CASE_ACTION_LABELS,
  CASE_ACTION_TYPES,
  CaseActionSchema,
  type CaseAction,
  type CaseActionOf,
  type CaseActionType,
} from './actions.js';
import { openDeadlines, withCurrentDue } from './deadlines.js';
import * as id from './identification.js';
import * as mon from './monitoring.js';
import { needNoObjection, type StepOutcome } from './preconditions.js';
import { CASE_ACTION_ROLES, CASE_ACTION_STAGES, IDENTIFICATION_STAGES } from './rules.js';
import { dayOf, refuse, stageLabel, type StepEnv } from './support.js';
import type {
  CaseActor,
  CaseContext,
  CaseEvent,
  CasePolicy,
  CaseState,
  TransitionRefused,
  TransitionResult,
} from './types.js';

type Pre = (s: CaseState, env: StepEnv) => TransitionRefused | null;

interface Handler<T extends CaseActionType> {
  /** checks that need no action fields; allowedActions runs these */
  pre?: Pre;
  /** the step; `s` is null only for start_verification on a household without a case */
  apply: (s: CaseState | null, a: CaseActionOf<T>, env: StepEnv) => StepOutcome;
}

// `s!`: CASE_ACTION_STAGES admits no case (null) only for start_verification, and checkAccess runs first.
const HANDLERS: { [T in CaseActionType]: Handler<T> } = {
  start_verification: { apply: (s, a, env) => id.startVerification(s, a, env) },
  remark_risk: { apply: (s, a, env) => id.remarkRisk(s!, a, env) },
  record_verification: { apply: (s, a, env) => id.recordVerification(s!, a, env) },
  sign_commitment: { pre: id.preSignCommitment, apply: (s, a, env) => id.signCommitment(s!, a, env) },
  record_village_review: { pre: id.preVillageReview, apply: (s, a, env) => id.recordVillageReview(s!, a, env) },
  start_public_notice: { pre: needNoObjection, apply: (s, a, env) => id.startPublicNotice(s!, a, env) },
  record_objection: { apply: (s, a, env) => id.recordObjection(s!, a, env) },
  resolve_objection: { pre: id.preResolveObjection, apply: (s, a, env) => id.resolveObjection(s!, a, env) },
  township_review: { pre: id.preTownshipReview, apply: (s, a, env) => id.townshipReview(s!, a, env) },
  county_confirm: { pre: id.preCountyConfirm, apply: (s, a, env) => id.countyConfirm(s!, a, env) },
  county_reject: { apply: (s, a, env) => id.countyReject(s!, a, env) },
  reject_case: { pre: id.preRejectCase, apply: (s, a, env) => id.rejectCase(s!, a, env) },
  record_assistance_plan: { pre: mon.preRecordPlan, apply: (s, a, env) => mon.recordPlan(s!, a, env) },
  propose_elimination: { pre: mon.preProposeElimination, apply: (s, a, env) => mon.proposeElimination(s!, a, env) },
  county_approve_elimination: {
    pre: mon.preCountyApproveElimination,
    apply: (s, _a, env) => mon.countyApproveElimination(s!, env),
  },
  county_reject_elimination: { apply: (s) => mon.countyRejectElimination(s!) },
  rollback_elimination: { apply: (s, _a, env) => mon.rollbackElimination(s!, env) },
  set_no_labor_flag: { pre: mon.preSetNoLaborFlag, apply: (s, a, env) => mon.setNoLaborFlag(s!, a, env) },
  clear_no_labor_flag: { pre: mon.preClearNoLaborFlag, apply: (s) => mon.clearNoLaborFlag(s!) },
};

/** 绿色通道 (issue 15 §6; W12, W43): a disaster case may record its plan before identification completes. */
function fastChannelPlan(s: CaseState | null, type: CaseActionType, context: CaseContext): boolean {
  return type === 'record_assistance_plan' && !!context.fastChannel && !!s && IDENTIFICATION_STAGES.includes(s.stage);
}

/** Role, scope and stage: may this actor take this kind of step on this case at all? */
function checkAccess(
  s: CaseState | null,
  type: CaseActionType,
  actor: CaseActor,
  regionCode?: string,
  context: CaseContext = {},
): TransitionRefused | null {
  const label = CASE_ACTION_LABELS[type];
  if (!CASE_ACTION_ROLES[type].includes(actor.role)) {
    const role = Role.labels[actor.role] ?? { zh: String(actor.role), en: String(actor.role) };
    return refuse(
      'forbidden',
      'role_not_allowed',
      `${role.zh}不能「${label.zh}」`,
      `a ${role.en} may not ${label.en.toLowerCase()}`,
    );
  }
  for (const code of [s?.regionCode, regionCode]) {
    if (code !== undefined && !isWithin(code, actor.scopeCode)) {
      return refuse(
        'forbidden',
        'out_of_scope',
        `农户所在地 ${code} 不在本账号管辖范围 ${actor.scopeCode || '全国'} 内`,
        `the household's village ${code} is outside this account's scope ${actor.scopeCode || '(national)'}`,
      );
    }
  }
  if (!CASE_ACTION_STAGES[type].includes(s?.stage ?? null) && !fastChannelPlan(s, type, context)) {
    const st = stageLabel(s?.stage ?? null);
    return refuse(
      'invalid_transition',
      'stage_not_allowed',
      `「${st.zh}」阶段不能「${label.zh}」`,
      `"${label.en}" is not possible at stage "${st.en}"`,
      [],
      { stage: s?.stage ?? null, action: type },
    );
  }
  return null;
}

function deadlineDiff(before: CaseState | null, after: CaseState) {
  const was = before ? openDeadlines(before) : [];
  const now = openDeadlines(after);
  const opened = now.filter((d) => !was.some((w) => w.kind === d.kind));
  const closed = was.filter((w) => !now.some((d) => d.kind === w.kind));
  return opened.length || closed.length ? { opened, closed } : null;
}

/**
 * Take one step of the case procedure. Pure: the input state is never modified; a refusal returns a stable
 * code (forbidden, invalid_transition, validation_failed, precondition_failed), a finer `reason`, a bilingual
 * message and, for bad fields, issues naming them.
 *
 * @param state the case, or null to open the first case of a household (start_verification)
 * @param now the moment of the step (Date, ISO instant or YYYY-MM-DD; taken as a China calendar day)
 * @param policy the policy in force (only `deadlines` is read)
 * @param context the elimination guards, evaluated by the caller as of `now`
 */
export function transition(
  state: CaseState | null,
  action: CaseAction,
  actor: CaseActor,
  now: IsoDate | Date,
  policy: CasePolicy,
  context: CaseContext = {},
): TransitionResult {
  const today = dayOf(now);
  if (!today) {
    return refuse(
      'validation_failed',
      'invalid_date',
      `当前时间无效：${String(now)}`,
      `now is not a valid date: ${String(now)}`,
    );
  }
  const parsed = CaseActionSchema.safeParse(action);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    return refuse(
      'validation_failed',
      'invalid_action',
      `步骤内容无效：${issues.map((i) => `${i.path}: ${i.message}`).join('；')}`,
      `invalid step: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const a = parsed.data as CaseAction;
  const regionCode = 'regionCode' in a ? a.regionCode : undefined;
  const denied = checkAccess(state, a.type, actor, regionCode, context);
  if (denied) return denied;
  const env: StepEnv = { actor, today, policy, context };
  const handler = HANDLERS[a.type] as Handler<CaseActionType>;
  const blocked = state && handler.pre?.(state, env);
  if (blocked) return blocked;
  const out = handler.apply(state, a as CaseActionOf<CaseActionType>, env);
  if ('ok' in out) return out;

  const opened = a.type === 'start_verification' || a.type === 'remark_risk';
  const next = withCurrentDue({ ...out.state, version: opened ? 1 : state!.version + 1 });
  const { type: _type, ...fields } = a;
  const deadlines = deadlineDiff(opened ? null : state, next);
  const event: CaseEvent = {
    type: out.event,
    action: a.type,
    fromStage: opened ? null : state!.stage,
    toStage: next.stage,
    on: today,
    actorId: actor.id,
    actorRole: actor.role,
    payload: {
      ...fields,
      ...out.payload,
      ...(opened && state ? { previousCaseId: state.id, previousStage: state.stage } : {}),
      ...(deadlines ? { deadlines, policy: policy.versionLabel ?? null } : {}),
    },
  };
  return { ok: true, state: next, events: [event], opened };
}

/** A refusal as the AppError the HTTP layer maps to a status. */
export function refusalToAppError(r: TransitionRefused): AppError {
  return new AppError(r.code, r.message, r.issues, { reason: r.reason, ...r.details });
}

export interface ActionOptions {
  /** with today, time-dependent checks (notice elapsed) apply */
  today?: IsoDate | Date;
  /** with context, the elimination guards apply */
  context?: CaseContext;
}

export interface ActionAvailability {
  type: CaseActionType;
  allowed: boolean;
  refusal?: TransitionRefused;
}

/**
 * For each step this actor's role may ever take: whether it is possible now, and if not why (for a disabled
 * button with a tooltip). Checks that need the step's own fields (dates, votes) are left to `transition`.
 */
export function actionAvailability(
  state: CaseState | null,
  actor: CaseActor,
  options: ActionOptions = {},
): ActionAvailability[] {
  const today = options.today !== undefined ? dayOf(options.today) : null;
  const env: StepEnv = {
    actor,
    today: today ?? '9999-12-31',
    policy: { deadlines: { identificationDays: 0, noticeMinDays: 0, planDays: 0, verificationDays: 0 } },
    context: options.context ?? {},
    unknownToday: !today,
    unknownContext: !options.context,
  };
  const out: ActionAvailability[] = [];
  for (const type of CASE_ACTION_TYPES) {
    if (!CASE_ACTION_ROLES[type].includes(actor.role)) continue;
    const refusal =
      checkAccess(state, type, actor, undefined, options.context) ??
      (state && HANDLERS[type].pre?.(state, env)) ??
      null;
    out.push(refusal ? { type, allowed: false, refusal } : { type, allowed: true });
  }
  return out;
}

/** The steps this actor can take on this case now: the buttons the UI shows. */
export function allowedActions(
  state: CaseState | null,
  actor: CaseActor,
  options: ActionOptions = {},
): CaseActionType[] {
  return actionAvailability(state, actor, options)
    .filter((a) => a.allowed)
    .map((a) => a.type);
}
