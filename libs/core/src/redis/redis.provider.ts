import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** The shared Redis connection when REDIS_URL is set (multi-instance mode); `client` is null in single-machine mode. */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = config.redisUrl
      ? new Redis(config.redisUrl, {
          maxRetriesPerRequest: 2,
          enableOfflineQueue: false,
          lazyConnect: false,
          enableAutoPipelining: true,
        })
      : null;
    // Errors surface through health and the callers; an unhandled 'error' event would crash the process.
    this.client?.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client) await closeRedis(this.client);
  }
}

/**
 * Closes a connection: QUIT when it is ready (what was sent before is answered first), else dropped at once: QUIT on a
 * connection still trying to reach Redis waits in its offline queue for as long as Redis is away, and the instance
 * would never finish shutting down. Commands still queued fail with "Connection is closed" in their callers.
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => undefined);
  else client.disconnect();
}
