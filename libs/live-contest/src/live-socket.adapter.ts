import type { Server as HttpServer } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { closeRedis } from '#core';

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

  /** `app`: the Nest app, or the HTTP server to attach to (as Nest's IoAdapter takes). */
  constructor(
    app: INestApplicationContext | HttpServer,
    private readonly redis: Redis | null,
    private readonly databaseUrl: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (this.redis) {
      // Their own connections (pub/sub needs them), queueing while connecting: the app's shared one does not. The
      // adapter sends without holding the reply (see handleFailuresOfUnheldCommands); not auto-pipelined, since an
      // auto-pipeline's own promises would fail beyond that guard's reach.
      const options = { enableOfflineQueue: true, maxRetriesPerRequest: null, enableAutoPipelining: false };
      const pub = this.redis.duplicate(options);
      const sub = this.redis.duplicate(options);
      for (const c of [pub, sub]) {
        c.on('error', () => undefined);
        handleFailuresOfUnheldCommands(c);
      }
      this.connections.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: `haidang-io:${deploymentKey(this.databaseUrl)}` }));
    }
    return server;
  }

  /**
   * Nest's default binds an rxjs pipeline per event per socket (fromEvent, mergeMap, takeUntil): with eight events that
   * is tens of kilobytes per socket, hundreds of megabytes at 10,000 players. Plain listeners do the same job: the
   * handler (already wrapped by Nest with the guards, the pipe and the filter) runs, and its return value is the ack.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    _transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args);
        Promise.resolve(callback(data, ack)).then(
          (response: unknown) => {
            if (response === undefined || response === null || isAckHandledManually) return;
            if (typeof ack === 'function') (ack as (r: unknown) => void)(response);
          },
          (error: unknown) => this.logger.error(error),
        );
      });
    }
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.connections.map(closeRedis));
  }
}

/** What the socket.io Redis adapter sends without holding the reply. */
const UNHELD_COMMANDS = ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'] as const;

/**
 * The socket.io Redis adapter publishes every broadcast, and subscribes and unsubscribes, without holding the promise:
 * one failing on a closing connection (a question's timer firing while the instance shuts down, the close's
 * unsubscribes while Redis is away) was an unhandled rejection, which fails a test run and ends a Node process. Such
 * a broadcast cannot be delivered either way (the instance or Redis is going away); its failure is handled here, and
 * the promise the adapter gets is still the command's own.
 */
function handleFailuresOfUnheldCommands(connection: Redis): void {
  for (const name of UNHELD_COMMANDS) {
    const send = connection[name].bind(connection) as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(connection, name, {
      configurable: true,
      value: (...args: unknown[]) => {
        const reply = send(...args);
        reply.catch(() => undefined);
        return reply;
      },
    });
  }
}
