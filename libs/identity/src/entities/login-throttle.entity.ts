import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins per account. Kept in PostgreSQL so every instance sees the same count, and keyed by account, not by
 * address: a whole school signs in from one address.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn('text')
  username: string;

  @Column('int')
  failures: number;

  @Column('timestamptz')
  windowStartedAt: Date;

  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;
}
