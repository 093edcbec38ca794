import path from 'node:path';
import { Role } from '@dixian/core';
import { z } from 'zod';

/**
 * Environment, parsed once at start-up. Every problem is listed at once and the process exits non-zero,
 * rather than failing later on first use.
 */
const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DIXIAN_DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Visit photos (issue 18), outside the web root; default `<data dir>-photos` beside the data directory (the data
   * directory is PGlite's own database directory, which its backup copies whole).
   */
  DIXIAN_PHOTO_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DIXIAN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secure cookies only when served behind HTTPS (a reverse proxy); see docs/ARCHITECTURE.md. */
  DIXIAN_SECURE_COOKIES: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  DIXIAN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  DIXIAN_DEMO_COUNTY: z
    .string()
    .regex(/^\d{6}$/)
    .default('220681'),
  DIXIAN_DEMO_HOUSEHOLDS: z.coerce.number().int().min(0).default(20000),
  DIXIAN_DEMO_SEED: z.coerce.number().int().default(42),
  /** Public self-applications per address per hour (status look-ups: five times as many). */
  DIXIAN_PUBLIC_APPLICATIONS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** Largest department file accepted by POST /api/feeds, in MiB (other requests: 1 MiB). */
  DIXIAN_FEED_MAX_MB: z.coerce.number().int().min(1).max(4096).default(200),
  /**
   * Sign-in attempts per address per minute. A township office or a county bureau behind one address may need
   * more; the lockout of an account after five failures (auth) applies whatever this is.
   */
  DIXIAN_LOGINS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /**
   * Seconds a client has to send a whole request, body included; a slower one is cut off, so slow connections
   * cannot pile up. The largest department file must arrive within it.
   */
  DIXIAN_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Where `dixian backup` and the scheduled backup write (issue 21 §1). */
  DIXIAN_BACKUP_DIR: z.string().min(1).default('./backups'),
  /** Hours between scheduled backups in the server process; 0: none (the RPO is this interval). */
  DIXIAN_BACKUP_HOURS: z.coerce.number().min(0).default(0),
  /** How many backups to keep in each backup directory; 0: all. */
  DIXIAN_BACKUP_KEEP: z.coerce.number().int().min(0).default(14),
  /** A second directory (e.g. a mounted remote) each verified backup is copied to. */
  DIXIAN_BACKUP_COPY_DIR: z.string().min(1).optional(),
  /** Where the signed audit anchors go (issue 21 §4); default: audit-anchors in the backup directory. */
  DIXIAN_AUDIT_ANCHOR_DIR: z.string().min(1).optional(),
  /**
   * The anchors' Ed25519 signing key (PEM), made on first use; default: audit-anchor.pem in `<data dir>-keys`, beside
   * the data directory and never inside it (a PGlite backup copies the data directory).
   */
  DIXIAN_AUDIT_ANCHOR_KEY: z.string().min(1).optional(),
  /**
   * Areas of at least this many households (county or larger) read the daily rollups on the dashboard, the deadlines
   * and the visits due (issue 19 §1), saying when they were made; smaller areas are judged live on every request.
   */
  DIXIAN_ROLLUP_MIN_HOUSEHOLDS: z.coerce.number().int().min(0).default(50_000),
  /** Days an uncommitted register-import preview (and its staged personal data) is kept before it is discarded. */
  DIXIAN_IMPORT_PREVIEW_DAYS: z.coerce.number().int().min(1).default(7),
  /** Minutes between anchors of the audit chains' heads; 0: none (then a lost tail is not detected). */
  DIXIAN_AUDIT_ANCHOR_MINUTES: z.coerce.number().min(0).default(60),
  /**
   * The key (32 bytes, base64) that seals second-factor secrets at rest. Without it the server creates
   * `secret.key` in `<data dir>-keys` on first use (mode 0600): outside the database and its backups, so keep a
   * copy of it apart (a restore elsewhere needs the same key, or every second factor is reset).
   */
  DIXIAN_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64')
    .optional(),
  /**
   * The cipher new field keys seal ID numbers, phones and diagnoses with (issue 21 §3): `sm4` (国密 SM4 with
   * HMAC-SM3) or `aes-256-gcm` where 国密 is not required. Values sealed before keep their own key's cipher.
   */
  DIXIAN_FIELD_CIPHER: z.enum(['sm4', 'aes-256-gcm']).default('sm4'),
  /** The field key file; default `field-keys.json` in `<data dir>-keys`, created on first start (mode 0600). */
  DIXIAN_FIELD_KEYS_FILE: z.string().min(1).optional(),
  /** The field key file's JSON in base64, for containers that pass secrets in the environment. */
  DIXIAN_FIELD_KEYS: z.string().min(1).optional(),
  /**
   * Roles that must sign in with a second factor (issue 21 §2), comma-separated, or `none`. Someone of these
   * roles without one enrols during the sign-in itself, before any session is opened.
   */
  DIXIAN_TOTP_REQUIRED_ROLES: z
    .string()
    .default('county_admin,inspector')
    .transform((v) =>
      v.trim() === 'none'
        ? []
        : v
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(Role.values))),
  /** Live sessions one account may hold; a new sign-in ends the oldest beyond it. 0: no limit. */
  DIXIAN_MAX_SESSIONS: z.coerce.number().int().min(0).default(3),
  /** Days a password is good for; after that the next sign-in must change it first. 0: never expires. */
  DIXIAN_PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).default(90),
  /** How many earlier passwords a new one must differ from (the current one always counts). */
  DIXIAN_PASSWORD_HISTORY: z.coerce.number().int().min(0).max(24).default(5),
  /** Days without a sign-in after which an account is disabled (at its next sign-in, and by the daily job). 0: never. */
  DIXIAN_ACCOUNT_INACTIVE_DAYS: z.coerce.number().int().min(0).default(90),
  /**
   * Reminders by e-mail (issue 15 §4): an SMTP URL for nodemailer (`smtp://user:pass@host:25`,
   * `smtps://…:465`) and the sender; without it reminders stay in-app (and go to the webhook when set).
   */
  DIXIAN_SMTP_URL: z.string().url().optional(),
  DIXIAN_MAIL_FROM: z.string().min(3).default('dixian@localhost'),
  /**
   * Reminders to a webhook: each message is POSTed as JSON here (an SMS gateway or 政务微信 bridge plugs in);
   * with a secret the body is signed, HMAC-SHA256 in hex, in the `X-Dixian-Signature: sha256=…` header.
   */
  DIXIAN_WEBHOOK_URL: z.string().url().optional(),
  DIXIAN_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Attempts before an e-mail or webhook delivery is given up (recorded as failed). */
  DIXIAN_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
});

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  /** visit photos, sealed at rest, named by their ids */
  photoDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof EnvSchema>['DIXIAN_LOG_LEVEL'];
  secureCookies: boolean;
  sessionIdleMinutes: number;
  demoCounty: string;
  demoHouseholds: number;
  demoSeed: number;
  publicApplicationsPerHour: number;
  /** largest department file accepted by POST /api/feeds, in bytes */
  feedMaxBytes: number;
  /** sign-in attempts per address per minute */
  loginsPerMinute: number;
  /** milliseconds a client has to send a whole request */
  requestTimeoutMs: number;
  backupDir: string;
  /** hours between scheduled backups; 0: none */
  backupHours: number;
  backupKeep: number;
  backupCopyDir: string | undefined;
  auditAnchorDir: string;
  auditAnchorKeyFile: string;
  /** days an uncommitted register-import preview is kept */
  importPreviewDays: number;
  /** areas of at least this many households read the daily rollups */
  rollupMinHouseholds: number;
  /** minutes between audit anchors; 0: none */
  auditAnchorMinutes: number;
  /** second-factor secrets' key from DIXIAN_SECRET_KEY; undefined: `secret.key` in `<data dir>-keys` */
  secretKey: Buffer | undefined;
  /** the cipher of new field keys */
  fieldCipher: 'sm4' | 'aes-256-gcm';
  /** the field key file (undefined: `field-keys.json` in `<data dir>-keys`) */
  fieldKeysFile: string | undefined;
  /** the field key file's content in base64, from the environment */
  fieldKeys: string | undefined;
  /** roles that must sign in with a second factor */
  totpRequiredRoles: readonly Role[];
  /** live sessions per account; 0: no limit */
  maxSessions: number;
  /** days a password is good for; 0: never expires */
  passwordMaxAgeDays: number;
  /** earlier passwords a new one must differ from */
  passwordHistory: number;
  /** days without a sign-in before an account is disabled; 0: never */
  accountInactiveDays: number;
  /** reminder e-mails through this SMTP URL; undefined: no e-mail */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** reminder webhook; undefined: none */
  webhookUrl: string | undefined;
  /** the webhook body's HMAC-SHA256 key; undefined: unsigned */
  webhookSecret: string | undefined;
  /** delivery attempts before an outbox entry is failed */
  deliveryMaxAttempts: number;
  /** NODE_ENV=production: the published demo password may be nobody's (issue 12 §9) */
  production: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty DATABASE_URL means "not set" (common in shell scripts and CI matrices).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment variables / 环境变量无效:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DIXIAN_DATA_DIR),
    photoDir: path.resolve(e.DIXIAN_PHOTO_DIR ?? `${path.resolve(e.DIXIAN_DATA_DIR)}-photos`),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.DIXIAN_LOG_LEVEL,
    secureCookies: e.DIXIAN_SECURE_COOKIES,
    sessionIdleMinutes: e.DIXIAN_SESSION_IDLE_MINUTES,
    demoCounty: e.DIXIAN_DEMO_COUNTY,
    demoHouseholds: e.DIXIAN_DEMO_HOUSEHOLDS,
    demoSeed: e.DIXIAN_DEMO_SEED,
    publicApplicationsPerHour: e.DIXIAN_PUBLIC_APPLICATIONS_PER_HOUR,
    feedMaxBytes: e.DIXIAN_FEED_MAX_MB * 1024 * 1024,
    loginsPerMinute: e.DIXIAN_LOGINS_PER_MINUTE,
    requestTimeoutMs: e.DIXIAN_REQUEST_TIMEOUT_SECONDS * 1000,
    backupDir: path.resolve(e.DIXIAN_BACKUP_DIR),
    backupHours: e.DIXIAN_BACKUP_HOURS,
    backupKeep: e.DIXIAN_BACKUP_KEEP,
    backupCopyDir: e.DIXIAN_BACKUP_COPY_DIR ? path.resolve(e.DIXIAN_BACKUP_COPY_DIR) : undefined,
    auditAnchorDir: path.resolve(e.DIXIAN_AUDIT_ANCHOR_DIR ?? path.join(e.DIXIAN_BACKUP_DIR, 'audit-anchors')),
    auditAnchorKeyFile: path.resolve(
      e.DIXIAN_AUDIT_ANCHOR_KEY ?? path.join(`${path.resolve(e.DIXIAN_DATA_DIR)}-keys`, 'audit-anchor.pem'),
    ),
    auditAnchorMinutes: e.DIXIAN_AUDIT_ANCHOR_MINUTES,
    importPreviewDays: e.DIXIAN_IMPORT_PREVIEW_DAYS,
    rollupMinHouseholds: e.DIXIAN_ROLLUP_MIN_HOUSEHOLDS,
    secretKey: e.DIXIAN_SECRET_KEY ? Buffer.from(e.DIXIAN_SECRET_KEY, 'base64') : undefined,
    fieldCipher: e.DIXIAN_FIELD_CIPHER,
    fieldKeysFile: e.DIXIAN_FIELD_KEYS_FILE ? path.resolve(e.DIXIAN_FIELD_KEYS_FILE) : undefined,
    fieldKeys: e.DIXIAN_FIELD_KEYS,
    totpRequiredRoles: e.DIXIAN_TOTP_REQUIRED_ROLES,
    maxSessions: e.DIXIAN_MAX_SESSIONS,
    passwordMaxAgeDays: e.DIXIAN_PASSWORD_MAX_AGE_DAYS,
    passwordHistory: e.DIXIAN_PASSWORD_HISTORY,
    accountInactiveDays: e.DIXIAN_ACCOUNT_INACTIVE_DAYS,
    smtpUrl: e.DIXIAN_SMTP_URL,
    mailFrom: e.DIXIAN_MAIL_FROM,
    webhookUrl: e.DIXIAN_WEBHOOK_URL,
    webhookSecret: e.DIXIAN_WEBHOOK_SECRET,
    deliveryMaxAttempts: e.DIXIAN_DELIVERY_MAX_ATTEMPTS,
    production: env.NODE_ENV === 'production',
  });
}
