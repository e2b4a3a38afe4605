import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Instances that share a database are one deployment; their Redis keys and channels carry its name, so two
 * deployments (or two test runs) on one Redis never drive each other's games.
 */
export function deploymentKey(databaseUrl: string): string {
  return new URL(databaseUrl).pathname.replace(/^\//, '') || 'default';
}

/**
 * The socket.io server of the app. With Redis (several instances), broadcasts fan out through the socket.io Redis
 * adapter, so a question emitted once by one instance reaches every instance's sockets in the room.
 */
export class LiveSocketAdapter extends IoAdapter {
  private readonly connections: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redis: Redis | null,
    private readonly databaseUrl: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (this.redis) {
      // Their own connections (pub/sub needs them), queueing while connecting: the app's shared one does not.
      const pub = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      const sub = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      for (const c of [pub, sub]) c.on('error', () => undefined);
      this.connections.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: `haidang-io:${deploymentKey(this.databaseUrl)}` }));
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.connections.map((c) => c.quit().catch(() => undefined)));
  }
}
