import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type SigningKeyStatus = 'active' | 'retired' | 'revoked';

/**
 * An Ed25519 key that signs credentials. One is active (signs new credentials); retired keys stay published so older
 * credentials still verify; a revoked key is withdrawn from the JWKS and its credentials are marked in the status list.
 */
@Entity('certificate_signing_key')
// At most one key signs new credentials.
@Index('uq_certificate_signing_key_active', ['status'], { unique: true, where: "status = 'active'" })
export class SigningKey {
  @PrimaryColumn('text')
  kid: string;

  @Column('jsonb')
  publicJwk: Record<string, unknown>;

  @Column('jsonb')
  privateJwk: Record<string, unknown>;

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
