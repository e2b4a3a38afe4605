import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type SigningKeyStatus = 'active' | 'retired' | 'revoked';

/**
 * An Ed25519 key that signs credentials. One is active (signs new credentials); retired keys stay published so older
 * credentials still verify; a revoked key is withdrawn from the JWKS and its credentials are marked in the status list.
 */
@Entity('certificate_signing_key')
// At most one key signs new credentials.
@Index('uq_certificate_signing_key_active', ['status'], { unique: true, where: "status = 'active'" })
// Every key has its private half in one of the two forms (plaintext only until the first start that encrypts it).
@Check('ck_certificate_signing_key_private', 'private_jwk IS NOT NULL OR private_key_encrypted IS NOT NULL')
export class SigningKey {
  @PrimaryColumn('text')
  kid: string;

  @Column('jsonb')
  publicJwk: Record<string, unknown>;

  /**
   * The private key as stored before keys were encrypted; emptied at the first start with CERTIFICATE_KEY_SECRET
   * (SigningKeys.encryptStoredKeys), so after that it is always null.
   */
  @Column('jsonb', { nullable: true })
  privateJwk: Record<string, unknown> | null;

  /** The private JWK sealed with AES-256-GCM under CERTIFICATE_KEY_SECRET (credentials/key-encryption.ts). */
  @Column('text', { nullable: true })
  privateKeyEncrypted: string | null;

  @Column('text')
  status: SigningKeyStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  retiredAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('text', { nullable: true })
  revokedReason: string | null;
}
