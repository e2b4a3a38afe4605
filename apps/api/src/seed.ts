import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { RoundService } from '#contest';
import { projectRoot, type AppConfig } from '#core';
import { AuthService, DemoAccountsSeeder, UnitRepository, UnitTreeWriter, unitSeedsFromFixture } from '#identity';
import { LiveGameService } from '#live-contest';
import { ImportService } from '#question-bank';
import type { GeneratedAdministrator } from './welcome.js';

/** The repository's copy of the shared fixtures (units, plan targets, the sample bank). */
const fixturesDir = () => path.join(projectRoot(), 'fixtures');

const DEMO_MARKER = 'demo_data_loaded';

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
  const units = app.get(UnitRepository);
  if (config.loadDemoData) {
    const inserted: unknown[] = await dataSource.query(
      "INSERT INTO system_setting (key, value) VALUES ($1, 'loading') ON CONFLICT (key) DO NOTHING RETURNING key",
      [DEMO_MARKER],
    );
    if (inserted.length) {
      const fixture = JSON.parse(await readFile(path.join(fixturesDir(), 'units.json'), 'utf8')) as Parameters<
        typeof unitSeedsFromFixture
      >[0];
      const { created } = await app.get(UnitTreeWriter).writeTree(unitSeedsFromFixture(fixture));
      await app.get(DemoAccountsSeeder).seedDemoAccounts();
      const demoBank = await app.get(ImportService).seedDemoBank();
      await app.get(RoundService).seedDemoContest(demoBank?.bankId ?? null);
      if (demoBank) await app.get(LiveGameService).seedDemoLiveGame(demoBank.bankId);
      await dataSource.query("UPDATE system_setting SET value = 'done' WHERE key = $1", [DEMO_MARKER]);
      logger.info({ units: created }, 'demo data loaded');
    }
  }
  const root = (await units.findActiveChildren(null))[0] ?? null;
  const admin = await app.get(AuthService).ensureAdministrator(root?.id ?? null);
  // The start's welcome prints it once (welcome.ts), after the address to open.
  return admin?.generatedPassword ? { username: admin.username, password: admin.generatedPassword } : null;
}
