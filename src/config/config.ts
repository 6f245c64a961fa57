/**
 * The only reader of process.env: the environment is parsed once, typed, and every bad variable is reported
 * together, so a misconfigured deployment fails at start with one clear message instead of one error per restart.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

export interface CovenantConfig {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; undefined selects the embedded database (PGlite in `dataDir`). */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  /** The address users reach the server at (links in e-mails; https means Secure cookies). */
  readonly publicUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Whether the scheduler sweep runs inside this process. */
  readonly runSweep: boolean;
  /** SMTP server for outgoing e-mail (`smtp://user:pass@host:587`, `smtps://...`); undefined: e-mail waits in the outbox. */
  readonly smtpUrl: string | undefined;
  /** The From header of outgoing e-mail. */
  readonly mailFrom: string;
  /** E-mail intake's limits (docs/mail.md#limits): bytes, and messages a minute from one sender. */
  readonly mailIntake: {
    readonly maxMessageBytes: number;
    readonly maxAttachmentBytes: number;
    readonly maxAttachmentBytesPerMessage: number;
    readonly senderMessagesPerMinute: number;
  };
  /**
   * Messages of one mailbox taken in at the same time, each in its own transaction (docs/mail.md#throughput). Four
   * measured best on two cores; more only queue on the processor and the audit chain's lock.
   */
  readonly mailIntakeConcurrency: number;
  /** How long a claimed outbox message is left to its sender before another instance may retry it. */
  readonly outboxLeaseMs: number;
  /** For CLI commands that can go through a running server's API instead of the database (`covenant report`). */
  readonly cliServerUrl: string | undefined;
  /** The API token those commands send (COVENANT_TOKEN). */
  readonly cliToken: string | undefined;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or `loopback`, `linklocal`,
   * `uniquelocal`); empty: the client address is the connecting peer's. Sign-in throttling counts by client address.
   */
  readonly trustProxy: readonly string[];
  /**
   * Internal hosts webhooks may still reach (COVENANT_WEBHOOK_ALLOW_HOSTS): host names, IP addresses and CIDR ranges
   * of receivers on the premises; every other loopback, private or internal address is refused (decision 0034).
   */
  readonly webhookAllowHosts: readonly string[];
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`); null when the text is neither (a name, say). */
function isAddressOrRange(item: string): boolean | null {
  const [address = '', prefix, ...rest] = item.split('/');
  const version = isIP(address);
  if (version === 0) return null;
  if (rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/** An address, a CIDR range or one of proxy-addr's names. */
function isProxyAddress(item: string): boolean {
  return PROXY_NAMES.has(item) || isAddressOrRange(item) === true;
}

/** A host name, an IP address or a CIDR range (checked again, the same way, by src/notify/webhook-destination-policy). */
function isAllowHostEntry(entry: string): boolean {
  const item = entry.replace(/^\[(.*)\]$/, '$1');
  return (
    isAddressOrRange(item) ?? /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(item)
  );
}

/** A size in MiB (decimals allowed), up to 1 GiB. */
function megabytes(defaultValue: number) {
  return z.coerce
    .number({ error: 'must be a size in MiB, e.g. 25' })
    .positive('must be more than 0')
    .max(1024, 'must be at most 1024 (MiB)')
    .default(defaultValue);
}

const environmentSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL such as postgres://user@host:5432/database')
    .optional(),
  COVENANT_DATA_DIR: z.string().min(1, 'must not be empty').default('.covenant'),
  COVENANT_ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  COVENANT_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters long').optional(),
  COVENANT_PUBLIC_URL: z.url('must be a URL such as https://sla.example.com').optional(),
  COVENANT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COVENANT_SWEEP: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
  COVENANT_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]+/, 'must be an SMTP URL such as smtp://user:password@mail.example.com:587')
    .optional(),
  COVENANT_OUTBOX_LEASE_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(3600, 'must be at most 3600 seconds')
    .default(120),
  COVENANT_MAIL_MAX_MESSAGE_MB: megabytes(25),
  COVENANT_MAIL_MAX_ATTACHMENT_MB: megabytes(10),
  COVENANT_MAIL_MAX_ATTACHMENTS_MB: megabytes(25),
  COVENANT_MAIL_SENDER_LIMIT: z.coerce
    .number({ error: 'must be a number of messages a minute' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .default(20),
  COVENANT_MAIL_INTAKE_CONCURRENCY: z.coerce
    .number({ error: 'must be a number of messages' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(32, 'must be at most 32')
    .default(4),
  COVENANT_MAIL_FROM: z.string().min(3, 'must be an address such as "Covenant <sla@provider.example>"').optional(),
  COVENANT_URL: z.url('must be the URL of a running Covenant server, e.g. http://127.0.0.1:3000').optional(),
  COVENANT_TOKEN: z.string().min(8, 'must be an API token (cov_...)').optional(),
  COVENANT_TRUST_PROXY: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .refine(
      (items) => items.every(isProxyAddress),
      'must be a comma-separated list of proxy addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8 (or loopback)',
    )
    .optional(),
  COVENANT_WEBHOOK_ALLOW_HOSTS: z
    .string()
    .transform((list) => list.split(/[\s,]+/).filter((entry) => entry !== ''))
    .refine(
      (entries) => entries.every(isAllowHostEntry),
      'must list host names, IP addresses or CIDR ranges separated by commas, e.g. hooks.corp.example,10.20.0.0/16',
    )
    .default([]),
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Parses the environment (process.env by default); throws ConfigError listing every bad variable. */
export function loadConfig(
  environment: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): CovenantConfig {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name}=${JSON.stringify(environment[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: resolve(cwd, env.COVENANT_DATA_DIR),
    adminEmail: env.COVENANT_ADMIN_EMAIL,
    adminPassword: env.COVENANT_ADMIN_PASSWORD,
    publicUrl: env.COVENANT_PUBLIC_URL,
    logLevel: env.COVENANT_LOG_LEVEL,
    runSweep: env.COVENANT_SWEEP === 'on',
    smtpUrl: env.COVENANT_SMTP_URL,
    mailFrom: env.COVENANT_MAIL_FROM ?? 'Covenant <covenant@localhost>',
    mailIntake: {
      maxMessageBytes: Math.round(env.COVENANT_MAIL_MAX_MESSAGE_MB * 1024 * 1024),
      maxAttachmentBytes: Math.round(env.COVENANT_MAIL_MAX_ATTACHMENT_MB * 1024 * 1024),
      maxAttachmentBytesPerMessage: Math.round(env.COVENANT_MAIL_MAX_ATTACHMENTS_MB * 1024 * 1024),
      senderMessagesPerMinute: env.COVENANT_MAIL_SENDER_LIMIT,
    },
    mailIntakeConcurrency: env.COVENANT_MAIL_INTAKE_CONCURRENCY,
    outboxLeaseMs: env.COVENANT_OUTBOX_LEASE_SECONDS * 1000,
    cliServerUrl: env.COVENANT_URL,
    cliToken: env.COVENANT_TOKEN,
    trustProxy: env.COVENANT_TRUST_PROXY ?? [],
    webhookAllowHosts: env.COVENANT_WEBHOOK_ALLOW_HOSTS,
  };
}
