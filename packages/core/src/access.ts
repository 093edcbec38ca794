/**
 * Who may do what, and where: the role × action table and `can`. Pure, so the server enforces it and the UI
 * hides what the server would refuse (the server sends `abilities(actor)` with the session).
 *
 * A user acts within a scope: a region-code prefix (county 6, township 9 or village 12 digits, DOMAIN §8.2),
 * and a department officer also within a department. `can(actor, action)` answers for the role alone (lists,
 * whose rows the repositories filter by scope in SQL); `can(actor, action, target)` also checks that the
 * target lies in the actor's area.
 */
import { CASE_ACTION_ROLES } from './case/rules.js';
import { Department, Role } from './enums.js';
import { isWithin } from './region.js';

/** The person (or the system) a request acts for. Built once per request from the session. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** region-code prefix the user works in; '' is the whole country (only the system actor has it) */
  scopeCode: string;
  /** the department of a department officer (DOMAIN §6); absent for every other role */
  department?: Department;
}

/** What an action is done to: where it lies, and for department-owned records (feeds, warnings) whose it is. */
export interface AccessTarget {
  regionCode: string;
  department?: string | null;
}

const ALL: readonly Role[] = Role.values;
const REGISTRY_WRITERS: readonly Role[] = ['county_admin', 'county_officer', 'township_officer', 'village_cadre'];
const READERS: readonly Role[] = [...REGISTRY_WRITERS, 'inspector'];

/**
 * The role × action table. County administrators hold every right in their county; the 乡村振兴局 officer
 * runs the procedure county-wide; township officers and village cadres keep the registry of their area;
 * department officers upload feeds and follow their own warnings; inspectors (纪检) read everything in their
 * area, verify the audit chain and keep the three ledgers (S3 §五).
 */
export const ACTION_ROLES = {
  'region.read': ALL,
  'household.read': READERS,
  'household.create': REGISTRY_WRITERS,
  'household.update': REGISTRY_WRITERS,
  'member.write': REGISTRY_WRITERS,
  'income.write': REGISTRY_WRITERS,
  /** see ID numbers, phones and health details in clear; every use is audited */
  'personal_data.unmask': READERS,
  'lead.create': [...REGISTRY_WRITERS, 'department_officer'],
  'lead.read': READERS,
  'case.read': READERS,
  'visit.create': REGISTRY_WRITERS,
  /** the yearly full screening (S3 §三(二)): the county opens it, the township and village record the checks */
  'campaign.manage': ['county_admin', 'county_officer'],
  'campaign.read': READERS,
  'campaign.check': REGISTRY_WRITERS,
  /** disasters and emergencies (issue 15 §6): the county records them and runs their screening; its area reads */
  'disaster.manage': ['county_admin', 'county_officer'],
  'disaster.read': READERS,
  /** assistance plans and their measures (一户一策, S3 §三(五)) */
  'plan.write': REGISTRY_WRITERS,
  'policy.read': ALL,
  'policy.edit': ['county_admin'],
  'user.admin': ['county_admin'],
  /**
   * 三员分立 (等保 2.0): who administers users does not read the audit of what they did; the inspector (纪检) is the
   * audit administrator
   */
  'audit.read': ['inspector'],
  'audit.verify': ['inspector'],
  'ledger.read': ['county_admin', 'county_officer', 'township_officer', 'inspector'],
  'ledger.write': ['county_admin', 'county_officer', 'township_officer', 'inspector'],
  /** the eight inspection points (S3 §三): inspectors and the county and township officers, each over their area */
  'supervision.read': ['county_admin', 'county_officer', 'township_officer', 'inspector'],
  /** the monthly and year-end reports (issue 17 §5): county officers, inspectors, township officers over their area */
  'report.read': ['county_officer', 'township_officer', 'inspector'],
  /** publicity records (S3 §三(一)): leaflets delivered and awareness surveys, kept by villages and townships */
  'publicity.read': READERS,
  'publicity.write': REGISTRY_WRITERS,
  'feed.upload': ['county_admin', 'county_officer', 'department_officer'],
  /** import a register workbook (户信息, 家庭成员, 收入) into the area, and undo such an import (issue 14 §4) */
  'registry.import': ['county_admin', 'county_officer', 'township_officer'],
  'warning.read': [...READERS, 'department_officer'],
  'warning.verify': REGISTRY_WRITERS,
  'screening.run': ['county_admin', 'county_officer'],
  /** draft policies and run them as scenarios that change nothing (issue 20 §1): who decides policy and runs screening */
  'scenario.run': ['county_admin', 'county_officer'],
  /** 低保, 特困 and 临时救助 cases (S2): villages take applications, townships and counties decide */
  'assistance.read': READERS,
  'assistance.apply': REGISTRY_WRITERS,
  /** the township confirms 低保 and temporary assistance up to its limit, the county the rest (S2 §三(二)) */
  'assistance.decide': ['county_admin', 'county_officer', 'township_officer'],
  /** the 失信 list (S0 plan one 三, S2 §二(三)12): read where assistance is read, kept by who decides it */
  'integrity.read': READERS,
  'integrity.manage': ['county_admin', 'county_officer', 'township_officer'],
  /** the monthly payroll (issue 16 §6): the township prepares its month, the county approves and reconciles */
  'payroll.read': READERS,
  'payroll.prepare': ['county_admin', 'county_officer', 'township_officer'],
  'payroll.approve': ['county_admin', 'county_officer'],
  /** changes that need approval (分户, 迁移, 类别; issue 14 §3): the village asks, the township or county decides */
  'change.request': REGISTRY_WRITERS,
  'change.decide': ['county_admin', 'county_officer', 'township_officer'],
  /** the monthly seven steps (S0 plan two 五): everyone who keeps the registry sees and marks their area's steps */
  'rhythm.read': READERS,
  'rhythm.complete': REGISTRY_WRITERS,
  /** half-monthly warning lists (S1 §四(二)1–2): villages and townships report, the county sees who did */
  'halfmonth.read': READERS,
  'halfmonth.report': ['township_officer', 'village_cadre'],
  /** one's own reminders and escalations (issue 15 §4): every signed-in user reads and marks their own */
  'message.read': ALL,
} as const satisfies Record<string, readonly Role[]>;

