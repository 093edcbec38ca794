import path from 'node:path';
import { ACTION_ROLES, Role, type Label } from '@dixian/core';
import { chainHeads, latestAnchor, checkAnchor } from '../audit/anchor.js';
import { verifyAuditChains } from '../audit/audit-verify.js';
import type { PasswordHasher } from '../auth/password.js';
import { PASSWORD_MIN_LENGTH } from '../auth/password-policy.js';
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from '../services/auth.service.js';
import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';
import { demoAccountsWithDemoPassword } from '../seed/demo-users.js';
import { activeFieldKeys } from './field-keys.js';
import { tokensByKey } from './reseal.js';

/**
 * `dixian security check` (issue 21 §6): each application-layer control of 等保 2.0 level 3, how this installation
 * meets it, and what the operator still has to do. A finding is `ok` (met here), `fail` (a setting or state that
 * breaks the control: the check exits 1), `warn` (met only in part; said plainly) or `operator` (outside the
 * application: HTTPS, time, off-site copies).
 */
export type FindingStatus = 'ok' | 'fail' | 'warn' | 'operator';

export interface Finding {
  control: Label;
  status: FindingStatus;
  detail: Label;
}

const C = {
  identification: { zh: '身份鉴别', en: 'Identification and authentication' },
  access: { zh: '访问控制', en: 'Access control' },
  audit: { zh: '安全审计', en: 'Security audit' },
  integrity: { zh: '数据完整性', en: 'Data integrity' },
  confidentiality: { zh: '数据保密性', en: 'Data confidentiality' },
  backup: { zh: '数据备份恢复', en: 'Backup and recovery' },
  residual: { zh: '剩余信息保护', en: 'Residual information' },
  personal: { zh: '个人信息保护', en: 'Personal information' },
} as const;

/** A role in words, with the code an operator writes in the setting. */
const zhRole = (r: Role) => `${Role.labels[r].zh}(${r})`;

const f = (control: Label, status: FindingStatus, zh: string, en: string): Finding => ({
  control,
  status,
  detail: { zh, en },
});

async function identification(store: Store, config: Config, hasher: PasswordHasher | undefined): Promise<Finding[]> {
  const out: Finding[] = [
    f(
      C.identification,
      'ok',
      `口令至少${PASSWORD_MIN_LENGTH}位且须足够复杂,不得重复最近${config.passwordHistory}个;连续失败${LOCKOUT_THRESHOLD}次锁定${LOCKOUT_MINUTES}分钟`,
      `passwords of ${PASSWORD_MIN_LENGTH}+ characters and enough strength, none of the last ${config.passwordHistory} again; ${LOCKOUT_THRESHOLD} failures lock for ${LOCKOUT_MINUTES} minutes`,
    ),
    config.sessionIdleMinutes <= 30
      ? f(
          C.identification,
          'ok',
          `会话空闲${config.sessionIdleMinutes}分钟后失效`,
          `sessions end after ${config.sessionIdleMinutes} idle minutes`,
        )
      : f(
          C.identification,
          'fail',
          `会话空闲超时${config.sessionIdleMinutes}分钟过长:DIXIAN_SESSION_IDLE_MINUTES 应不超过30`,
          `idle timeout of ${config.sessionIdleMinutes} minutes is too long: set DIXIAN_SESSION_IDLE_MINUTES to 30 or less`,
        ),
  ];
  out.push(...secondFactor(config));
  if (!config.production) {
    out.push(
      f(
        C.identification,
        'fail',
        '未以生产模式运行:设置 NODE_ENV=production(生产模式拒绝演示口令)',
        'not running in production mode: set NODE_ENV=production (which refuses the demo password)',
      ),
    );
  }
  const exposed = hasher ? await demoAccountsWithDemoPassword(store, hasher) : [];
  if (exposed.length) {
    out.push(
      f(
        C.identification,
        'fail',
        `演示账号仍使用公开口令:${exposed.join('、')};请停用或改密`,
        `demo accounts still use the published password: ${exposed.join(', ')}; disable them or change it`,
      ),
    );
  }
  return out;
}

