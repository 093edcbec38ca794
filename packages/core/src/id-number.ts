/**
 * 公民身份号码 (GB 11643-1999, DOMAIN §8.1): 6-digit address code, 8-digit birth date, 3-digit sequence whose
 * last digit is odd for men and even for women, and an ISO 7064 MOD 11-2 check character.
 */

export const ID_CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem =
  | 'empty'
  | 'bad_length'
  | 'bad_characters'
  | 'bad_address'
  | 'bad_birth_date'
  | 'future_birth_date'
  | 'bad_check_digit';

export const ID_NUMBER_PROBLEM_TEXT: Record<IdNumberProblem, { zh: string; en: string }> = {
  empty: { zh: '身份证号为空', en: 'ID number is empty' },
  bad_length: { zh: '身份证号应为18位(或15位旧号)', en: 'ID number must have 18 characters (or 15 for old numbers)' },
  bad_characters: { zh: '身份证号含非法字符', en: 'ID number contains invalid characters' },
  bad_address: { zh: '身份证号地址码无效', en: 'ID number has an invalid address code' },
  bad_birth_date: { zh: '身份证号中的出生日期不存在', en: 'ID number contains an impossible birth date' },
  future_birth_date: { zh: '身份证号中的出生日期晚于今天', en: 'ID number has a birth date in the future' },
  bad_check_digit: { zh: '身份证号校验位错误', en: 'ID number check digit is wrong' },
};

export interface ParsedIdNumber {
  /** 18 characters, upper-case X */
  idNumber: string;
  addressCode: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** true when the input was a 15-digit legacy number upgraded to 18 */
  upgraded: boolean;
}

export type IdNumberResult =
  { ok: true; value: ParsedIdNumber } | { ok: false; problem: IdNumberProblem; input: string };

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`需要17位数字 / expected 17 digits: "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * ID_CHECK_WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Clean what people and departments really type: full-width digits and letters (０-９, Ｘ), spaces and
 * hyphens, a lower-case x. Does not validate.
 */
export function cleanIdNumber(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/[\s\u3000\-\uFF0D‐–—]/g, '')
    .toUpperCase();
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Normalise and validate. 15-digit legacy numbers (GB 11643-1989: 2-digit year, no check digit) are upgraded
 * by inserting "19" and computing the check character. `today` (YYYY-MM-DD) bounds the birth date.
 */
export function parseIdNumber(input: string, today?: string): IdNumberResult {
  const fail = (problem: IdNumberProblem): IdNumberResult => ({ ok: false, problem, input });
  const s = cleanIdNumber(input ?? '');
  if (!s) return fail('empty');
  let id: string;
  let upgraded = false;
  if (s.length === 15) {
    if (!/^\d{15}$/.test(s)) return fail('bad_characters');
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    id = first17 + idCheckChar(first17);
    upgraded = true;
  } else if (s.length === 18) {
    if (!/^\d{17}[\dX]$/.test(s)) return fail('bad_characters');
    id = s;
  } else {
    return fail('bad_length');
  }
  const address = id.slice(0, 6);
  if (!/^[1-9]\d{5}$/.test(address)) return fail('bad_address');
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d)) return fail('bad_birth_date');
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (today && birthDate > today) return fail('future_birth_date');
  if (!upgraded && idCheckChar(id.slice(0, 17)) !== id[17]) return fail('bad_check_digit');
  const sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: { idNumber: id, addressCode: address, birthDate, sex, upgraded } };
}

export function isValidIdNumber(input: string, today?: string): boolean {
  return parseIdNumber(input, today).ok;
}

/** Build a valid 18-digit number (used by the demo generator). `sequence` is 0–999; its parity is forced by sex. */
export function makeIdNumber(addressCode: string, birthDate: string, sequence: number, sex: 'male' | 'female'): string {
  if (!/^[1-9]\d{5}$/.test(addressCode))
    throw new Error(`地址码应为6位数字 / address code must be 6 digits: "${addressCode}"`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m || Number(m[1]) < 1900 || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new Error(`出生日期无效 / invalid birth date: "${birthDate}"`);
  }
  let seq = Math.max(0, Math.min(999, Math.trunc(sequence)));
  const wantOdd = sex === 'male';
  if ((seq % 2 === 1) !== wantOdd) seq = seq === 999 ? 998 : seq + 1;
  if ((seq % 2 === 1) !== wantOdd) seq -= 2;
  const first17 = `${addressCode}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/**
 * Mask for lists, exports and public notices: keep the first 3 and last 2 characters. The last 4 that were
 * shown before are the whole sequence and check digit, so with the birth date and the county the number could be
 * rebuilt without the audited unmask; with 2 (and only the birth year, `maskBirthDate`), about 3,000 numbers fit.
 */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 5)}${id.slice(-2)}`;
}

/** Mask a birth date to its year (1958-**-**): the full date would narrow a masked ID number to one. */
export function maskBirthDate(date: string | null | undefined): string | null {
  if (!date) return date ?? null;
  return `${date.slice(0, 4)}-**-**`;
}

/** Mask a phone number: 138****5678. Short numbers keep only their last 4 digits, so something is always hidden. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  if (phone.length <= 4) return '*'.repeat(phone.length);
  if (phone.length < 11) return '*'.repeat(phone.length - 4) + phone.slice(-4);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Mask a name for a public notice: 张三 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Age in whole years on a date (YYYY-MM-DD strings compare correctly as text). */
export function ageOn(birthDate: string, on: string): number {
  const by = Number(birthDate.slice(0, 4));
  const oy = Number(on.slice(0, 4));
  const hadBirthday = on.slice(5) >= birthDate.slice(5);
  return oy - by - (hadBirthday ? 0 : 1);
}
