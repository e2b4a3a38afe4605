import { Injectable } from '@nestjs/common';
import type { Role } from '#contracts';
import { Clock, uniqueViolation } from '#core';
import { PasswordHasher } from '../auth/password-hasher.js';
import { UnitRepository } from '../units/unit.repository.js';
import { UserRepository } from './user.repository.js';

/** The password of every demo account; printed in docs/DEMO-ACCOUNTS.md. Demo data only, never a real deployment. */
export const DEMO_PASSWORD = 'HaiDang@2025';

interface DemoAccount {
  username: string;
  fullName: string;
  roles: Role[];
  unitCode: string;
  birthDate: string;
  /** A minor: the guardian who consented. */
  guardianName?: string;
}

/**
 * One of each kind of person, in Đoàn phường Lê Chân (today's tree, units-2025.json), so a newcomer can sign in as any
 * of them and the organizer manages all the others.
 */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'tochuc.lechan',
    fullName: 'Phạm Thu Hà',
    roles: ['organizer'],
    unitCode: 'phuong-le-chan',
    birthDate: '1990-03-12',
  },
  {
    username: 'tacgia',
    fullName: 'Vũ Minh Đức',
    roles: ['author'],
    unitCode: 'phuong-le-chan',
    birthDate: '1988-09-01',
  },
  {
    username: 'nguoiduyet',
    fullName: 'Đỗ Thị Lan',
    roles: ['reviewer'],
    unitCode: 'phuong-le-chan',
    birthDate: '1985-11-20',
  },
  {
    username: 'quantro',
    fullName: 'Hoàng Văn Nam',
    roles: ['host'],
    unitCode: 'phuong-le-chan',
    birthDate: '1995-06-30',
  },
  {
    username: 'thisinh.an',
    fullName: 'Nguyễn Văn An',
    roles: ['participant'],
    unitCode: 'phuong-le-chan',
    birthDate: '2002-05-19',
  },
  {
    username: 'thisinh.binh',
    fullName: 'Trần Thị Bình',
    roles: ['participant'],
    unitCode: 'phuong-le-chan',
    birthDate: '2012-02-03',
    guardianName: 'Trần Văn Cường',
  },
];

@Injectable()
export class DemoAccountsSeeder {
  constructor(
    private readonly units: UnitRepository,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** Creates the demo accounts whose unit exists; an account that exists already is left alone. */
  async seedDemoAccounts(): Promise<{ created: string[] }> {
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const now = this.clock.now();
    const created: string[] = [];
    for (const account of DEMO_ACCOUNTS) {
      const unit = await this.units.findByCode(account.unitCode);
      if (!unit) continue;
      const minor = account.guardianName !== undefined;
      try {
        await this.users.insert({
          username: account.username,
          passwordHash,
          fullName: account.fullName,
          birthDate: account.birthDate,
          unitId: unit.id,
          roles: account.roles,
          population: minor ? 'teens' : account.roles.includes('participant') ? 'youth' : 'cadres',
          guardianName: account.guardianName ?? null,
          guardianConsentAt: minor ? now : null,
          childConsentAt: minor ? now : null,
          publicNameConsent: !minor,
          status: 'active',
        });
        created.push(account.username);
      } catch (error) {
        if (uniqueViolation(error) === null) throw error;
      }
    }
    return { created };
  }
}
