import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '../config/app-config.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Principal } from './principal.js';
import { TokenService } from './token.service.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const principal: Principal = { userId: 'u-1', username: 'an', roles: ['participant'], unitId: 'unit-1' };

async function tokens(secret = SECRET): Promise<TokenService> {
  const config = loadConfig({ NODE_ENV: 'test', TOKEN_SECRET: secret, DATABASE_URL: 'postgres://x@localhost/x' });
  const service = new TokenService(config, {} as SettingsService);
  await service.onModuleInit();
  return service;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token signed with the right key but whatever header and claims a forger chooses. */
function forged(header: object, claims: object, secret = SECRET): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);

describe('TokenService', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('verifies what it issued, again and again (cached), back to the same principal', async () => {
    const service = await tokens();
    const { accessToken, expiresIn } = await service.issue(principal);
    expect(expiresIn).toBeGreaterThan(0);
    expect(await service.verify(accessToken)).toEqual(principal);
    expect(await service.verify(accessToken)).toEqual(principal);
  });

  it('knows the tokens it issued as a full check reads them, and still refuses them for a disabled or changed account', async () => {
    const service = await tokens();
    const other = await tokens();
    const asked: Principal = { ...principal, roles: ['participant', 'organizer'], mustChangePassword: true };
    const { accessToken } = await service.issue(asked, 3);
    // `other` has never seen the token: its principal comes from the full check.
    const checked = await other.verify(accessToken);
    const known = await service.verify(accessToken);
    expect(known).toEqual(checked);
    expect(known).toEqual(asked);
    expect(Object.isFrozen(known) && Object.isFrozen(known.roles)).toBe(true);
    expect(Object.isFrozen(asked.roles)).toBe(false);
    service.authzChanged('u-1', 4);
    await expect(service.verify(accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    other.disableUser('u-1');
    await expect(other.verify(accessToken)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    const fresh = await tokens();
    const { accessToken: next } = await fresh.issue(principal);
    fresh.disableUser('u-1');
    await expect(fresh.verify(next)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
  });

  it('refuses a token signed with another key, a changed payload, alg none, or garbage as TOKEN_INVALID', async () => {
    const service = await tokens();
    const other = await tokens('another-secret-that-is-long-enough-9876543210');
    const { accessToken } = await other.issue(principal);
    await expect(service.verify(accessToken)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    const [h, , sig] = (await service.issue(principal)).accessToken.split('.');
    const admin = b64({ sub: 'u-1', usr: 'an', roles: ['admin'], iss: 'haidang', aud: 'haidang-api', exp: now() + 60 });
    await expect(service.verify(`${h}.${admin}.${sig}`)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${admin}.`;
    await expect(service.verify(none)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(service.verify('not.a.token')).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('refuses the right key with another issuer or audience, no expiry, or no subject', async () => {
    const service = await tokens();
    const header = { alg: 'HS256', typ: 'JWT' };
    const good = { sub: 'u-1', usr: 'an', roles: [], iss: 'haidang', aud: 'haidang-api', exp: now() + 60 };
    expect(await service.verify(forged(header, good))).toMatchObject({ userId: 'u-1' });
    for (const claims of [
      { ...good, iss: 'someone-else' },
      { ...good, aud: 'another-api' },
      { ...good, exp: undefined },
      { ...good, sub: undefined },
    ]) {
      await expect(service.verify(forged(header, claims))).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    }
  });

  it('says TOKEN_EXPIRED once a token expires, even one verified (and cached) before', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-28T08:00:00Z') });
    const service = await tokens();
    const { accessToken, expiresIn } = await service.issue(principal);
    expect(await service.verify(accessToken)).toEqual(principal);
    jest.setSystemTime(new Date(Date.parse('2026-11-28T08:00:00Z') + expiresIn * 1000 + 1000));
    await expect(service.verify(accessToken)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('keeps at most its bound of verified tokens, the oldest dropped first, and hands out a frozen principal', async () => {
    const service = await tokens();
    const token = (i: number) =>
      forged(
        { alg: 'HS256', typ: 'JWT' },
        { sub: `u-${i}`, usr: 'an', roles: ['participant'], iss: 'haidang', aud: 'haidang-api', exp: now() + 60 },
      );
    const first = await service.verify(token(0));
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
    expect(await service.verify(token(0))).toBe(first);
    const verified = (service as unknown as { verified: Map<string, unknown> }).verified;
    for (let i = 1; i <= 100_000; i++) await service.verify(token(i));
    expect(verified.size).toBe(100_000);
    expect(verified.has(token(0))).toBe(false);
    expect(verified.has(token(100_000))).toBe(true);
  });

  it('refuses the tokens of a disabled account, cached or not, as ACCOUNT_DISABLED until it is enabled again', async () => {
    const service = await tokens();
    const { accessToken } = await service.issue(principal);
    await service.verify(accessToken);
    service.disableUser(principal.userId);
    await expect(service.verify(accessToken)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    const fresh = await service.issue(principal);
    await expect(service.verify(fresh.accessToken)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    service.enableUser(principal.userId);
    expect(await service.verify(accessToken)).toEqual(principal);
    service.setDisabledUsers([principal.userId, 'someone-else']);
    await expect(service.verify(accessToken)).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });
    service.setDisabledUsers([]);
    expect(await service.verify(accessToken)).toEqual(principal);
  });

  it('refuses, cached or not, a token issued under an older authorization version as TOKEN_REVOKED', async () => {
    const service = await tokens();
    const old = (await service.issue(principal, 3)).accessToken;
    expect(await service.verify(old)).toEqual(principal);
    service.authzChanged(principal.userId, 4);
    await expect(service.verify(old)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    const fresh = (await service.issue(principal, 4)).accessToken;
    expect(await service.verify(fresh)).toEqual(principal);
    // A poll that read the database before this instance's own change does not undo it.
    service.setAuthzVersions([{ userId: principal.userId, version: 3 }]);
    await expect(service.verify(old)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    service.setAuthzVersions([{ userId: principal.userId, version: 5 }]);
    await expect(service.verify(fresh)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    // A token without a version (issued before versions existed) counts as version 0.
    const legacy = forged(
      { alg: 'HS256', typ: 'JWT' },
      { sub: 'u-2', usr: 'b', roles: [], iss: 'haidang', aud: 'haidang-api', exp: now() + 60 },
    );
    expect(await service.verify(legacy)).toMatchObject({ userId: 'u-2' });
    service.authzChanged('u-2', 1);
    await expect(service.verify(legacy)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('carries the must-change-password mark of a reset account', async () => {
    const service = await tokens();
    const { accessToken } = await service.issue({ ...principal, mustChangePassword: true });
    expect(await service.verify(accessToken)).toEqual({ ...principal, mustChangePassword: true });
  });

  it('drops roles it does not know', async () => {
    const service = await tokens();
    const claims = { sub: 'u-1', usr: 'an', roles: ['organizer', 'root'], iss: 'haidang', aud: 'haidang-api' };
    const token = forged({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: now() + 60 });
    expect((await service.verify(token)).roles).toEqual(['organizer']);
  });
});
