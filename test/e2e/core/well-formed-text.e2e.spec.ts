import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { seedShortAnswerRound } from '../../support/poisoned-saves.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';

/**
 * Issue #20, item 4: a string holding NUL or a lone surrogate, anywhere a client can put one, is refused with 400
 * VALIDATION_FAILED (an ack with that code on a socket), never a 5xx. The routes come from the OpenAPI document the
 * app serves and the socket events from the event map in contracts, so a new route or event is covered without
 * touching this test.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type Operation = {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const MALFORMED = ['\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
/** Text around one malformed code unit, the unit anywhere in it. */
const malformedText = fc
  .tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...MALFORMED), fc.string({ maxLength: 6 }))
  .map(([before, bad, after]) => before + bad + after);
const RUNS_PER_ROUTE = 8;
const RUNS_PER_EVENT = 10;

/** A value the schema accepts (roughly: enough for the request to look real), nested up to a few levels. */
function sample(schema: Schema | undefined, doc: OpenApi, depth = 0): unknown {
  if (!schema || depth > 5) return 'chữ';
  if (schema.$ref) return sample(doc.components.schemas[schema.$ref.split('/').pop()!], doc, depth + 1);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((s) => sample(s, doc, depth + 1) as Record<string, unknown>));
  const alternative = schema.oneOf ?? schema.anyOf;
  if (alternative) return sample(alternative[0], doc, depth + 1);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items, doc, depth + 1)];
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return '2000-01-01';
      return 'chữ';
  }
  if (schema.properties)
    return Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, sample(s, doc, depth + 1)]));
  if (typeof schema.additionalProperties === 'object') return { khoa: sample(schema.additionalProperties, doc, depth) };
  return schema.type === 'object' ? {} : 'chữ';
}

/** The paths of every leaf (string, number, boolean, null) of a JSON value. */
function leafPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...at, i]));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length ? entries.flatMap(([k, v]) => leafPaths(v, [...at, k])) : [at];
  }
  return [at];
}

function setAt(value: unknown, at: (string | number)[], leaf: unknown): unknown {
  if (at.length === 0) return leaf;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = leaf;
  return copy;
}

/** Percent-encodes a URL component; a lone surrogate (which UTF-8 cannot hold) goes as its three WTF-8 bytes. */
function encodeComponent(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0xd800 || cp > 0xdfff) out += encodeURIComponent(ch);
    else
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
  }
  return out;
}