/** The second factor for the roles that must have one, and the account rules (issue 21 §2, §5). */
function secondFactor(config: Config): Finding[] {
  const required = ['county_admin', 'inspector'] as const;
  const missing = required.filter((r) => !config.totpRequiredRoles.includes(r));
  const rules = config.maxSessions > 0 && config.passwordMaxAgeDays > 0 && config.accountInactiveDays > 0;
  return [
    missing.length
      ? f(
          C.identification,
          'fail',
          `县级管理员和纪检督查须使用双因素登录:DIXIAN_TOTP_REQUIRED_ROLES 缺少 ${missing.map(zhRole).join('、')}`,
          `county administrators and inspectors must sign in with a second factor: DIXIAN_TOTP_REQUIRED_ROLES lacks ${missing.join(', ')}`,
        )
      : f(
          C.identification,
          'ok',
          `双因素(口令+动态验证码)登录:${config.totpRequiredRoles.map((r) => Role.labels[r].zh).join('、')}`,
          `two factors (password and one-time code) for ${config.totpRequiredRoles.join(', ')}`,
        ),
    rules
      ? f(
          C.identification,
          'ok',
          `每账号最多${config.maxSessions}个会话;口令${config.passwordMaxAgeDays}天到期;${config.accountInactiveDays}天未登录的账号停用`,
          `at most ${config.maxSessions} sessions an account; passwords expire after ${config.passwordMaxAgeDays} days; accounts unused for ${config.accountInactiveDays} days are disabled`,
        )
      : f(
          C.identification,
          'fail',
          '会话数、口令有效期或闲置账号停用未开启:设置 DIXIAN_MAX_SESSIONS、DIXIAN_PASSWORD_MAX_AGE_DAYS、DIXIAN_ACCOUNT_INACTIVE_DAYS',
          'a session limit, password expiry or disabling unused accounts is off: set DIXIAN_MAX_SESSIONS, DIXIAN_PASSWORD_MAX_AGE_DAYS, DIXIAN_ACCOUNT_INACTIVE_DAYS',
        ),
    config.secretKey
      ? f(
          C.confidentiality,
          'ok',
          '二次验证密钥以 DIXIAN_SECRET_KEY 加密保存',
          'second-factor secrets sealed under DIXIAN_SECRET_KEY',
        )
      : f(
          C.confidentiality,
          'warn',
          '二次验证密钥的加密密钥保存在数据目录旁的文件中:生产环境宜由 DIXIAN_SECRET_KEY 提供并另行保管',
          'the key sealing second-factor secrets is a file beside the data directory: in production give it as DIXIAN_SECRET_KEY and keep it apart',
        ),
  ];
}

function accessControl(): Finding[] {
  const admins = new Set<string>(ACTION_ROLES['user.admin']);
  const both = ACTION_ROLES['audit.read'].filter((r) => admins.has(r));
  return [
    f(
      C.access,
      'ok',
      '按角色授权,按辖区(县、乡、村)过滤每个请求;拒绝的访问记入审计',
      "rights by role, every request kept to the user's area (county, township, village); refusals are audited",
    ),
    both.length
      ? f(
          C.access,
          'fail',
          `三员未分立:${both.map((r) => Role.labels[r].zh).join('、')} 既管理用户又查阅审计`,
          `roles both administer users and read the audit: ${both.join(', ')}`,
        )
      : f(
          C.access,
          'ok',
          '三员分立:管理用户的角色不能查阅审计日志',
          'separation of duties: who administers users cannot read the audit log',
        ),
  ];
}

