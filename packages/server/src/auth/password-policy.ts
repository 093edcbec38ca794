import type { ErrorIssue } from '@dixian/core';
import zxcvbnCore from '@zxcvbn-ts/core';
import zxcvbnCommon from '@zxcvbn-ts/language-common';

/**
 * The password policy (issue 4 §3; 等保 baseline): at least 10 characters, at least three of the four
 * character classes, not a well-known password, not built from the username, and hard to guess by zxcvbn's
 * estimate (score 3: about 10^8 guesses), which sees through l33t spellings, keyboard walks and appended years
 * (`P@ssw0rd2024` and `Qwerty@2024` passed the class rules; issue 12 §9).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Passwords that pass the length and class rules yet top leaked-password lists (and their Chinese favourites:
 * keyboard walks, 1314 "一生一世", 5201314 "我爱你一生一世"). Compared case-insensitively.
 */
const COMMON = new Set(
  [
    'password123!',
    'password@123',
    'password1234',
    'passw0rd123',
    'p@ssw0rd123',
    'p@ssword123',
    'p@55w0rd123',
    'qwerty123!',
    'qwerty@123',
    'qwer1234!@#$',
    'qwe123!@#qwe',
    'qweasdzxc123',
    'qazwsx123!',
    '1qaz@wsx3edc',
    '1qaz2wsx3edc',
    '1q2w3e4r5t!',
    '1q2w3e4r5t6y',
    'zaq1@wsx3edc',
    'abc@123456',
    'abc123456!',
    'abcd@123456',
    'abcd1234!@#$',
    'aa123456789',
    'aa@123456789',
    'aa123456789.',
    'admin@12345',
    'admin123456!',
    'admin@123456',
    'administrator1',
    'welcome123!',
    'welcome@123',
    'iloveyou123!',
    'woaini1314!',
    'woaini@1314',
    'woaini5201314',
    'a5201314a',
    'zxcvbnm123!',
    'zxcvbnm@123',
    'asdfghjkl123',
    'changeme123!',
    'letmein123!',
    'test@123456',
    'test123456!',
    'root@123456',
    'huawei@123',
    'huawei12#$',
    'sunshine123!',
    'dixian@2024',
    'dixian@123456',
    'dixian123456!',
  ].map((p) => p.toLowerCase()),
);

/** Words of this system a password must not lean on, besides the username. */
const OWN_WORDS = ['dixian', 'diXian', 'linjiang', 'fanpin', 'jiance', 'bangfu'];
/** zxcvbn's score from 0 to 4; 3 is "safely unguessable" against an online attacker and slow hashes. */
export const PASSWORD_MIN_SCORE = 3;

const strength = new zxcvbnCore.ZxcvbnFactory({
  dictionary: { ...zxcvbnCommon.dictionary },
  graphs: zxcvbnCommon.adjacencyGraphs,
});

function classes(password: string): number {
  let n = 0;
  if (/[a-z]/.test(password)) n++;
  if (/[A-Z]/.test(password)) n++;
  if (/\d/.test(password)) n++;
  if (/[^A-Za-z0-9]/.test(password)) n++;
  return n;
}

/** Every way a password breaks the policy (empty when it is acceptable), each naming the field. */
export function passwordProblems(password: string, username: string, field = 'password'): ErrorIssue[] {
  const issues: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    issues.push(`密码至少${PASSWORD_MIN_LENGTH}位 / at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    issues.push(`密码最多${PASSWORD_MAX_LENGTH}位 / at most ${PASSWORD_MAX_LENGTH} characters`);
  }
  if (classes(password) < 3) {
    issues.push(
      '密码须包含大写字母、小写字母、数字、符号中的至少三类 / use at least three of: upper case, lower case, digits, symbols',
    );
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) issues.push('密码过于常见 / this password is too common');
  else if (
    password.length <= PASSWORD_MAX_LENGTH &&
    strength.check(password, [username, ...OWN_WORDS]).score < PASSWORD_MIN_SCORE
  ) {
    issues.push(
      '密码容易被猜中（常见单词、键盘连续按键或年份等），请换一个 / the password is easy to guess (a common word, a keyboard walk, a year …)',
    );
  }
  const user = username.trim().toLowerCase();
  if (user.length >= 3 && (lower.includes(user) || lower.includes([...user].reverse().join('')))) {
    issues.push('密码不能包含用户名 / the password must not contain the username');
  }
  return issues.map((message) => ({ path: field, message }));
}

/** The demo accounts' password, published in the README: fine for a demo, nobody's in production. */
export const DEMO_PASSWORD = 'Demo#Linjiang2024';

/** In production, a published password is refused wherever one is set (the demo seed sets it otherwise). */
export function publishedPasswordProblems(password: string, production: boolean, field = 'password'): ErrorIssue[] {
  if (!production || password !== DEMO_PASSWORD) return [];
  return [{ path: field, message: '这是公开的演示密码，正式环境不能使用 / this is the published demo password' }];
}

/** How many earlier passwords a new one must differ from, unless DIXIAN_PASSWORD_HISTORY says otherwise. */
export const PASSWORD_HISTORY = 5;

/** The hashes to keep after a change: the one being replaced and the most recent before it. */
export function passwordHistory(
  u: { passwordHash: string; previousPasswordHashes: string[] },
  keep = PASSWORD_HISTORY,
): string[] {
  return [u.passwordHash, ...u.previousPasswordHashes].slice(0, keep);
}
