import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.service.js';
import { MetricsService } from './metrics.service.js';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Database pool use and job queue depth, read when Prometheus scrapes. */
@Injectable()
export class CoreMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    const pool = () => (this.dataSource.driver as unknown as { master?: PgPool }).master;
    this.metrics.gauge('db_pool_connections_total', 'Open database connections', () => pool()?.totalCount ?? 0);
    this.metrics.gauge('db_pool_connections_idle', 'Idle database connections', () => pool()?.idleCount ?? 0);
    this.metrics.gauge('db_pool_waiting_requests', 'Queries waiting for a connection', () => pool()?.waitingCount ?? 0);
    this.metrics.gauge('job_queue_depth', 'Jobs waiting to run', () => this.jobs.queueDepth().catch(() => -1));
  }
}
