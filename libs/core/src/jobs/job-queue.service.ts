import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ROOT_LOGGER } from '../http/logger.js';
import { DATABASE_URL } from '../database/database.tokens.js';

const DEADLOCK_DETECTED = '40P01';

export type JobHandler<T> = (data: T, jobId: string) => Promise<void>;

/**
 * Background jobs in PostgreSQL (pg-boss), the same in both deployment modes. A job can be enqueued inside the
 * transaction of the write that causes it, so it exists if and only if that write commits.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private boss: PgBoss;
  private readonly queues = new Map<string, Promise<void>>();
  private queueCreation: Promise<void> = Promise.resolve();
  private started = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.boss = new PgBoss({
      connectionString: this.databaseUrl,
      schema: 'pgboss',
      max: 3,
      application_name: 'haidang-jobs',
    });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
    await this.boss.start();
    this.started = true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 10_000, wait: true });
  }

  /**
   * Creates each queue once. pg-boss's create_queue inserts the queue's row and then adds foreign keys to that table
   * on the queue's new partition, so two creations at once deadlock (seen at start-up with several subscriptions).
   * Within the process they run one after another; between instances starting together PostgreSQL aborts one of
   * the two, which tries again and finds the queue made.
   */
  private ensureQueue(name: string): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      created = this.queueCreation.then(() => this.createQueue(name));
      this.queueCreation = created.catch(() => undefined);
      this.queues.set(name, created);
      created.catch(() => this.queues.delete(name));
    }
    return created;
  }

  private async createQueue(name: string, attempt = 1): Promise<void> {
    try {
      await this.boss.createQueue(name);
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK_DETECTED || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 50));
      await this.createQueue(name, attempt + 1);
    }
  }

  /** Enqueues a job; with `manager` it commits or rolls back together with that transaction. */
  async send(
    name: string,
    data: object,
    options: PgBoss.SendOptions = {},
    manager?: EntityManager,
  ): Promise<string | null> {
    await this.ensureQueue(name);
    const db: PgBoss.Db | undefined = manager
      ? { executeSql: async (text, values) => ({ rows: (await manager.query(text, values)) as unknown[] }) }
      : undefined;
    return this.boss.send(name, data, { retryLimit: 3, retryBackoff: true, ...options, ...(db ? { db } : {}) });
  }

  async work<T extends object>(
    name: string,
    handler: JobHandler<T>,
    options: { batchSize?: number } = {},
  ): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.work<T>(name, { batchSize: options.batchSize ?? 1, pollingIntervalSeconds: 1 }, async (jobs) => {
      for (const job of jobs) await handler(job.data, job.id);
    });
  }

  /**
   * Publishes a domain event (contracts' DOMAIN_EVENTS): one job on each queue subscribed to it, enqueued with
   * `manager` inside that transaction. Unlike pg-boss's own publish, a failed send fails the caller (and so rolls the
   * transaction back) instead of being dropped, and the subscriptions are read on the same connection.
   */
  async publish(event: string, data: object, manager?: EntityManager): Promise<void> {
    const sql = 'SELECT name FROM pgboss.subscription WHERE event = $1 ORDER BY name';
    const rows = (
      manager ? await manager.query(sql, [event]) : (await this.boss.getDb().executeSql(sql, [event])).rows
    ) as { name: string }[];
    for (const { name } of rows) await this.send(name, data, {}, manager);
  }

  /**
   * Gives `queue` (named after the listening library, e.g. `certificate.course-completed`) its own copy of every
   * later `event`, and works it with `handler`. Subscriptions are rows in PostgreSQL: every instance that subscribes
   * shares them, and an event published while no instance runs waits in the queue.
   */
  async subscribe<T extends object>(event: string, queue: string, handler: JobHandler<T>): Promise<void> {
    await this.ensureQueue(queue);
    await this.boss.subscribe(event, queue);
    await this.work<T>(queue, handler);
  }

  async queueDepth(): Promise<number> {
    if (!this.started) return 0;
    const rows = await this.boss
      .getDb()
      .executeSql("SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry')", []);
    return (rows.rows[0] as { n: number }).n;
  }

  instanceId(): string {
    return this.config.instanceId;
  }
}
