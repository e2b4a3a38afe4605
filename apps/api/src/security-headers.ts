import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { VIDEO_EMBED_ORIGINS } from '#course';

type HeaderSetter = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** A Host header that can be written into a policy as it is (no `;`, space or quote can close the directive). */
const PLAIN_HOST = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+(?::\d{1,5})?$/i;

/**
 * The socket.io connection of the page's own origin. CSP 3 lets 'self' match ws:/wss: of the same host, but browsers
 * from before that (older iOS Safari, still on many phones) need the scheme spelled out.
 */
function ownWebSocket(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * The built admin and portal (Vite): every script is a file of their own origin, never inline. Styles may be inline
 * because MUI's emotion writes <style> elements at run time; images and media may be data: or blob: URLs (stored
 * question images, downloads made in the page); a frame may show a blob: the page made itself (the certificate
 * designer's PDF preview, fetched with the organizer's token), and a course's video lessons play in the frames of the
 * players libs/course embeds (VIDEO_EMBED_ORIGINS). Nothing may frame them.
 */
const WEB_APP_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  mediaSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'", ownWebSocket],
  frameSrc: ["'self'", 'blob:', ...VIDEO_EMBED_ORIGINS],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** JSON, files and metrics: nothing in them may load anything or be framed. */
const API_POLICY = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };

/** Shared by every response: no MIME sniffing, only the origin sent to other sites, no framing for old browsers. */
const COMMON = {
  strictTransportSecurity: false,
  xContentTypeOptions: true,
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  xFrameOptions: { action: 'deny' },
} as const;

const webAppHeaders: HeaderSetter = helmet({
  ...COMMON,
  contentSecurityPolicy: { useDefaults: false, directives: WEB_APP_POLICY },
});

const ignore = () => undefined;

/**
 * The headers a helmet setter writes when none of its directives depends on the request, worked out once: calling
 * helmet costs about 3 µs a request (it rebuilds the policy string), setting the same headers directly about a third
 * of that, on the answer path's every save.
 */
function fixed(setter: HeaderSetter): HeaderSetter {
  const probe = new ServerResponse(new IncomingMessage(new Socket()));
  setter(probe.req, probe, ignore);
  const headers = Object.entries(probe.getHeaders()).map(([name, value]) => [name, String(value)] as const);
  return (_req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  };
}

const apiHeaders: HeaderSetter = fixed(
  helmet({
    ...COMMON,
    contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  }),
);

/**
 * Which headers a path gets, first matching prefix wins; anything else is a web app page or file. Swagger UI
 * (/api/docs) is a page like the apps (external scripts, inline styles, data: images) and takes their policy. A path
 * that must be framed (the portal's future SCORM packages: same origin, sandboxed) gets an entry of its own here with
 * `frameAncestors: ["'self'"]` and `xFrameOptions: { action: 'sameorigin' }`.
 */
const BY_PATH: [prefix: string, headers: HeaderSetter][] = [
  ['/api/docs', webAppHeaders],
  ['/api/', apiHeaders],
  ['/metrics', apiHeaders],
  ['/.well-known/', apiHeaders],
  ['/socket.io/', apiHeaders],
];

/**
 * Sent only on a request that came over TLS (directly, or through a trusted proxy's X-Forwarded-Proto): a browser
 * ignores it over plain HTTP anyway, and a deployment still on HTTP must not promise HTTPS for a year.
 */
const hsts: HeaderSetter = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600 });

/** Fastify onRequest hook: the browser security headers of the path (built once at start; per request, only set). */
export function securityHeadersHook(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const url = req.url;
  const headers = BY_PATH.find(([prefix]) => url.startsWith(prefix))?.[1] ?? webAppHeaders;
  headers(req.raw, reply.raw, ignore);
  if (req.protocol === 'https') hsts(req.raw, reply.raw, ignore);
  done();
}
