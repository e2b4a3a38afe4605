import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The only place that reads process.env: everything else receives this typed, validated object. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Unset: the app starts an embedded PostgreSQL in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  adminUsername: string;
  adminPassword: string | undefined;
  /** Optional fixed secrets; when unset they are generated once and kept in the database (shared by instances). */
  tokenSecret: string | undefined;
  citizenIdKey: string | undefined;
  accessTokenTtlSeconds: number;
  loadDemoData: boolean;
  runMigrations: boolean;
  logLevel: string;
  dbPoolSize: number;
  /** How many argon2 hashes run at once; the rest wait in a bounded queue. */
  passwordHashConcurrency: number;
  passwordHashQueueLimit: number;
  /** Registrations accepted from one address per hour (a school registering its students shares one address). */
  registrationsPerAddressPerHour: number;
  /** Directory of the built web apps (apps/admin/dist, apps/portal/dist) to serve. */
  webRoot: string;
  instanceId: string;
  /**
   * API processes on this machine (node:cluster; one per core is the usual choice, `auto`). Above 1 they share one
   * port, and live games need REDIS_URL: players of one game may be served by different processes.
   */
  apiWorkers: number;
  /** After SIGTERM, how long readiness stays red while requests are still served (the balancer's time to notice). */
  shutdownDelayMs: number;
  /** Bearer token a Prometheus scraper sends for /metrics (unset: only the internal networks may read it). */
  metricsToken: string | undefined;
  /** Addresses (CIDR) that may read /metrics without the token, and /api/docs when it is not public. */
  internalNetworks: string[];
  /** /api/docs and /api/docs-json for anyone, not only the internal networks. */
  apiDocsPublic: boolean;
  /**
   * The address people reach the app at (scheme, host, optional path; no trailing slash): printed certificates' QR
   * codes, credential issuer ids and status list URLs are built on it, so it must be the public one in production.
   */
  publicUrl: string;
  /** Certificate verifications one address may make at once, and per second after that (guessing codes). */
  certificateVerifyBurst: number;
  certificateVerifyPerSecond: number;
  /**
   * Encrypts the certificate signing keys at rest (AES-256-GCM). Required in production (NODE_ENV=production with
   * DATABASE_URL); otherwise, unset, one is generated once and kept with the other generated secrets.
   */
  certificateKeySecret: string | undefined;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}`);
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  if (databaseUrl && PUBLISHED_SECRETS.includes(decodeURIComponent(new URL(databaseUrl).password)))
    throw new ConfigError('DATABASE_URL uses a published example password: set your own');
  const tokenSecret = secret(env, 'TOKEN_SECRET');
  const citizenIdKey = secret(env, 'CITIZEN_ID_KEY');
  const certificateKeySecret = secret(env, 'CERTIFICATE_KEY_SECRET');
  // A deployment must keep this secret apart from the database: generated and stored in the database, it would sit
  // next to the keys it protects (every backup would hold both).
  if (nodeEnv === 'production' && databaseUrl && !certificateKeySecret)
    throw new ConfigError(
      'CERTIFICATE_KEY_SECRET is required in production: it encrypts the certificate signing keys stored in the ' +
        'database (at least 32 bytes, the same on every instance and kept for as long as the keys; e.g. openssl rand -base64 48)',
    );
  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    adminUsername: env.ADMIN_USERNAME || 'admin',
    adminPassword: env.ADMIN_PASSWORD || undefined,
    tokenSecret,
    citizenIdKey,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 3600, 60, 7 * 24 * 3600),
    loadDemoData: bool(env, 'LOAD_DEMO_DATA', nodeEnv !== 'test'),
    runMigrations: bool(env, 'RUN_MIGRATIONS', !databaseUrl),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    passwordHashConcurrency: int(env, 'PASSWORD_HASH_CONCURRENCY', 2, 1, 64),
    passwordHashQueueLimit: int(env, 'PASSWORD_HASH_QUEUE_LIMIT', 200, 1, 100000),
    registrationsPerAddressPerHour: int(env, 'REGISTRATIONS_PER_ADDRESS_PER_HOUR', 300, 1, 1_000_000),
    webRoot: path.resolve(env.WEB_ROOT || './apps'),
    instanceId: env.INSTANCE_ID || randomBytes(4).toString('hex'),
    apiWorkers: apiWorkers(env),
    shutdownDelayMs: int(env, 'SHUTDOWN_DELAY_MS', nodeEnv === 'test' ? 300 : 5000, 0, 120_000),
    metricsToken: metricsToken(env),
    internalNetworks: cidrList(env, 'INTERNAL_NETWORKS', ['127.0.0.0/8', '::1/128']),
    // A newcomer's single machine shows its API documentation; a deployment (DATABASE_URL) keeps it internal.
    apiDocsPublic: bool(env, 'API_DOCS_PUBLIC', !databaseUrl),
    publicUrl: (
      url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${int(env, 'PORT', 3000, 0, 65535)}`
    ).replace(/\/+$/, ''),
    certificateVerifyBurst: int(env, 'CERTIFICATE_VERIFY_BURST', 30, 1, 1_000_000),
    certificateVerifyPerSecond: int(env, 'CERTIFICATE_VERIFY_PER_SECOND', 1, 1, 1_000_000),
    certificateKeySecret,
  };
}

/**
 * Values of these secrets that were ever published (examples, old compose defaults): anyone can sign tokens with them.
 * Refused like a short secret.
 */
export const PUBLISHED_SECRETS: readonly string[] = ['change-me-change-me-change-me-change-me', 'haidang-dev-only'];
const MIN_SECRET_BYTES = 32;

/**
 * A fixed secret must be long and unpublished; unset, one is generated and kept in the database. Checked in every
 * mode: cluster workers of a single machine receive DATABASE_URL too, and a published key is no better there.
 */
function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name] || undefined;
  if (value === undefined) return undefined;
  if (Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES)
    throw new ConfigError(`${name} must be at least ${MIN_SECRET_BYTES} bytes (e.g. openssl rand -base64 48)`);
  if (PUBLISHED_SECRETS.includes(value.trim()))
    throw new ConfigError(`${name} is a published example value: generate your own (e.g. openssl rand -base64 48)`);
  return value;
}

function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.METRICS_TOKEN || undefined;
  if (value !== undefined && value.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return value;
}

function cidrList(env: NodeJS.ProcessEnv, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const list = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of list) {
    const [address, bits, extra] = item.split('/');
    const family = address ? net.isIP(address) : 0;
    const prefix = Number(bits);
    const max = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max)
      throw new ConfigError(`${name} must be a comma-separated list of CIDR ranges (e.g. 10.0.0.0/8), got "${item}"`);
  }
  return list;
}

function apiWorkers(env: NodeJS.ProcessEnv): number {
  const workers = env.API_WORKERS === 'auto' ? os.availableParallelism() : int(env, 'API_WORKERS', 1, 1, 64);
  if (workers > 1 && !env.REDIS_URL)
    throw new ConfigError('API_WORKERS above 1 needs REDIS_URL: the processes share live games through Redis');
  return workers;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
