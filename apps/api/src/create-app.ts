import { existsSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import {
  type AppConfig,
  createValidationPipe,
  MetricsService,
  PinoNestLogger,
  RedisConnection,
  requestContextMiddleware,
} from '#core';
import { LiveSocketAdapter } from '#live-contest';
import { AppModule } from './app.module.js';
import { dataSourceOptions } from './database.js';
import { buildOpenApiDocument } from './openapi.js';

export const API_PREFIX = 'api/v1';

/** Serves a built single-page app under `mount`, falling back to its index.html for client-side routes. */
function serveWebApp(app: NestExpressApplication, mount: string, dir: string): void {
  if (!existsSync(path.join(dir, 'index.html'))) return;
  app.use(mount, express.static(dir, { index: false, maxAge: '1h' }));
  app.use(mount, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api/')) return next();
    res.sendFile(path.join(dir, 'index.html'));
  });
}

/**
 * A contest round opens with thousands of phones connecting in the same second: Node's default accept backlog (511)
 * overflows while the event loop is busy, and every dropped connection waits for TCP's SYN retry (1 s, 3 s, 7 s…).
 * The kernel caps it at net.core.somaxconn.
 */
const ACCEPT_BACKLOG = 4096;
const KEEP_ALIVE_MS = 65_000;

/** Listens like `app.listen`, with the deeper accept backlog (Nest passes the options object on to Node). */
export async function listen(app: NestExpressApplication, at: { port: number; host?: string }): Promise<void> {
  await app.listen({ ...at, backlog: ACCEPT_BACKLOG } as unknown as number);
  // Node closes an idle keep-alive connection after 5 s, racing a client (or a load balancer) that sends its next
  // request on it at that moment: the request fails with a reset. Keep them longer than the usual proxies' idle time.
  const server = app.getHttpServer();
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({
      config,
      databaseUrl,
      logger,
      dataSourceOptions: dataSourceOptions(databaseUrl, config.dbPoolSize),
    }),
    { logger: new PinoNestLogger(logger), bodyParser: false, abortOnError: false },
  );
  app.disable('x-powered-by');
  // API responses are not cached by clients; hashing every body for an ETag costs CPU on the answer path.
  app.set('etag', false);
  app.set('trust proxy', 'loopback, uniquelocal');
  app.use(requestContextMiddleware);
  const metrics = app.get(MetricsService);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics', '.well-known/jwks.json'] });
  app.useGlobalPipes(createValidationPipe());
  // Live games (socket.io /live): with REDIS_URL, broadcasts fan out to every instance through Redis.
  app.useWebSocketAdapter(new LiveSocketAdapter(app, app.get(RedisConnection).client, databaseUrl));
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveWebApp(app, '/admin', path.join(config.webRoot, 'admin', 'dist'));
  serveWebApp(app, '/', path.join(config.webRoot, 'portal', 'dist'));
  return app;
}