export type StaticAction = keyof typeof ACTION_ROLES;

/**
 * Case steps (one endpoint each) take their roles from the state machine's own table (CASE_ACTION_ROLES in
 * ./case/rules.ts), so the machine and the access rules cannot disagree: `can(actor, caseStepAction('county_confirm'),
 * { regionCode })`. A step the machine does not define allows nobody.
 */
const CASE_STEP_ROLES: Readonly<Record<string, readonly Role[]>> = CASE_ACTION_ROLES;

export type CaseStepAction = `case.step.${string}`;
export type Action = StaticAction | CaseStepAction;

/** The action name of one case step: 'confirm' → 'case.step.confirm'. */
export function caseStepAction(step: string): CaseStepAction {
  return `case.step.${step}`;
}

/** Every case-step action the state machine defines. */
export const CASE_STEP_ACTIONS: readonly CaseStepAction[] = Object.keys(CASE_STEP_ROLES).map(caseStepAction);

/** Actions checked against the department as well as the region when a department officer acts. */
export const DEPARTMENT_OWNED: ReadonlySet<Action> = new Set<Action>(['feed.upload', 'warning.read', 'lead.create']);

export const STATIC_ACTIONS = Object.keys(ACTION_ROLES) as StaticAction[];

/** The roles allowed an action (an unknown action allows nobody). */
export function rolesFor(action: Action): readonly Role[] {
  if (action.startsWith('case.step.')) return CASE_STEP_ROLES[action.slice('case.step.'.length)] ?? [];
  return (ACTION_ROLES as Record<string, readonly Role[]>)[action] ?? [];
}

/** Does the role alone allow the action (no target)? */
export function roleAllows(role: Role, action: Action): boolean {
  return rolesFor(action).includes(role);
}

/**
 * May the actor do the action (to the target)? Without a target only the role is checked; the caller must then
 * apply `scopeOf(actor)` to what it reads. With a target, the target must lie within the actor's scope, and a
 * department officer may only touch their own department's records.
 */
export function can(actor: Actor, action: Action, target?: AccessTarget): boolean {
  if (!roleAllows(actor.role, action)) return false;
  if (actor.role === 'department_officer' && !actor.department) return false;
  if (!target) return true;
  if (!isWithin(target.regionCode, actor.scopeCode)) return false;
  if (actor.role === 'department_officer' && DEPARTMENT_OWNED.has(action)) {
    return target.department === actor.department;
  }
  return true;
}

/** What repositories filter by: the region prefix, and for department officers their department. */
export interface Scope {
  regionPrefix: string;
  department?: string | undefined;
}

export function scopeOf(actor: Actor): Scope {
  return actor.role === 'department_officer' && actor.department
    ? { regionPrefix: actor.scopeCode, department: actor.department }
    : { regionPrefix: actor.scopeCode };
}

/** Every action the actor's role allows, for the UI to show or hide controls (the server still checks). */
export function abilities(actor: Actor): Action[] {
  return [...STATIC_ACTIONS, ...CASE_STEP_ACTIONS].filter((a) => can(actor, a));
}

/**
 * The narrower of the actor's scope and a requested region filter, or null when they do not overlap
 * (the result is then empty, never an error that would say the region exists).
 */
export function narrowScope(scopePrefix: string, requested: string | undefined | null): string | null {
  if (!requested) return scopePrefix;
  if (isWithin(requested, scopePrefix)) return requested;
  if (isWithin(scopePrefix, requested)) return scopePrefix;
  return null;
}

/** Scopes a role may be given: villages for cadres, townships or villages for township officers, etc. */
export const ROLE_SCOPE_LEVELS: Record<Role, readonly number[]> = {
  county_admin: [2, 4, 6],
  county_officer: [6],
  township_officer: [9],
  village_cadre: [12],
  department_officer: [6],
  inspector: [2, 4, 6, 9],
};

/** Why a (role, scope, department) combination is not valid, or null when it is. */
export function scopeProblem(role: Role, scopeCode: string, department?: string | null): string | null {
  const lengths = ROLE_SCOPE_LEVELS[role];
  if (!/^\d*$/.test(scopeCode) || !lengths.includes(scopeCode.length)) {
    return `${Role.labels[role].zh}的管辖范围须为${lengths.join('/')}位区划代码 / the scope of a ${role} must be a region code of ${lengths.join(' or ')} digits`;
  }
  if (role === 'department_officer') {
    if (!department || !(Department.values as readonly string[]).includes(department)) {
      return `行业部门用户须指定部门 / a department officer needs a department (${Department.values.join(', ')})`;
    }
  } else if (department) {
    return `只有行业部门用户有部门 / only department officers have a department`;
  }
  return null;
}
