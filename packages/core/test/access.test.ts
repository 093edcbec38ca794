import { describe, expect, it } from 'vitest';
import {
  abilities,
  ACTION_ROLES,
  can,
  caseStepAction,
  CASE_STEP_ACTIONS,
  narrowScope,
  rolesFor,
  scopeOf,
  scopeProblem,
  STATIC_ACTIONS,
  type Actor,
} from '../src/access.js';
import { CASE_ACTION_ROLES } from '../src/case/rules.js';
import { Role } from '../src/enums.js';
import { maskHousehold, maskMember } from '../src/masking.js';

// 临江市 220681 › 桦树镇 220681100 › 西大川村 220681100200 and 西南岔村 220681100201; 六道沟镇 220681101.
const COUNTY = '220681';
const TOWNSHIP = '220681100';
const VILLAGE_A = '220681100200';
const VILLAGE_B = '220681100201';
const OTHER_TOWNSHIP_VILLAGE = '220681101200';
const OTHER_COUNTY_VILLAGE = '220602100200';

const actor = (role: Actor['role'], scopeCode: string, department?: Actor['department']): Actor => ({
  id: `u-${role}`,
  username: role,
  role,
  scopeCode,
  ...(department ? { department } : {}),
});

describe('access: the role × action table (issue 4 §2)', () => {
  it('gives every action to at least one role, and user admin, policy edit only to county administrators', () => {
    for (const a of STATIC_ACTIONS) expect(rolesFor(a).length).toBeGreaterThan(0);
    expect(rolesFor('user.admin')).toEqual(['county_admin']);
    expect(rolesFor('policy.edit')).toEqual(['county_admin']);
  });

  it('keeps inspectors read-only on the registry, with audit and ledgers', () => {
    const i = actor('inspector', COUNTY);
    expect(can(i, 'household.read')).toBe(true);
    expect(can(i, 'case.read')).toBe(true);
    expect(can(i, 'audit.read')).toBe(true);
    expect(can(i, 'audit.verify')).toBe(true);
    expect(can(i, 'ledger.write')).toBe(true);
    for (const a of ['household.create', 'household.update', 'member.write', 'income.write', 'visit.create'] as const) {
      expect(can(i, a)).toBe(false);
    }
  });

  it('lets a village cadre act in their village only', () => {
    const c = actor('village_cadre', VILLAGE_A);
    expect(can(c, 'household.update', { regionCode: VILLAGE_A })).toBe(true);
    expect(can(c, 'household.read', { regionCode: VILLAGE_B })).toBe(false);
    expect(can(c, 'household.read', { regionCode: TOWNSHIP })).toBe(false);
    expect(can(c, 'user.admin')).toBe(false);
  });

  it('lets a township officer act in every village of the township and nowhere else', () => {
    const t = actor('township_officer', TOWNSHIP);
    expect(can(t, 'household.update', { regionCode: VILLAGE_A })).toBe(true);
    expect(can(t, 'household.update', { regionCode: VILLAGE_B })).toBe(true);
    expect(can(t, 'household.update', { regionCode: OTHER_TOWNSHIP_VILLAGE })).toBe(false);
  });

  it('keeps a county administrator to the county', () => {
    const a = actor('county_admin', COUNTY);
    expect(can(a, 'user.admin', { regionCode: VILLAGE_B })).toBe(true);
    expect(can(a, 'household.read', { regionCode: OTHER_COUNTY_VILLAGE })).toBe(false);
    expect(can(a, 'policy.edit', { regionCode: '22' })).toBe(false);
  });

  it('limits a department officer to their own department’s records, and to nothing without a department', () => {
    const d = actor('department_officer', COUNTY, 'medical_insurance');
    expect(can(d, 'feed.upload', { regionCode: COUNTY, department: 'medical_insurance' })).toBe(true);
    expect(can(d, 'feed.upload', { regionCode: COUNTY, department: 'education' })).toBe(false);
    expect(can(d, 'warning.read', { regionCode: VILLAGE_A, department: 'medical_insurance' })).toBe(true);
    expect(can(d, 'household.read')).toBe(false);
    expect(can(actor('department_officer', COUNTY), 'feed.upload')).toBe(false);
    expect(scopeOf(d)).toEqual({ regionPrefix: COUNTY, department: 'medical_insurance' });
    expect(scopeOf(actor('village_cadre', VILLAGE_A))).toEqual({ regionPrefix: VILLAGE_A });
  });

  it('takes case steps from the state machine’s table, in the actor’s area, and refuses unknown steps', () => {
    const cadre = actor('village_cadre', VILLAGE_A);
    const county = actor('county_officer', COUNTY);
    expect(can(cadre, caseStepAction('sign_commitment'), { regionCode: VILLAGE_A })).toBe(true);
    expect(can(cadre, caseStepAction('sign_commitment'), { regionCode: VILLAGE_B })).toBe(false);
    expect(can(cadre, caseStepAction('county_confirm'), { regionCode: VILLAGE_A })).toBe(false);
    expect(can(county, caseStepAction('county_confirm'), { regionCode: VILLAGE_A })).toBe(true);
    expect(can(actor('inspector', COUNTY), caseStepAction('record_objection'))).toBe(false);
    expect(CASE_STEP_ACTIONS).toContain('case.step.county_confirm');
    expect(can(actor('county_admin', COUNTY), caseStepAction('no_such_step'))).toBe(false);
    expect(can(actor('county_admin', COUNTY), 'no.such' as never)).toBe(false);
  });

  it('sends the UI exactly the actions the table grants the role', () => {
    for (const role of Role.values) {
      const a = actor(
        role,
        role === 'village_cadre' ? VILLAGE_A : COUNTY,
        role === 'department_officer' ? 'health' : undefined,
      );
      const expected = [
        ...Object.entries(ACTION_ROLES)
          .filter(([, roles]) => (roles as readonly string[]).includes(role))
          .map(([action]) => action),
        ...Object.entries(CASE_ACTION_ROLES)
          .filter(([, roles]) => roles.includes(role))
          .map(([step]) => caseStepAction(step)),
      ];
      expect(abilities(a).sort()).toEqual(expected.sort());
    }
  });
});