async function audit(store: Store, config: Config): Promise<Finding[]> {
  const guarded = await store.transaction((tx) =>
    tx.client.query<{ n: string | number }>(
      `select count(*) as n from pg_trigger where tgrelid = 'audit_log'::regclass and tgenabled <> 'D'
         and tgname in ('audit_log_no_update', 'audit_log_retention', 'audit_log_no_truncate')`,
    ),
  );
  const out: Finding[] = [
    Number(guarded.rows[0]?.n) === 3
      ? f(
          C.audit,
          'ok',
          '审计记录不可修改、180天内不可删除;登录失败、越权访问和导出均记录',
          'audit records cannot be changed or deleted within 180 days; failed sign-ins, refusals and exports are logged',
        )
      : f(
          C.audit,
          'fail',
          '审计日志的保护触发器缺失或被停用',
          "the audit log's guard triggers are missing or disabled",
        ),
  ];
  if (config.auditAnchorMinutes <= 0) {
    out.push(
      f(
        C.audit,
        'fail',
        '未开启外部锚定:设置 DIXIAN_AUDIT_ANCHOR_MINUTES(如60)',
        'no anchoring outside the database: set DIXIAN_AUDIT_ANCHOR_MINUTES (e.g. 60)',
      ),
    );
    return out;
  }
  const anchor = await checkAnchor(store, config.auditAnchorDir, config.auditAnchorKeyFile);
  if (anchor && !anchor.ok) {
    out.push(
      f(
        C.audit,
        'fail',
        `审计记录在锚定后被删除或锚定被伪造(${anchor.at})`,
        `audit records deleted after the anchor, or the anchor forged (${anchor.at})`,
      ),
    );
  } else {
    out.push(
      f(
        C.audit,
        'ok',
        `每${config.auditAnchorMinutes}分钟将链头签名写到 ${config.auditAnchorDir}`,
        `chain heads signed to ${config.auditAnchorDir} every ${config.auditAnchorMinutes} minutes`,
      ),
    );
  }
  return out;
}

async function integrity(store: Store, config: Config): Promise<Finding[]> {
  const r = await verifyAuditChains(store);
  const heads = await chainHeads(store);
  return [
    r.ok
      ? f(C.integrity, 'ok', `审计哈希链完整(${heads.length}条链)`, `audit hash chains intact (${heads.length} chains)`)
      : f(
          C.integrity,
          'fail',
          '审计哈希链已损坏:运行 dixian audit verify 查看',
          'an audit hash chain is broken: run dixian audit verify',
        ),
    f(
      C.integrity,
      'ok',
      '备份带校验和,写入后校验并试恢复',
      'backups carry a checksum, verified and test-restored when written',
    ),
    latestAnchor(config.auditAnchorDir) || config.auditAnchorMinutes <= 0
      ? f(C.integrity, 'operator', '锚定目录应挂载到另一台机器', 'mount the anchor directory from another machine')
      : f(
          C.integrity,
          'operator',
          '尚无锚定文件:服务运行后按计划生成',
          'no anchor yet: the serving process writes them on schedule',
        ),
  ];
}

function confidentiality(config: Config): Finding[] {
  return [
    config.secureCookies
      ? f(
          C.confidentiality,
          'ok',
          '会话Cookie仅经HTTPS发送(Secure、HttpOnly、SameSite)',
          'session cookies only over HTTPS (Secure, HttpOnly, SameSite)',
        )
      : f(
          C.confidentiality,
          'fail',
          '会话Cookie未设Secure:在HTTPS反向代理后设置 DIXIAN_SECURE_COOKIES=true',
          'session cookies are not Secure: behind the HTTPS proxy set DIXIAN_SECURE_COOKIES=true',
        ),
    f(
      C.confidentiality,
      'operator',
      '由反向代理提供HTTPS(TLS 1.2及以上,国密可选)',
      'HTTPS (TLS 1.2 or later, 国密 optional) from the reverse proxy',
    ),
  ];
}

