import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type PageOrientation = 'landscape' | 'portrait';

/** A certificate's design: the text with its fields, the images and the page, owned by an organizer's unit. */
@Entity('certificate_template')
@Index('idx_certificate_template_unit_id', ['unitId'])
export class CertificateTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Organizers of this unit's subtree (and admins) manage the template; null: the whole city. */
  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('text')
  title: string;

  /** Printed under the title; `{{field}}` placeholders (template-fields.ts) are filled at issue. */
  @Column('text')
  body: string;

  /** The issuer's name as printed and in the credential ("Thành đoàn Hải Phòng"). */
  @Column('text')
  issuerName: string;

  @Column('text', { default: '' })
  signerName: string;

  @Column('text', { default: '' })
  signerTitle: string;

  @Column('text', { default: 'landscape' })
  orientation: PageOrientation;

  @Column('uuid', { nullable: true })
  emblemImageId: string | null;

  @Column('uuid', { nullable: true })
  backgroundImageId: string | null;

  /** Months a certificate stays valid (then "expired"); null: it does not expire. */
  @Column('int', { nullable: true })
  validMonths: number | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
