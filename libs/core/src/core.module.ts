import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSourceOptions } from 'typeorm';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenService } from './auth/token.service.js';
import { PortRegistry } from './ports/port-registry.js';
import { Clock } from './clock/clock.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { DATABASE_URL } from './database/database.tokens.js';
import { AllExceptionsFilter } from './errors/all-exceptions.filter.js';
import { HealthController } from './health/health.controller.js';
import { ROOT_LOGGER } from './http/logger.js';
import { JobQueue } from './jobs/job-queue.service.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { CoreMetrics } from './metrics/core-metrics.js';
import { MetricsService } from './metrics/metrics.service.js';
import { RedisConnection } from './redis/redis.provider.js';
import { AuditService } from './settings/audit.service.js';
import { SettingsService } from './settings/settings.service.js';

export interface CoreModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
  dataSourceOptions: DataSourceOptions;
}

/** Shared plumbing every domain module relies on: config, database, errors, auth guard, jobs, metrics, health. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    const shared = [
      { provide: APP_CONFIG, useValue: options.config },
      { provide: DATABASE_URL, useValue: options.databaseUrl },
      { provide: ROOT_LOGGER, useValue: options.logger },
      Clock,
      SettingsService,
      AuditService,
      TokenService,
      JobQueue,
      MetricsService,
      RedisConnection,
      PortRegistry,
    ];
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({ ...options.dataSourceOptions, autoLoadEntities: false }),
        EventEmitterModule.forRoot({ wildcard: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        ...shared,
        CoreMetrics,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
      exports: shared,
    };
  }
}
