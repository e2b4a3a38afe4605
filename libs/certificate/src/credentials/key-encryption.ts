import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { JWK } from 'jose';
import { APP_CONFIG, type AppConfig, SettingsService } from '#core';

/** Where the generated secret is kept when CERTIFICATE_KEY_SECRET is unset (not in production: app-config.ts). */
export const GENERATED_SECRET_SETTING = 'certificate_key_secret';
const VERSION = 'v1';
const INFO = 'haidang certificate signing key v1';

/** The secret does not open a stored key: another secret than the one the key was stored under, or a damaged row. */
export class SigningKeySecretError extends Error {
  constructor(kid: string) {
    super(
      `The certificate signing key ${kid} cannot be decrypted with this CERTIFICATE_KEY_SECRET: it was stored under ` +
        'another secret (or the row was altered). Set the secret the keys were encrypted with; no credential can be ' +
        'signed until then.',
    );
    this.name = 'SigningKeySecretError';
  }
}

/**
 * The Ed25519 private keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from CERTIFICATE_KEY_SECRET, a fresh
 * 96-bit nonce per key, the kid as additional data (a ciphertext moved to another row does not open). Stored as
 * `v1.<nonce>.<ciphertext>.<tag>` (base64url). Without the secret in configuration — `npm start` on one machine, tests
 * — one is generated on first use and kept with the other generated secrets (system_setting); production refuses to
 * start without it (loadConfig), since a secret kept in the database protects nothing from a copy of the database.
 */
@Injectable()
export class KeyEncryption {
  private key: Promise<Buffer> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  private async secretKey(): Promise<Buffer> {
    this.key ??= (async () => {
      const secret = this.config.certificateKeySecret ?? (await this.settings.secret(GENERATED_SECRET_SETTING, 48));
      return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), INFO, 32));
    })();
    try {
      return await this.key;
    } catch (error) {
      this.key = null;
      throw error;
    }
  }

  async encrypt(kid: string, jwk: JWK): Promise<string> {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.secretKey(), nonce);
    cipher.setAAD(Buffer.from(kid, 'utf8'));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
    return [VERSION, nonce, sealed, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The private JWK; SigningKeySecretError when this secret does not open it. */
  async decrypt(kid: string, stored: string): Promise<JWK> {
    const [version, nonce, sealed, tag, extra] = stored.split('.');
    if (version !== VERSION || !nonce || !sealed || !tag || extra !== undefined) throw new SigningKeySecretError(kid);
    const key = await this.secretKey();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'), {
        authTagLength: 16,
      });
      decipher.setAAD(Buffer.from(kid, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as JWK;
    } catch {
      throw new SigningKeySecretError(kid);
    }
  }
}