/** The client → server events of the event map, each with its payload's fields and their types, from contracts. */
function socketEvents(): { event: string; fields: [name: string, type: string][] }[] {
  const source = readFileSync(path.resolve(import.meta.dirname, '../../../libs/contracts/src/live.ts'), 'utf8');
  const map = /export interface LiveClientToServerEvents \{([\s\S]*?)\n\}/.exec(source)![1]!;
  return [...map.matchAll(/'([\w:-]+)': \(payload: (\w+)/g)].map(([, event, payloadType]) => {
    const body = new RegExp(`export interface ${payloadType} \\{([\\s\\S]*?)\\n\\}`).exec(source)![1]!;
    return {
      event: event!,
      fields: [...body.matchAll(/^\s+(\w+)\??: ([\w[\]]+)/gm)].map((m): [string, string] => [m[1]!, m[2]!]),
    };
  });
}

/**
 * A value of a payload field that its event's checks accept, so that only the malformed field can be the reason for
 * a refusal (a PIN has its own shape).
 */
function validValue(name: string, type: string): unknown {
  if (name === 'pin') return '123456';
  if (type === 'number') return 1;
  if (type === 'string[]') return ['a'];
  return name.endsWith('Id') ? randomUUID() : 'An';
}

describe('text holding NUL or a lone surrogate, on every route and socket event', () => {
  let t: TestApp;
  let doc: OpenApi;
  let admin: SeededUser;
  /** Real ids by path parameter name, so a request can reach past a lookup; anything else gets a random id. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ API_DOCS_PUBLIC: 'true' });
    const { roundId, contestId, bankId, participants } = await seedShortAnswerRound(t, {
      participants: 1,
      questions: 2,
    });
    admin = await createUser(t, {
      username: 'admin-malformed',
      roles: ['admin', 'organizer', 'author', 'reviewer', 'host', 'participant'],
      unitId: null,
    });
    // Routes about a person act on somebody else, so a request that gets through never locks the admin out.
    const somebody = await createUser(t, { username: 'nguoi-khac', roles: ['participant'], unitId: null });
    Object.assign(ids, {
      roundId,
      contestId,
      bankId,
      attemptId: participants[0]!.attemptId,
      questionId: participants[0]!.questionIds[0]!,
      userId: somebody.id,
      version: '1',
    });
    doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApi;
  });
  afterAll(async () => t?.close());

  it('reads a route list and an event map that are not empty', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(40);
    expect(socketEvents().map((e) => e.event)).toEqual(expect.arrayContaining(['player:join', 'player:answer']));
  });

  it('every route answers 400 VALIDATION_FAILED (never a 5xx) in path, query, body and multipart, with or without a token', async () => {
    const routes = Object.entries(doc.paths).flatMap(([route, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ route, method, operation })),
    );
    const failures = new Map<string, string>();
    for (const { route, method, operation } of routes) {
      const name = `${method.toUpperCase()} ${route}`;
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const queryParams = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json'];
      const multipart = content['multipart/form-data'];
      const body = json ? sample(json.schema, doc) : undefined;
      const places = [
        'query',
        ...(pathParams.length ? ['path'] : []),
        ...(json ? ['body', 'whole body'] : []),
        ...(multipart ? ['file name', 'form field'] : []), // both start with f (see unauthenticatedUpload)
      ];
      await fc
        .assert(
          fc.asyncProperty(
            fc.constantFrom(...places),
            malformedText,
            fc.nat(),
            fc.boolean(),
            async (place, bad, pick, withToken) => {
              const params = Object.fromEntries(pathParams.map((p) => [p, encodeComponent(ids[p] ?? randomUUID())]));
              if (place === 'path') params[pathParams[pick % pathParams.length]!] = encodeComponent(bad);
              const url = route.replace(/\{(\w+)\}/g, (_, p: string) => params[p]!);
              const query =
                place === 'query'
                  ? `?${encodeComponent(queryParams[pick % queryParams.length] ?? 'q')}=${encodeComponent(bad)}`
                  : '';
              let req = t.http[method as 'get'](url + query);
              if (withToken) req = req.set('Authorization', `Bearer ${admin.token}`);
              if (place === 'body') {
                const leaves = leafPaths(body);
                req = req.send(setAt(body, leaves[pick % leaves.length]!, bad) as object);
              } else if (place === 'whole body') {
                req = req.set('Content-Type', 'application/json').send(JSON.stringify(bad));
              } else if (place === 'file name') {
                req = req.attach('file', Buffer.from('::Q::Câu? {=Có}\n'), `${bad}.gift`);
              } else if (place === 'form field') {
                req = req.field('ghi-chu', bad).attach('file', Buffer.from('::Q::Câu? {=Có}\n'), 'ngan-hang.gift');
              } else if (json) {
                req = req.send(body as object);
              }
              const res = await req.catch((error: Error) => ({ status: 599, body: { code: error.message } }));
              // In a query or a multipart header a lone surrogate cannot travel as itself (UTF-8 has no bytes for it):
              // what arrives is a replacement character or the raw escapes. In the path the router cannot decode
              // them and refuses the URL. A NUL arrives as itself everywhere but in a part's header, where the
              // multipart parser may end the file name at it (then a clean name arrives: no 5xx is all to ask).
              const arrivesIntact =
                place === 'body' ||
                place === 'whole body' ||
                place === 'path' ||
                (bad.includes('\u0000') && place !== 'file name');
              const refused = res.status === 400 && res.body.code === 'VALIDATION_FAILED';
              // A multipart body is read after the guard (by the upload interceptor): without a token, 401 comes first.
              const unauthenticatedUpload = !withToken && place.startsWith('f') && res.status === 401;
              const ok = res.status < 500 && (!arrivesIntact || refused || unauthenticatedUpload);
              if (!ok && !failures.has(name))
                failures.set(name, `${place}, ${JSON.stringify(bad)}: ${res.status} ${res.body.code}`);
              return ok;
            },
          ),
          { numRuns: RUNS_PER_ROUTE },
        )
        .catch(() => undefined);
    }
    expect(Object.fromEntries(failures)).toEqual({});
  });

  it('every client socket event acks VALIDATION_FAILED for such a string in any field or as the payload', async () => {
    const connect = (token?: string) =>
      new Promise<Socket>((resolve, reject) => {
        const socket = io(`${t.baseUrl}/live`, {
          transports: ['websocket'],
          auth: token ? { token } : {},
          forceNew: true,
          reconnection: false,
        });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    const sockets = { anonymous: await connect(), host: await connect(admin.token) };
    const failures = new Map<string, string>();
    try {
      for (const { event, fields } of socketEvents()) {
        await fc
          .assert(
            fc.asyncProperty(
              fc.constantFrom(...fields.map(([name]) => name), '(payload)'),
              malformedText,
              fc.boolean(),
              async (field, bad, withToken) => {
                const payload =
                  field === '(payload)'
                    ? bad
                    : {
                        ...Object.fromEntries(fields.map(([name, type]) => [name, validValue(name, type)])),
                        [field]: bad,
                      };
                const socket = withToken ? sockets.host : sockets.anonymous;
                const ack = (await socket
                  .timeout(5_000)
                  .emitWithAck(event, payload)
                  .catch((error: Error) => ({ ok: false, error: { code: error.message } }))) as {
                  ok: boolean;
                  error?: { code: string };
                };
                const ok = !ack.ok && ack.error?.code === 'VALIDATION_FAILED';
                if (!ok && !failures.has(event))
                  failures.set(event, `${field}, ${JSON.stringify(bad)}: ${JSON.stringify(ack)}`);
                return ok;
              },
            ),
            { numRuns: RUNS_PER_EVENT },
          )
          .catch(() => undefined);
      }
    } finally {
      sockets.anonymous.close();
      sockets.host.close();
    }
    expect(Object.fromEntries(failures)).toEqual({});
  });
});
