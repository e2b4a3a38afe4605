import { setTimeout as sleep } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { HealthController } from '#core';

/**
 * Every response sent after readiness turned red closes its connection, so keep-alive clients (and a balancer's
 * pooled connections) reconnect to another instance instead of racing the listener's close on an idle connection,
 * and the server's close is not held up by connections left idle (open until their keep-alive timeout otherwise).
 * Decided when the response is sent, so a request received before the signal and answered after it closes too.
 */
export function closeConnectionsWhileShuttingDown(app: NestFastifyApplication): void {
  const health = app.get(HealthController);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (req, reply, payload, done) => {
      if (health.isShuttingDown && req.raw.httpVersionMajor === 1) void reply.header('Connection', 'close');
      done(null, payload);
    });
}

/**
 * SIGTERM: readiness turns red at once, requests are still served for `delayMs` (the time a balancer takes to notice
 * and stop sending), then Nest closes in this order: socket.io (its clients see the transport close and reconnect,
 * through the balancer, to another instance), the HTTP listener (no new connections; every request already received
 * is answered, answer-save batches included, before the server's close completes), and only then the shutdown hooks
 * that end the job queue, Redis and the database pool.
 */
export async function drainAndClose(app: NestFastifyApplication, delayMs: number, logger: Logger): Promise<void> {
  app.get(HealthController).markShuttingDown();
  logger.info({ delayMs }, 'readiness is red; serving until the delay is over');
  await sleep(delayMs);
  logger.info('closing: no new connections, finishing the requests received');
  await app.close();
}
