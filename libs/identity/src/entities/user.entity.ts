import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Population, Role } from '#contracts';
import { OrgUnit } from './org-unit.entity.js';

@Entity('app_user')
@Index('idx_app_user_unit_id', ['unitId'])
/** The few disabled accounts, by when they changed: every instance polls the recent ones to refuse their tokens. */
@Index('idx_app_user_disabled', ['updatedAt'], { where: "status = 'disabled'" })
/** The accounts whose roles, unit or password changed lately: every instance polls them to refuse older tokens. */
@Index('idx_app_user_authz_changed', ['authzChangedAt'], { where: 'authz_changed_at IS NOT NULL' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased and NFC-normalized, so "An" and "an" are one account. */
  @Column('text', { unique: true })
  username: string;

  @Column('text')
  passwordHash: string;

  @Column('text')
  fullName: string;

  @Column('date', { nullable: true })
  birthDate: string | null;

  @Column('uuid', { nullable: true })
  unitId: string | null;

  @ManyToOne(() => OrgUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: OrgUnit | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  /** HMAC-SHA256 of the normalized citizen ID under a server key: unique, but not reversible. */
  @Column('text', { nullable: true, unique: true })
  citizenIdHash: string | null;

  /** Last 4 digits only, for the masked display. */
  @Column('text', { nullable: true })
  citizenIdLast4: string | null;

  @Column('text', { array: true, default: () => "'{participant}'" })
  roles: Role[];

  @Column('text', { nullable: true })
  population: Population | null;

  @Column('text', { nullable: true })
  guardianName: string | null;

  @Column('text', { nullable: true })
  guardianPhone: string | null;

  @Column('timestamptz', { nullable: true })
  guardianConsentAt: Date | null;

  @Column('timestamptz', { nullable: true })
  childConsentAt: Date | null;

  /** Consent to show the full name in public lists; without it a minor appears by initials only. */
  @Column('boolean', { default: false })
  publicNameConsent: boolean;

  @Column('text', { default: 'active' })
  status: 'active' | 'disabled';

  /**
   * Raised by every change of what the account may do (roles, unit) or of its password: access tokens carry the
   * version they were issued under, and one older than this is refused.
   */
  @Column('int', { default: 0 })
  authzVersion: number;

  @Column('timestamptz', { nullable: true })
  authzChangedAt: Date | null;

  /** Set by an organizer's password reset: the account may do nothing but change it at its next sign-in. */
  @Column('boolean', { default: false })
  mustChangePassword: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
