import { join } from 'node:path';

/**
 * Agora's configuration. The only module that reads process.env: everything else receives a frozen Config.
 * Every problem is collected and reported at once, so an operator fixes a bad environment in one go.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** A postgres:// URL, or a SQLite file path. */
  readonly databaseUrl: string;
  readonly dialect: 'sqlite' | 'postgres';
  /** PostgreSQL schema holding Agora's tables (DATABASE_SCHEMA), so one database can host several installs. */
  readonly databaseSchema: string;
  readonly redisUrl: string | null;
  /** Prefix of every Redis key and channel (REDIS_PREFIX), so several installs can share one Redis. */
  readonly redisPrefix: string;
  readonly publicUrl: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Load the demo site and stories into an empty store on start. */
  readonly seedDemo: boolean;
  readonly bodyLimitBytes: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits key on it): false (none, the
   * default: a client could otherwise claim any address), true (any: only behind a proxy that overwrites it), or
   * a comma list of proxy addresses/CIDRs, e.g. "127.0.0.1,10.0.0.0/8".
   */
  readonly trustProxy: boolean | string[];
  /** smtp:// or smtps:// URL; unset keeps mail in an in-memory outbox that logs recipients and subjects. */
  readonly smtpUrl: string | null;
  /** The From address of account emails. */
  readonly mailFrom: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super('Invalid configuration:\n  - ' + problems.join('\n  - '));
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };

  const port = int('PORT', 8080, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const databaseUrl = env.DATABASE_URL || join(cwd, 'data', 'agora.db');
  const dialect = /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgres' : 'sqlite';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) && dialect !== 'postgres' && !databaseUrl.startsWith('file://')) {
    problems.push(`DATABASE_URL must be a postgres:// URL or a SQLite file path, got "${databaseUrl}"`);
  }
  const databaseSchema = env.DATABASE_SCHEMA || 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) problems.push(`DATABASE_SCHEMA must be a lower-case SQL identifier, got "${databaseSchema}"`);
  const trustRaw = (env.TRUST_PROXY ?? '').trim();
  const trustProxy: boolean | string[] =
    trustRaw === '' || /^(0|false|no|off)$/i.test(trustRaw) ? false : /^(1|true|yes|on)$/i.test(trustRaw) ? true : trustRaw.split(',').map((p) => p.trim()).filter(Boolean);
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\//i.test(redisUrl)) problems.push(`REDIS_URL must be a redis:// URL, got "${redisUrl}"`);
  const redisPrefix = env.REDIS_PREFIX || 'agora:';
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(redisPrefix)) problems.push(`REDIS_PREFIX must be 1 to 64 letters, digits or _ : . -, got "${redisPrefix}"`);
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    problems.push(`PUBLIC_URL must be an absolute URL, got "${env.PUBLIC_URL}"`);
  }
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const mailFrom = env.MAIL_FROM || `Agora <no-reply@${safeHost(publicUrl)}>`;
  if (!/@/.test(mailFrom)) problems.push(`MAIL_FROM must contain an email address, got "${mailFrom}"`);
  const config: Config = {
    host,
    port,
    databaseUrl: databaseUrl.replace(/^file:\/\//, ''),
    dialect,
    databaseSchema,
    redisUrl,
    redisPrefix,
    publicUrl,
    logLevel,
    seedDemo: bool('AGORA_DEMO', true),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 64 * 1024, 1024, 64 * 1024 * 1024),
    trustProxy,
    smtpUrl,
    mailFrom,
  };
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'localhost';
  }
}

/** For entry points: the configuration, or every problem with it printed and exit code 2. */
export function loadConfigOrExit(overrides: Partial<Config> = {}): Config {
  try {
    return Object.freeze({ ...loadConfig(), ...overrides });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