describe('access: scopes', () => {
  it('narrows a region filter to the caller’s scope, or to nothing when they do not overlap', () => {
    expect(narrowScope(TOWNSHIP, undefined)).toBe(TOWNSHIP);
    expect(narrowScope(TOWNSHIP, VILLAGE_A)).toBe(VILLAGE_A);
    expect(narrowScope(TOWNSHIP, COUNTY)).toBe(TOWNSHIP);
    expect(narrowScope(TOWNSHIP, OTHER_TOWNSHIP_VILLAGE)).toBeNull();
  });

  it('checks that a role gets a scope of its level and a department only when it is a department officer', () => {
    expect(scopeProblem('village_cadre', VILLAGE_A)).toBeNull();
    expect(scopeProblem('village_cadre', TOWNSHIP)).toMatch(/12/);
    expect(scopeProblem('township_officer', TOWNSHIP)).toBeNull();
    expect(scopeProblem('department_officer', COUNTY)).toMatch(/department/);
    expect(scopeProblem('department_officer', COUNTY, 'health')).toBeNull();
    expect(scopeProblem('county_officer', COUNTY, 'health')).toMatch(/only department officers/);
  });
});

describe('masking (DOMAIN §8.1)', () => {
  it('masks ID numbers, phones and health details, and leaves absent values absent', () => {
    const m = maskMember({
      idNumber: '22068119800101001X',
      birthDate: '1980-01-01',
      phone: '13800001234',
      disease: '尿毒症',
      name: '张三',
    });
    expect(m).toEqual({
      idNumber: '220*************1X',
      birthDate: '1980-**-**',
      phone: '138****1234',
      disease: '***',
      name: '张三',
    });
    expect(maskMember({ idNumber: null, birthDate: '1980-01-01', phone: null, disease: null })).toEqual({
      idNumber: null,
      birthDate: '1980-**-**',
      phone: null,
      disease: null,
    });
    expect(maskHousehold({ phone: '04398888888', monitorContactPhone: null })).toEqual({
      phone: '043****8888',
      monitorContactPhone: null,
    });
  });
});
