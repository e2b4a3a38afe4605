import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import {
  type AppConfig,
  createValidationPipe,
  frameworkErrorHandler,
  internalAccessHook,
  MetricsService,
  PinoNestLogger,
  RedisConnection,
  requestContextHook,
  wellFormedTextHook,
} from '#core';
import { LiveSocketAdapter } from '#live-contest';
import { AppModule } from './app.module.js';
import { dataSourceOptions } from './database.js';
import { buildOpenApiDocument } from './openapi.js';
import { securityHeadersHook } from './security-headers.js';
import { closeConnectionsWhileShuttingDown } from './shutdown.js';

export const API_PREFIX = 'api/v1';

/** Paths the portal's fallback at / must leave alone: an unknown one there is a 404, not the app's page. */
const NOT_THE_APP = /^\/(api|admin|live|socket\.io|metrics|\.well-known)(\/|\?|$)/;

/** Serves a built single-page app under `mount`, falling back to its index.html for client-side routes. */
async function serveWebApp(app: NestFastifyApplication, mount: string, dir: string): Promise<void> {
  const indexFile = path.join(dir, 'index.html');
  if (!existsSync(indexFile)) return;
  const prefix = mount.endsWith('/') ? mount : `${mount}/`;
  // Routes for the files that exist at startup (a build is immutable), so anything else falls to index.html below.
  const assets = `${path.sep}assets${path.sep}`;
  await app.register(fastifyStatic, {
    root: dir,
    prefix,
    wildcard: false,
    index: false,
    // Vite names every file under assets/ by its content: a phone keeps it for good and never asks again (on a poor
    // link each question costs a round trip). The rest (sw.js, the manifest, the icon) is asked again each time, so
    // a deploy reaches the phone at once.
    cacheControl: false,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', file.includes(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
    decorateReply: false,
    // The build writes .br and .gz copies next to each file (apps/portal): a phone on a slow link gets a third.
    preCompressed: true,
  });
  const indexHtml = readFileSync(indexFile);
  const sendIndex = (req: FastifyRequest, reply: FastifyReply) => {
    if (prefix === '/' && NOT_THE_APP.test(req.url)) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml);
  };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(`${prefix}*`, sendIndex);
  if (prefix !== '/') fastify.get(mount, sendIndex);
}

/**
 * A contest round opens with thousands of phones connecting in the same second: Node's default accept backlog (511)
 * overflows while the event loop is busy, and every dropped connection waits for TCP's SYN retry (1 s, 3 s, 7 s…).
 * The kernel caps it at net.core.somaxconn.
 */
const ACCEPT_BACKLOG = 4096;
const KEEP_ALIVE_MS = 65_000;

/** Listens like `app.listen`, with the deeper accept backlog (Fastify passes it on to Node's `server.listen`). */
export async function listen(app: NestFastifyApplication, at: { port: number; host?: string }): Promise<void> {
  await app.listen({ ...at, backlog: ACCEPT_BACKLOG });
  // Node closes an idle keep-alive connection after 5 s, racing a client (or a load balancer) that sends its next
  // request on it at that moment: the request fails with a reset. Keep them longer than the usual proxies' idle time.
  const server = app.getHttpServer();
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

/** A request body (JSON) may be at most this big; uploads have their own limits (FileUploadInterceptor). */
const BODY_LIMIT = 1024 * 1024;

export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger,
): Promise<NestFastifyApplication> {
  // Fastify rather than Express: on the answer path the Express router and body-parser cost about as much CPU as
  // the rest of the request (bench/RESULTS.md, "Contests → Fourth pass").
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: 'loopback,uniquelocal',
    keepAliveTimeout: KEEP_ALIVE_MS,
    routerOptions: { ignoreTrailingSlash: true },
    // A URL the router cannot decode gets the shared error body (VALIDATION_FAILED), not Fastify's own.
    frameworkErrors: frameworkErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      databaseUrl,
      logger,
      dataSourceOptions: dataSourceOptions(databaseUrl, config.dbPoolSize),
    }),
    adapter,
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  // An empty body sent as JSON (a POST with no payload) is no body, as clients expect, not a parse error.
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT }, (req, body, done) =>
    // Fastify's own parser takes the bytes as they are (its typing only names the string form).
    body.length === 0 ? done(null, undefined) : parseJson(req, body as unknown as string, done),
  );
  await app.register(fastifyMultipart);
  fastify.addHook('onRequest', requestContextHook);
  closeConnectionsWhileShuttingDown(app);
  fastify.addHook('onRequest', securityHeadersHook);
  // /metrics for a scraper's token or the internal networks; /api/docs public only when API_DOCS_PUBLIC says so.
  fastify.addHook('onRequest', internalAccessHook(config));
  // NUL and lone surrogates are refused once for every route, before anything reads the input (issue #20).
  fastify.addHook('preValidation', wellFormedTextHook);
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', (req, reply, done) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics', '.well-known/jwks.json'] });
  app.useGlobalPipes(createValidationPipe());
  // Live games (socket.io /live): with REDIS_URL, broadcasts fan out to every instance through Redis.
  app.useWebSocketAdapter(new LiveSocketAdapter(app, app.get(RedisConnection).client, databaseUrl));
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await serveWebApp(app, '/admin', path.join(config.webRoot, 'admin', 'dist'));
  await serveWebApp(app, '/', path.join(config.webRoot, 'portal', 'dist'));
  return app;
}
