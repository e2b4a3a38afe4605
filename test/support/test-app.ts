import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createRootLogger, loadConfig, type AppConfig } from '../../libs/core/src/index.js';
import { PasswordHasher } from '../../libs/identity/src/index.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import type { Role } from '../../libs/contracts/src/index.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  baseUrl: string;
  database: TestDatabase;
  dataSource: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The whole app on a fresh database, listening on port 0. Extra env (e.g. REDIS_URL) may be passed. With `database`,
 * the app runs on that one instead, and the caller keeps it (close() leaves it in place). With `logger`, the app logs
 * there (a test that reads the log).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { database?: TestDatabase; logger?: Logger } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    LOAD_DEMO_DATA: 'false',
    PASSWORD_HASH_CONCURRENCY: '4',
    ...env,
  });
  const logger = options.logger ?? createRootLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const app = await createApp(config, database.url, logger);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    http: request(app.getHttpServer()),
    baseUrl,
    database,
    dataSource: app.get(DataSource),
    config,
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}

export interface SeededUser {
  id: string;
  username: string;
  password: string;
  token: string;
}

/** Inserts a user straight into the database and signs them in through the API. */
export async function createUser(
  t: TestApp,
  options: {
    username: string;
    roles: Role[];
    unitId: string | null;
    password?: string;
    fullName?: string;
    birthDate?: string;
  },
): Promise<SeededUser> {
  const password = options.password ?? 'mat-khau-thu-nghiem';
  const hash = await t.app.get(PasswordHasher).hash(password);
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO app_user (username, password_hash, full_name, unit_id, roles, birth_date)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      options.username,
      hash,
      options.fullName ?? `Người dùng ${options.username}`,
      options.unitId,
      options.roles,
      options.birthDate ?? '1995-01-01',
    ],
  );
  const login = await t.http.post('/api/v1/auth/login').send({ username: options.username, password });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return { id: rows[0]!.id, username: options.username, password, token: login.body.accessToken as string };
}
