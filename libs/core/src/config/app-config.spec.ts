import { describe, expect, it } from '@jest/globals';
import { addressMatcher } from '../http/internal-access.js';
import { ConfigError, loadConfig, PUBLISHED_SECRETS } from './app-config.js';

const STRONG = 'Zt1f0rNQx9yQk3V6m1cW8pR2sLhJ4dGb7eT5uA0nYq';
const DEPLOYMENT = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://haidang:s3cret-of-our-own@db:5432/haidang',
  CERTIFICATE_KEY_SECRET: `${STRONG}-certificates`,
};

describe('loadConfig: secrets', () => {
  it.each(['TOKEN_SECRET', 'CITIZEN_ID_KEY', 'CERTIFICATE_KEY_SECRET'])('refuses a short %s', (name) => {
    expect(() => loadConfig({ ...DEPLOYMENT, [name]: 'short-secret' })).toThrow(ConfigError);
    // 31 bytes in 11 characters: the length is counted in bytes.
    expect(() => loadConfig({ ...DEPLOYMENT, [name]: 'ạ'.repeat(10) + 'x' })).toThrow(/32 bytes/);
  });

  it.each(PUBLISHED_SECRETS.filter((s) => s.length >= 32))('refuses the published value %s', (value) => {
    expect(() => loadConfig({ ...DEPLOYMENT, TOKEN_SECRET: value })).toThrow(/published/);
    expect(() => loadConfig({ ...DEPLOYMENT, CITIZEN_ID_KEY: value })).toThrow(/published/);
  });

  it('refuses the database password the old compose file fell back to', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://haidang:haidang-dev-only@postgres:5432/haidang' })).toThrow(
      /published example password/,
    );
  });

  it('accepts strong secrets, and none (then they are generated and kept in the database)', () => {
    const config = loadConfig({ ...DEPLOYMENT, TOKEN_SECRET: STRONG, CITIZEN_ID_KEY: STRONG.toLowerCase() });
    expect(config.tokenSecret).toBe(STRONG);
    expect(loadConfig(DEPLOYMENT)).toMatchObject({ tokenSecret: undefined, citizenIdKey: undefined });
  });

  it('requires the signing keys’ encryption secret in production, and generates it elsewhere', () => {
    const { CERTIFICATE_KEY_SECRET, ...without } = DEPLOYMENT;
    expect(loadConfig(DEPLOYMENT).certificateKeySecret).toBe(CERTIFICATE_KEY_SECRET);
    expect(() => loadConfig(without)).toThrow(/CERTIFICATE_KEY_SECRET is required in production/);
    // `npm start` on one machine (embedded PostgreSQL), and tests: generated once and kept in the database.
    expect(loadConfig({ NODE_ENV: 'production' }).certificateKeySecret).toBeUndefined();
    expect(loadConfig({ ...without, NODE_ENV: 'test' }).certificateKeySecret).toBeUndefined();
  });
});

describe('loadConfig: operators-only endpoints and shutdown', () => {
  it('shows the API documentation on a single machine and keeps it internal in a deployment', () => {
    expect(loadConfig({}).apiDocsPublic).toBe(true);
    expect(loadConfig(DEPLOYMENT).apiDocsPublic).toBe(false);
    expect(loadConfig({ ...DEPLOYMENT, API_DOCS_PUBLIC: 'true' }).apiDocsPublic).toBe(true);
  });

  it('reads the internal networks as CIDR ranges, loopback by default', () => {
    expect(loadConfig({}).internalNetworks).toEqual(['127.0.0.0/8', '::1/128']);
    expect(loadConfig({ INTERNAL_NETWORKS: ' 10.0.0.0/8, fd00::/8 ' }).internalNetworks).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    for (const bad of ['10.0.0.0', '10.0.0.0/33', 'example.org/8', '::1/129', '10.0.0.0/8/1'])
      expect(() => loadConfig({ INTERNAL_NETWORKS: bad })).toThrow(ConfigError);
  });

  it('wants a metrics token long enough not to be guessed', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token' }).metricsToken).toBe('a-long-enough-token');
  });

  it('waits a few seconds after SIGTERM by default, less in tests', () => {
    expect(loadConfig({}).shutdownDelayMs).toBe(5000);
    expect(loadConfig({ NODE_ENV: 'test' }).shutdownDelayMs).toBeLessThan(1000);
    expect(loadConfig({ SHUTDOWN_DELAY_MS: '0' }).shutdownDelayMs).toBe(0);
  });
});

describe('addressMatcher', () => {
  const internal = addressMatcher(['127.0.0.0/8', '::1/128', '10.0.0.0/8']);

  it('matches IPv4, IPv6 and IPv4-mapped IPv6 addresses against the ranges', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.200.3.4', '::FFFF:10.0.0.1'])
      expect(internal(address)).toBe(true);
    for (const address of ['203.0.113.9', '::ffff:203.0.113.9', '2001:db8::1', '11.0.0.1', '', 'not-an-ip'])
      expect(internal(address)).toBe(false);
  });
});
