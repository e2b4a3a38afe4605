import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  DemoAccountsSeeder,
  demoUnitSeeds,
  UnitTreeWriter,
} from '../../../libs/identity/src/index.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('demo accounts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const fixture = async (file: string) =>
      JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../../fixtures', file), 'utf8'));
    await t.app
      .get(UnitTreeWriter)
      .writeTree(demoUnitSeeds(await fixture('units.json'), await fixture('units-2025.json')));
  });
  afterAll(async () => t?.close());

  it('creates one account of each kind on the city tree, each able to sign in with the documented password', async () => {
    const { created } = await t.app.get(DemoAccountsSeeder).seedDemoAccounts();
    expect(created).toEqual(DEMO_ACCOUNTS.map((a) => a.username));
    for (const account of DEMO_ACCOUNTS) {
      const res = await t.http.post('/api/v1/auth/login').send({ username: account.username, password: DEMO_PASSWORD });
      expect({ username: account.username, status: res.status }).toEqual({ username: account.username, status: 200 });
      expect(res.body.user.roles).toEqual(account.roles);
    }
    const child = await t.http.post('/api/v1/auth/login').send({ username: 'thisinh.binh', password: DEMO_PASSWORD });
    expect(child.body.user).toMatchObject({ isMinor: true, publicName: 'T. T. Bình' });
    const [consent] = await t.dataSource.query(
      "SELECT guardian_consent_at, child_consent_at FROM app_user WHERE username = 'thisinh.binh'",
    );
    expect(consent.guardian_consent_at).not.toBeNull();
    expect(consent.child_consent_at).not.toBeNull();
  });

  it('lets the demo organizer manage Đoàn phường Lê Chân only', async () => {
    const login = await t.http.post('/api/v1/auth/login').send({ username: 'tochuc.lechan', password: DEMO_PASSWORD });
    const token = login.body.accessToken as string;
    const people = await t.http.get('/api/v1/users?pageSize=200').set('Authorization', `Bearer ${token}`).expect(200);
    expect(people.body.items.every((u: { unit: { code: string } }) => u.unit.code === 'phuong-le-chan')).toBe(true);
    expect(people.body.total).toBe(DEMO_ACCOUNTS.length);
  });

  it('leaves existing accounts alone when run again', async () => {
    expect(await t.app.get(DemoAccountsSeeder).seedDemoAccounts()).toEqual({ created: [] });
  });
});
