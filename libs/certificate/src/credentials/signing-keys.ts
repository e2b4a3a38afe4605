import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createPrivateKey, type JsonWebKey, type KeyObject, sign as signBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, AuditService, Clock, type Principal, uniqueViolation } from '#core';
import { KeyEncryption } from './key-encryption.js';

type PrivateKey = KeyObject;

export interface SigningKeyInfo {
  kid: string;
  status: 'active' | 'retired' | 'revoked';
  createdAt: string;
  retiredAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

/**
 * The Ed25519 keys that sign credentials, in PostgreSQL (every instance signs with the same active key). Rotation
 * retires the active key — it stays in the JWKS, so what it signed still verifies — and makes a new one active.
 * Revoking a key takes it out of the JWKS (an outside verifier can no longer find the key, so every credential it
 * signed fails) and marks those credentials revoked in the status list and on the verify page. Private keys are
 * stored encrypted (key-encryption.ts); keys stored in plaintext before that are encrypted at start.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private readonly imported = new Map<string, PrivateKey>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly encryption: KeyEncryption,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.encryptStoredKeys();
    // Opens the active key: a wrong CERTIFICATE_KEY_SECRET stops the start here (SigningKeySecretError), not at the
    // first certificate.
    await this.activeKey();
  }

  /**
   * Encrypts every private key still stored in plaintext (rows from before encryption at rest) and empties the
   * plaintext column; row by row, each under a lock, so instances starting together do it once. Returns how many.
   */
  async encryptStoredKeys(): Promise<number> {
    const rows: { kid: string }[] = await this.dataSource.query(
      'SELECT kid FROM certificate_signing_key WHERE private_jwk IS NOT NULL',
    );
    let done = 0;
    for (const { kid } of rows)
      await this.dataSource.transaction(async (m) => {
        const locked: { privateJwk: JWK | null }[] = await m.query(
          'SELECT private_jwk AS "privateJwk" FROM certificate_signing_key WHERE kid = $1 FOR UPDATE',
          [kid],
        );
        const jwk = locked[0]?.privateJwk;
        if (!jwk) return;
        await m.query(
          'UPDATE certificate_signing_key SET private_key_encrypted = $2, private_jwk = NULL WHERE kid = $1',
          [kid, await this.encryption.encrypt(kid, jwk)],
        );
        done++;
      });
    return done;
  }

  /** The key new credentials are signed with; made on first use (two instances racing make one). */
  async activeKey(): Promise<{ kid: string; key: PrivateKey }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const rows: { kid: string; privateJwk: JWK | null; sealed: string | null }[] = await this.dataSource.query(
        `SELECT kid, private_jwk AS "privateJwk", private_key_encrypted AS sealed
         FROM certificate_signing_key WHERE status = 'active'`,
      );
      if (rows[0]) return { kid: rows[0].kid, key: await this.imported_(rows[0]) };
      try {
        await this.createActive(this.dataSource.manager);
      } catch (error) {
        if (uniqueViolation(error) === null) throw error;
      }
    }
    throw new AppError('INTERNAL_ERROR');
  }

  /** The row's private key, opened and imported once per kid. */
  private async imported_(row: { kid: string; privateJwk: JWK | null; sealed: string | null }): Promise<PrivateKey> {
    let key = this.imported.get(row.kid);
    if (!key) {
      const jwk = row.sealed ? await this.encryption.decrypt(row.kid, row.sealed) : row.privateJwk!;
      key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
      this.imported.set(row.kid, key);
    }
    return key;
  }

  private async createActive(manager: EntityManager): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const sealed = await this.encryption.encrypt(kid, await exportJWK(privateKey));
    await manager.query(
      `INSERT INTO certificate_signing_key (kid, public_jwk, private_key_encrypted, status) VALUES ($1, $2, $3, 'active')`,
      [kid, JSON.stringify(publicJwk), sealed],
    );
    return kid;
  }

  /**
   * Signs a credential (the JWT payload) as a VC-JWT (compact JWS, EdDSA) with the active key, with node:crypto's
   * one-shot Ed25519 sign on this thread: jose's WebCrypto path hands every signature to the libuv thread pool, and
   * signing here took a bulk issue of 10,000 from 12.3 to 10.3 s (bench/RESULTS.md, run D). The bytes are
   * those a JOSE library makes: header and claims as base64url JSON, the signature over both (the e2e outside
   * verifier checks them with jose).
   */
  async sign(credential: Record<string, unknown>, claims: { iss: string; jti: string; iat: Date; exp?: Date | null }) {
    const { kid, key } = await this.activeKey();
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    const header = { alg: 'EdDSA', kid, typ: 'vc+jwt', cty: 'vc' };
    const payload: Record<string, unknown> = {
      ...credential,
      iss: claims.iss,
      jti: claims.jti,
      iat: seconds(claims.iat),
      nbf: seconds(claims.iat),
    };
    if (claims.exp) payload.exp = seconds(claims.exp);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const input = `${b64(header)}.${b64(payload)}`;
    const signature = signBytes(null, Buffer.from(input, 'ascii'), key).toString('base64url');
    return { kid, jwt: `${input}.${signature}` };
  }

  /** The published keys: active and retired (revoked ones are withdrawn). */
  async jwks(): Promise<{ keys: JWK[] }> {
    const rows: { kid: string; publicJwk: JWK }[] = await this.dataSource.query(
      `SELECT kid, public_jwk AS "publicJwk" FROM certificate_signing_key
       WHERE status IN ('active', 'retired') ORDER BY created_at DESC`,
    );
    return { keys: rows.map((r) => ({ ...r.publicJwk, kid: r.kid, alg: 'EdDSA', use: 'sig' })) };
  }

  async list(): Promise<SigningKeyInfo[]> {
    const rows: SigningKeyInfo[] = await this.dataSource.query(
      `SELECT kid, status, created_at AS "createdAt", retired_at AS "retiredAt", revoked_at AS "revokedAt",
              revoked_reason AS "revokedReason"
       FROM certificate_signing_key ORDER BY created_at DESC`,
    );
    return rows.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      retiredAt: r.retiredAt && new Date(r.retiredAt).toISOString(),
      revokedAt: r.revokedAt && new Date(r.revokedAt).toISOString(),
    }));
  }

  /** Retires the active key and makes a new one; returns the new kid. */
  async rotate(principal: Principal): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      const old: { kid: string }[] = await m.query(
        `WITH u AS (UPDATE certificate_signing_key SET status = 'retired', retired_at = $1
                    WHERE status = 'active' RETURNING kid)
         SELECT kid FROM u`,
        [this.clock.now()],
      );
      const kid = await this.createActive(m);
      await this.audit.record(principal.userId, 'certificate.key.rotate', kid, { retired: old[0]?.kid ?? null }, m);
      return kid;
    });
  }

  /** Revokes a key (a leak): withdrawn from the JWKS; a new active key is made when it was the active one. */
  async revoke(principal: Principal, kid: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const rows: { status: string }[] = await m.query(
        'SELECT status FROM certificate_signing_key WHERE kid = $1 FOR UPDATE',
        [kid],
      );
      if (!rows[0]) throw new AppError('SIGNING_KEY_NOT_FOUND');
      if (rows[0].status === 'revoked') return;
      await m.query(
        `UPDATE certificate_signing_key SET status = 'revoked', revoked_at = $2, revoked_reason = $3 WHERE kid = $1`,
        [kid, this.clock.now(), reason],
      );
      if (rows[0].status === 'active') await this.createActive(m);
      await this.audit.record(principal.userId, 'certificate.key.revoke', kid, { reason }, m);
    });
    this.imported.delete(kid);
  }
}
