import { ID_NUMBER_PROBLEM_TEXT, parseIdNumber, type ErrorIssue } from '@dixian/core';
import type { MemberFields } from '@dixian/core/api';
import type { MemberRow } from '../repositories/member.repository.js';

const RESIDENT_ID = 'resident_id';

export interface CheckedMember {
  /** the columns to write: the input with the ID number normalised and sex and birth date filled in */
  values: Partial<MemberFields> & { idNumber?: string | null; sex?: 'male' | 'female'; birthDate?: string };
  issues: ErrorIssue[];
}

/**
 * Check a member as entered, against what is stored when it is an update (DOMAIN §2.3, §8.1; R6): a
 * resident ID number must be valid and is stored normalised (18 characters, upper-case X, 15-digit numbers
 * upgraded); sex and birth date come from it when left out and must agree with it when given; without an ID
 * number both are required. `path` prefixes every issue ('members.2').
 */
export function checkMember(
  input: Partial<MemberFields>,
  stored: MemberRow | undefined,
  today: string,
  path = '',
): CheckedMember {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const issues: ErrorIssue[] = [];
  const values: CheckedMember['values'] = { ...input };
  const idType = input.idType ?? stored?.idType ?? RESIDENT_ID;
  const idGiven = input.idNumber !== undefined;
  const rawId = idGiven ? input.idNumber?.trim() || null : (stored?.idNumber ?? null);
  if (idGiven) values.idNumber = rawId;

  let derived: { sex: 'male' | 'female'; birthDate: string } | undefined;
  if (rawId && idType === RESIDENT_ID) {
    const parsed = parseIdNumber(rawId, today);
    if (!parsed.ok) {
      const t = ID_NUMBER_PROBLEM_TEXT[parsed.problem];
      issues.push({ path: at('idNumber'), message: `${t.zh} / ${t.en}: ${rawId}` });
    } else {
      derived = { sex: parsed.value.sex, birthDate: parsed.value.birthDate };
      if (idGiven) values.idNumber = parsed.value.idNumber;
    }
  } else if (rawId && idGiven) {
    values.idNumber = rawId.toUpperCase();
  }

  // A new ID number rewrites sex and birth date unless they are given too; otherwise keep what is stored.
  const sex =
    input.sex ?? (idGiven && derived ? derived.sex : ((stored?.sex as 'male' | 'female' | undefined) ?? derived?.sex));
  const birthDate =
    input.birthDate ?? (idGiven && derived ? derived.birthDate : (stored?.birthDate ?? derived?.birthDate));
  if (derived && sex !== derived.sex) {
    issues.push({ path: at('sex'), message: '性别与身份证号不符 / sex does not match the ID number' });
  }
  if (derived && birthDate !== derived.birthDate) {
    issues.push({ path: at('birthDate'), message: '出生日期与身份证号不符 / birth date does not match the ID number' });
  }
  if (!sex) issues.push({ path: at('sex'), message: '无身份证号时须填写性别 / sex is required without an ID number' });
  if (!birthDate) {
    issues.push({
      path: at('birthDate'),
      message: '无身份证号时须填写出生日期 / birth date is required without an ID number',
    });
  } else if (birthDate > today) {
    issues.push({ path: at('birthDate'), message: '出生日期不能晚于今天 / birth date is in the future' });
  }
  if (sex && sex !== stored?.sex) values.sex = sex;
  if (birthDate && birthDate !== stored?.birthDate) values.birthDate = birthDate;
  return { values, issues };
}

/** A household has exactly one head when it is created, and never two (DOMAIN §2.3 户主). */
export function headCountIssue(heads: number, exactlyOne: boolean, path = 'members'): ErrorIssue | undefined {
  if (heads > 1) return { path, message: '每户只能有一名户主 / a household has only one head' };
  if (exactlyOne && heads === 0) return { path, message: '须有一名户主 / a household needs a head' };
  return undefined;
}
