import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { toErrorBody } from '../errors/all-exceptions.filter.js';
import { contextOf } from './request-context.js';

/** Whether an address (as Fastify reports it, IPv4-mapped IPv6 included) is inside one of the CIDR ranges. */
export function addressMatcher(cidrs: readonly string[]): (address: string) => boolean {
  const list = new net.BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/') as [string, string];
    list.addSubnet(address, Number(bits), net.isIPv6(address) ? 'ipv6' : 'ipv4');
  }
  return (address) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const plain = mapped ?? address;
    const family = net.isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(req: FastifyRequest, reply: FastifyReply, error: AppError): void {
  const { language, correlationId } = contextOf(req);
  const { status, body } = toErrorBody(error, language, correlationId);
  void reply.status(status).send(body);
}

/**
 * Fastify onRequest hook guarding what only operators read. /metrics: a Prometheus scraper with the bearer
 * METRICS_TOKEN, or any caller from INTERNAL_NETWORKS. /api/docs (UI and JSON): everyone when API_DOCS_PUBLIC,
 * otherwise the internal networks only, answered as a missing route to the others. Matched on the route Fastify
 * found (not the raw URL), so an encoded or trailing-slash spelling of the path is guarded the same way. The
 * caller's address is `req.ip`: behind a proxy on a trusted address it is the client's, not the proxy's.
 */
export function internalAccessHook(config: AppConfig) {
  const isInternal = addressMatcher(config.internalNetworks);
  const expectedAuthorization = config.metricsToken ? `Bearer ${config.metricsToken}` : undefined;
  return (req: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const route = req.routeOptions.url;
    if (route === undefined) return done();
    if (route === '/metrics') {
      const authorization = req.headers.authorization;
      const tokenOk = !!expectedAuthorization && !!authorization && sameSecret(authorization, expectedAuthorization);
      if (tokenOk || isInternal(req.ip)) return done();
      return refuse(req, reply, new AppError('UNAUTHENTICATED'));
    }
    if (!config.apiDocsPublic && route.startsWith('/api/docs') && !isInternal(req.ip))
      return refuse(req, reply, new AppError('ROUTE_NOT_FOUND'));
    done();
  };
}
