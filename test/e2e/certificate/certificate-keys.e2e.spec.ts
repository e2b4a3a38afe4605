import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  calculateJwkThumbprint,
  jwtVerify,
} from 'jose';
import type { JWK, JSONWebKeySet } from 'jose';
import { CertificateIssuer, KeyEncryption, SigningKeys } from '../../../libs/certificate/src/index.js';
import type { CertificateTemplate } from '../../../libs/certificate/src/entities/certificate-template.entity.js';
import { createRootLogger, loadConfig, SettingsService } from '../../../libs/core/src/index.js';
import { createApp } from '../../../apps/api/src/create-app.js';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';

const auth = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });
const SECRET = 'khoa-bi-mat-ma-hoa-khoa-ky-chung-nhan-thu-nghiem-0123';

interface StoredKey {
  kid: string;
  status: string;
  privateJwk: JWK | null;
  sealed: string | null;
}

/**
 * The signing keys at rest: encrypted (AES-256-GCM) under CERTIFICATE_KEY_SECRET, plaintext rows from before
 * encrypted at start, rotation and older credentials unaffected, a wrong secret refused by name at start.
 */
describe('certificates: signing keys encrypted at rest (e2e)', () => {
  let t: TestApp;
  let units: UnitIds;
  let admin: SeededUser;
  let template: CertificateTemplate;
  let n = 0;

  const stored = async (app: TestApp = t): Promise<StoredKey[]> =>
    app.dataSource.query(
      `SELECT kid, status, private_jwk AS "privateJwk", private_key_encrypted AS sealed
       FROM certificate_signing_key ORDER BY created_at`,
    );
  /** Issues one certificate now and returns its credential (VC-JWT). */
  const issueOne = async (app: TestApp = t): Promise<string> => {
    const p = await createUser(app, { username: `khoa${++n}`, roles: ['participant'], unitId: units['d1/w1']! });
    const { issued } = await app.app.get(CertificateIssuer).issue({
      template,
      source: 'course',
      achievementKey: `course:khoa-${n}`,
      achievementName: 'Khóa học thử nghiệm',
      criteria: 'Thử nghiệm.',
      unitId: units['d1/w1']!,
      batchId: null,
      issuedAt: new Date(),
      recipients: [{ userId: p.id, rank: null, score: null, prizeLabel: null }],
    });
    const rows: { jwt: string }[] = await app.dataSource.query(
      'SELECT credential_jwt AS jwt FROM certificate WHERE id = $1',
      [issued[0]],
    );
    return rows[0]!.jwt;
  };
  /** Verifies as an outside verifier would: only the published JWKS. */
  const verifies = async (jwt: string, app: TestApp = t) => {
    const jwks = (await app.http.get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet;
    return jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] }).then(
      () => true,
      () => false,
    );
  };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://haidang.example', CERTIFICATE_KEY_SECRET: SECRET });
    units = await seedSmallTree(t);
    admin = await createUser(t, { username: 'qt-khoa', roles: ['admin', 'organizer'], unitId: units.city! });
    const created = await t.http
      .post('/api/v1/certificate-templates')
      .set(auth(admin))
      .send({
        title: 'Giấy chứng nhận',
        body: 'Đã hoàn thành {{achievement}}',
        issuerName: 'Ban Thường vụ Thành đoàn',
        signerName: 'Trần Văn Hưởng',
        signerTitle: 'Bí thư',
        orientation: 'landscape',
      })
      .expect(201);
    template = (await t.dataSource
      .getRepository('CertificateTemplate')
      .findOneByOrFail({ id: created.body.id })) as CertificateTemplate;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('stores the private key sealed, never the key itself, and signs with it', async () => {
    const [key] = await stored();
    expect(key).toMatchObject({ status: 'active', privateJwk: null });
    expect(key!.sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    const jwk = await t.app.get(KeyEncryption).decrypt(key!.kid, key!.sealed!);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(jwk.d).toMatch(/^[\w-]{43}$/);
    const raw = await t.dataSource.query(
      'SELECT row_to_json(k)::text AS text FROM certificate_signing_key k WHERE kid = $1',
      [key!.kid],
    );
    expect(raw[0].text).not.toContain(jwk.d);
    expect(raw[0].text).not.toContain('"d"');
    // The same key sealed twice gives two different texts (a fresh nonce each time).
    expect(await t.app.get(KeyEncryption).encrypt(key!.kid, jwk)).not.toBe(key!.sealed);
    const jwt = await issueOne();
    expect(decodeProtectedHeader(jwt).kid).toBe(key!.kid);
    expect(await verifies(jwt)).toBe(true);
  });

  it('binds a sealed key to its row: moved to another kid, it does not open', async () => {
    const [key] = await stored();
    await expect(t.app.get(KeyEncryption).decrypt('another-kid', key!.sealed!)).rejects.toThrow(
      /cannot be decrypted with this CERTIFICATE_KEY_SECRET/,
    );
    // One character of the ciphertext changed (a whole 6 bits of data): the tag no longer matches.
    const [version, nonce, sealed, tag] = key!.sealed!.split('.') as [string, string, string, string];
    const flipped = [version, nonce, (sealed[0] === 'A' ? 'B' : 'A') + sealed.slice(1), tag].join('.');
    await expect(t.app.get(KeyEncryption).decrypt(key!.kid, flipped)).rejects.toThrow(/cannot be decrypted/);
  });

  it('rotates: the new key is sealed too, older credentials still verify', async () => {
    const before = await issueOne();
    const oldKid = decodeProtectedHeader(before).kid!;
    const rotated = await t.http.post('/api/v1/certificate-keys/rotate').set(auth(admin)).expect(200);
    const keys = await stored();
    expect(keys.map((k) => [k.kid, k.status])).toEqual([
      [oldKid, 'retired'],
      [rotated.body.kid, 'active'],
    ]);
    expect(keys.every((k) => k.privateJwk === null && k.sealed?.startsWith('v1.'))).toBe(true);
    const after = await issueOne();
    expect(decodeProtectedHeader(after).kid).toBe(rotated.body.kid);
    expect(await verifies(before)).toBe(true);
    expect(await verifies(after)).toBe(true);
  });

  it('encrypts keys stored in plaintext before (the migration’s rows) at the next start, and signs with them', async () => {
    // A database as it was before encryption at rest: the active key in plaintext, a credential it signed.
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    await t.dataSource.transaction(async (m) => {
      await m.query(
        "UPDATE certificate_signing_key SET status = 'retired', retired_at = now() WHERE status = 'active'",
      );
      await m.query(
        `INSERT INTO certificate_signing_key (kid, public_jwk, private_jwk, status) VALUES ($1, $2, $3, 'active')`,
        [kid, JSON.stringify(publicJwk), JSON.stringify(privateJwk)],
      );
    });
    // A second instance starting on this database (same secret) seals it before anything else.
    const second = await startTestApp(
      { PUBLIC_URL: 'https://haidang.example', CERTIFICATE_KEY_SECRET: SECRET },
      { database: t.database },
    );
    try {
      const row = (await stored(second)).find((k) => k.kid === kid)!;
      expect(row.privateJwk).toBeNull();
      expect(await second.app.get(KeyEncryption).decrypt(kid, row.sealed!)).toEqual(privateJwk);
      expect(await second.app.get(SigningKeys).encryptStoredKeys()).toBe(0);
      const jwt = await issueOne(second);
      expect(decodeProtectedHeader(jwt).kid).toBe(kid);
      expect(await verifies(jwt, second)).toBe(true);
    } finally {
      await second.close();
    }
    // The first instance, which had never opened that key, opens the sealed one.
    expect(decodeProtectedHeader(await issueOne()).kid).toBe(kid);
  });

  it('refuses to start with another secret, naming the key and the setting', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: t.database.url,
      LOAD_DEMO_DATA: 'false',
      CERTIFICATE_KEY_SECRET: `${SECRET}-nhung-khac`,
    });
    const app = await createApp(config, t.database.url, createRootLogger('silent'));
    const active = (await stored()).find((k) => k.status === 'active')!;
    try {
      await expect(app.init()).rejects.toThrow(
        `The certificate signing key ${active.kid} cannot be decrypted with this CERTIFICATE_KEY_SECRET`,
      );
    } finally {
      await app.close().catch(() => undefined);
    }
    // Nothing was changed by the refused start: the right secret still signs.
    expect(await verifies(await issueOne())).toBe(true);
  });

  it('without a configured secret (one machine, tests), generates one once and keeps it with the other secrets', async () => {
    const plain = await startTestApp({ PUBLIC_URL: 'https://haidang.example' });
    try {
      const [key] = await stored(plain);
      expect(key!.privateJwk).toBeNull();
      const generated: { value: string }[] = await plain.dataSource.query(
        "SELECT value FROM system_setting WHERE key = 'certificate_key_secret'",
      );
      expect(generated[0]!.value.length).toBeGreaterThanOrEqual(64);
      expect(await plain.app.get(SettingsService).secret('certificate_key_secret')).toBe(generated[0]!.value);
      // The generated secret is the one the key is sealed under: an app given it explicitly opens the key.
      const explicit = new KeyEncryption(
        loadConfig({ NODE_ENV: 'test', CERTIFICATE_KEY_SECRET: generated[0]!.value }),
        plain.app.get(SettingsService),
      );
      expect(await explicit.decrypt(key!.kid, key!.sealed!)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    } finally {
      await plain.close();
    }
  });
});
