import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DemoCertificates } from '#certificate';
import { DemoContest } from '#contest';
import { type AppConfig, projectRoot } from '#core';
import { DemoCourse } from '#course';
import {
  AuthService,
  demoUnitSeeds,
  DemoAccountsSeeder,
  type HistoryFixture,
  type HistoryMerge,
  historyMerges,
  normalizeUsername,
  type TodayFixture,
  IdentityDirectory,
  UnitService,
  UnitTreeWriter,
} from '#identity';
import { LiveGameService } from '#live-contest';
import { ImportService } from '#question-bank';
import { DemoPlanReport } from '#reporting';
import type { GeneratedAdministrator } from './welcome.js';

/** The repository's copy of the shared fixtures (units, plan targets, the sample bank). */
const fixturesDir = () => path.join(projectRoot(), 'fixtures');

const DEMO_MARKER = 'demo_data_loaded';

async function readFixture<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(fixturesDir(), file), 'utf8')) as T;
}

/**
 * The demo's 01/07/2025: each 2022–2024 unit merged into the one it became, through the same merge an organizer uses
 * (people, member counts and children move; the old unit stays, merged, for the results and reports that name it).
 * Done by the administrator, once it exists.
 */
async function mergeAsAdministrator(app: INestApplication, config: AppConfig, merges: HistoryMerge[]): Promise<void> {
  if (!merges.length) return;
  const identity = app.get(IdentityDirectory);
  const principal = await identity.principalOf(normalizeUsername(config.adminUsername));
  if (!principal) throw new Error('the administrator is missing');
  for (const { from, into } of merges) {
    const [source, target] = [await identity.unitByCode(from), await identity.unitByCode(into)];
    if (!source || !target) throw new Error(`demo reorganization: unit ${source ? into : from} is missing`);
    if (source.active) await app.get(UnitService).merge(principal, source.id, target.id);
  }
}

/**
 * First start: the administrator always; the demo data (unit tree, and what each later module adds) once, unless
 * turned off. A marker row keeps a restart from loading it twice. Returns the administrator's generated password when
 * this start created it.
 */
export async function seedOnFirstStart(
  app: INestApplication,
  config: AppConfig,
  logger: Logger,
): Promise<GeneratedAdministrator | null> {
  const dataSource = app.get(DataSource);
  let reorganization: HistoryMerge[] = [];
  if (config.loadDemoData) {
    const inserted: unknown[] = await dataSource.query(
      "INSERT INTO system_setting (key, value) VALUES ($1, 'loading') ON CONFLICT (key) DO NOTHING RETURNING key",
      [DEMO_MARKER],
    );
    if (inserted.length) {
      // Today's tree (units-2025.json), and the 2022–2024 one (units.json) as the history merged into it below.
      const history = await readFixture<HistoryFixture>('units.json');
      const today = await readFixture<TodayFixture>('units-2025.json');
      const { created } = await app.get(UnitTreeWriter).writeTree(demoUnitSeeds(history, today));
      reorganization = historyMerges(history, today);
      await app.get(DemoAccountsSeeder).seedDemoAccounts();
      const demoBank = await app.get(ImportService).seedDemoBank();
      await app.get(DemoContest).seedDemoContest(demoBank?.bankId ?? null);
      if (demoBank) {
        await app.get(LiveGameService).seedDemoLiveGame(demoBank.bankId);
        await app.get(LiveGameService).seedDemoFinishedGame(demoBank.bankId);
      }
      await app.get(DemoCertificates).seedDemoCertificates();
      // Before the reorganization below: 2024's figures recorded under old units count toward the units they became.
      await app.get(DemoPlanReport).seedDemoPlanReport(reorganization);
      await app.get(DemoCourse).seedDemoCourse(demoBank?.bankId ?? null);
      await dataSource.query("UPDATE system_setting SET value = 'done' WHERE key = $1", [DEMO_MARKER]);
      logger.info({ units: created }, 'demo data loaded');
    }
  }
  const root = await app.get(IdentityDirectory).rootUnit();
  const admin = await app.get(AuthService).ensureAdministrator(root?.id ?? null);
  await mergeAsAdministrator(app, config, reorganization);
  // The start's welcome prints it once (welcome.ts), after the address to open.
  return admin?.generatedPassword ? { username: admin.username, password: admin.generatedPassword } : null;
}
