import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type CertificateSource = 'course' | 'round' | 'live-game' | 'demo';

/**
 * An issued certificate: what was printed (a snapshot, so a later rename changes no certificate), its verification
 * code, its signed credential and its place in the status list. One per person and achievement, ever.
 */
@Entity('certificate')
@Unique('uq_certificate_user_achievement', ['userId', 'achievementKey'])
@Unique('uq_certificate_code', ['code'])
@Unique('uq_certificate_status_entry', ['statusListId', 'statusIndex'])
@Index('idx_certificate_batch_id', ['batchId'])
export class Certificate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Crockford base32 with a check character (verification-code.ts), stored without separators. */
  @Column('text')
  code: string;

  @Column('uuid')
  templateId: string;

  @Column('uuid')
  userId: string;

  /** The issuing unit: organizers of its subtree may revoke. Null: the city (admins). */
  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('text')
  source: CertificateSource;

  /** `course:<id>`, `round:<id>`, `live-game:<id>`: with userId, what makes a certificate unique. */
  @Column('text')
  achievementKey: string;

  @Column('text')
  achievementName: string;

  @Column('int', { nullable: true })
  rank: number | null;

  @Column('double precision', { nullable: true })
  score: number | null;

  @Column('text', { nullable: true })
  prizeLabel: string | null;

  /** The holder as printed. */
  @Column('text')
  holderName: string;

  @Column('date', { nullable: true })
  holderBirthDate: string | null;

  @Column('text', { nullable: true })
  holderUnitName: string | null;

  @Column('text')
  issuerName: string;

  /** The printed page as issued (title, filled body, signer, images, orientation): a later template edit changes nothing. */
  @Column('text')
  title: string;

  @Column('text')
  bodyText: string;

  @Column('text')
  signerName: string;

  @Column('text')
  signerTitle: string;

  @Column('text')
  orientation: 'landscape' | 'portrait';

  @Column('uuid', { nullable: true })
  emblemImageId: string | null;

  @Column('uuid', { nullable: true })
  backgroundImageId: string | null;

  @Column('timestamptz')
  issuedAt: Date;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('uuid')
  statusListId: string;

  @Column('int')
  statusIndex: number;

  /** The Open Badges 3.0 credential as a VC-JWT (EdDSA), signed with the key `signingKid`. */
  @Column('text')
  credentialJwt: string;

  @Column('text')
  signingKid: string;

  @Column('uuid', { nullable: true })
  batchId: string | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('text', { nullable: true })
  revokedReason: string | null;

  @Column('uuid', { nullable: true })
  revokedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