/** The sealed fields (issue 21 §3): every value sealed, with keys this installation holds, kept apart. */
async function fieldSealing(store: Store, config: Config): Promise<Finding[]> {
  const ring = activeFieldKeys();
  if (!ring) return [f(C.confidentiality, 'fail', '未载入敏感字段密钥', 'the field keys are not loaded')];
  const counts = await tokensByKey(store);
  const clear = counts.get('clear') ?? 0;
  const missing = [...counts.keys()].filter((k) => k !== 'clear' && !ring.keys.has(k));
  const cipher = ring.current.cipher === 'sm4' ? 'SM4(国密)' : 'AES-256-GCM';
  const out: Finding[] = [
    clear || missing.length
      ? f(
          C.confidentiality,
          'fail',
          clear
            ? `${clear} 个身份证号、电话或病情仍以明文保存:重启服务或运行 dixian migrate 加密`
            : `有以密钥 ${missing.join('、')} 加密的值,密钥文件中没有`,
          clear
            ? `${clear} ID numbers, phones or illnesses are stored in clear: restart or run dixian migrate to seal them`
            : `values are sealed with ${missing.join(', ')}, which the key file lacks`,
        )
      : f(
          C.confidentiality,
          'ok',
          `身份证号、电话、病情以 ${cipher} 加密保存,按身份证号检索与部门数据比对使用带密钥的盲索引`,
          `ID numbers, phones and illnesses sealed with ${ring.current.cipher}; search and feed matching use a keyed blind index`,
        ),
  ];
  if (ring.file && ring.file.startsWith(`${path.resolve(config.dataDir)}-keys`)) {
    out.push(
      f(
        C.confidentiality,
        config.production ? 'warn' : 'operator',
        `加密密钥保存在数据目录旁(${ring.file}):另行备份该文件,勿与数据备份放在一起`,
        `the field keys are a file beside the data directory (${ring.file}): back it up apart from the data backups`,
      ),
    );
  }
  return out;
}

function backup(config: Config): Finding[] {
  const out: Finding[] = [
    config.backupHours > 0
      ? f(
          C.backup,
          'ok',
          `每${config.backupHours}小时备份到 ${config.backupDir},保留${config.backupKeep}份`,
          `a backup every ${config.backupHours} hours to ${config.backupDir}, ${config.backupKeep} kept`,
        )
      : f(
          C.backup,
          'fail',
          '未开启定时备份:设置 DIXIAN_BACKUP_HOURS(如24)',
          'no scheduled backups: set DIXIAN_BACKUP_HOURS (e.g. 24)',
        ),
    config.backupCopyDir
      ? f(C.backup, 'ok', `每份备份复制到 ${config.backupCopyDir}`, `each backup copied to ${config.backupCopyDir}`)
      : f(
          C.backup,
          'fail',
          '备份没有第二份:设置 DIXIAN_BACKUP_COPY_DIR(异地挂载目录)',
          'no second copy of backups: set DIXIAN_BACKUP_COPY_DIR (a mounted off-site directory)',
        ),
    f(
      C.backup,
      'operator',
      '定期做恢复演练(dixian restore 到新目录),PostgreSQL 另配 WAL 归档',
      'drill restores regularly (dixian restore into a new directory); on PostgreSQL also archive WAL',
    ),
  ];
  return out;
}

function otherControls(): Finding[] {
  return [
    f(
      C.residual,
      'ok',
      '会话令牌只存哈希;导入文件在内存中解析,个人信息不落临时文件',
      'session tokens stored only as hashes; imported files parsed in memory, no personal data in temporary files',
    ),
    f(
      C.personal,
      'ok',
      '证件号、电话、病情默认遮蔽,查看明文须说明理由并记入审计',
      'ID numbers, phones and illnesses masked by default; clear values need a reason and are audited',
    ),
    f(
      C.personal,
      'operator',
      '服务器时间须与标准时间同步(NTP),审计时间才可信',
      'keep the server clock synchronised (NTP) so audit times can be trusted',
    ),
  ];
}

export async function securityCheck(store: Store, config: Config, hasher?: PasswordHasher): Promise<Finding[]> {
  return [
    ...(await identification(store, config, hasher)),
    ...accessControl(),
    ...(await audit(store, config)),
    ...(await integrity(store, config)),
    ...confidentiality(config),
    ...(await fieldSealing(store, config)),
    ...backup(config),
    ...otherControls(),
  ];
}

const MARK: Record<FindingStatus, string> = {
  ok: '满足 OK  ',
  fail: '不满足 FAIL',
  warn: '部分 WARN ',
  operator: '运维 OPS  ',
};

/** The findings as lines, failures first, for the terminal. */
export function formatFindings(findings: readonly Finding[]): string[] {
  const order: FindingStatus[] = ['fail', 'warn', 'operator', 'ok'];
  return [...findings]
    .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status))
    .map((x) => `[${MARK[x.status]}] ${x.control.zh}: ${x.detail.zh} / ${x.control.en}: ${x.detail.en}`);
}
