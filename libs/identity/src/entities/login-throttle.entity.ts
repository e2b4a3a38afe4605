import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins and registrations, counted per key: an account (`u:`), an address (`a:`), an account from one
 * address (`p:`), registrations from an address (`r:`). Kept in PostgreSQL so every instance sees the same counts.
 * Nothing here locks an account: failures past a free allowance make the key wait, twice as long each time.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn('text')
  key: string;

  /** Failures (or registrations) counted since `windowStartedAt`. */
  @Column('int')
  count: number;

  @Column('timestamptz')
  windowStartedAt: Date;

  @Column('timestamptz')
  lastAt: Date;

  @Column('timestamptz', { nullable: true })
  blockedUntil: Date | null;

  /** For an account-and-address key: when the account last signed in from there (its owner's usual address). */
  @Column('timestamptz', { nullable: true })
  lastSuccessAt: Date | null;
}
