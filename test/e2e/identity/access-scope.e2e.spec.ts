import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_ROLES } from '../../../libs/core/src/index.js';
import type { Role } from '../../../libs/contracts/src/index.js';
import { seedSmallTree } from '../../factories/units.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';

/**
 * The access-scope proof: every route of the OpenAPI document (so routes other modules add later are walked too),
 * called by every role, with empty, garbage and well-formed input. What each route demands (public, roles) is read
 * from the same decorators the guard reads; what the scope must refuse is stated here, independently.
 */

type Caller = 'admin' | 'organizerA' | 'organizerB' | 'author' | 'reviewer' | 'host' | 'participant' | 'anonymous';
const CALLERS: Caller[] = [
  'admin',
  'organizerA',
  'organizerB',
  'author',
  'reviewer',
  'host',
  'participant',
  'anonymous',
];
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof HTTP_METHODS)[number];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface Route {
  method: Method;
  /** As in the document: /api/v1/units/{unitId} */
  path: string;
  op: Operation;
  isPublic: boolean;
  roles: Role[];
}

/** Ids the walk fills in: per side of the tree, a unit and a person, plus a second unit for bodies. */
interface Side {
  unit: string;
  otherUnit: string;
  user: string;
}

const GARBAGE_BODY = {
  name: { $gt: '' },
  title: "'; DROP TABLE app_user; --",
  unitId: 'not-a-uuid',
  roles: 'admin',
  count: -1,
  items: [null, {}, [[]]],
  text: '<script>alert(1)</script>',
};
const GARBAGE_QUERY = '?page=-1&pageSize=1e9&q=%00%27%22&unitId=x&limit=abc&format=%3Cx%3E&dryRun=maybe';

const isUnitParam = (name: string, path: string) => /unitid$/i.test(name) || (name === 'id' && /\/units\//.test(path));
const isUserParam = (name: string, path: string) => /userid$/i.test(name) || (name === 'id' && /\/users\//.test(path));

describe('access scope: every route, every role', () => {
  let t: TestApp;
  let routes: Route[];
  let components: Record<string, Schema>;
  const tokens: Partial<Record<Caller, string>> = {};
  let sideA: Side;
  let sideB: Side;

  beforeAll(async () => {
    t = await startTestApp();
    const ids = await seedSmallTree(t);
    const mk = async (username: string, roles: Role[], unitId: string): Promise<SeededUser> =>
      createUser(t, { username, roles, unitId });
    tokens.admin = (await mk('walk-admin', ['admin'], ids.city!)).token;
    tokens.organizerA = (await mk('walk-org-a', ['organizer'], ids.d1!)).token;
    tokens.organizerB = (await mk('walk-org-b', ['organizer'], ids.d2!)).token;
    tokens.author = (await mk('walk-author', ['author'], ids['d1/w1']!)).token;
    tokens.reviewer = (await mk('walk-reviewer', ['reviewer'], ids['d1/w1']!)).token;
    tokens.host = (await mk('walk-host', ['host'], ids['d1/w1']!)).token;
    tokens.participant = (await mk('walk-participant', ['participant'], ids['d1/w1']!)).token;
    sideA = {
      unit: ids['d1/w1']!,
      otherUnit: ids['d1/w2']!,
      user: (await mk('walk-person-a', ['participant'], ids['d1/w1']!)).id,
    };
    sideB = {
      unit: ids['d2/w1']!,
      otherUnit: ids['d2/s1']!,
      user: (await mk('walk-person-b', ['participant'], ids['d2/w1']!)).id,
    };

    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Partial<Record<Method, Operation>>>;
      components?: { schemas?: Record<string, Schema> };
    };
    components = doc.components?.schemas ?? {};
    const metadata = handlerMetadata(t);
    routes = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!op) continue;
        const meta = metadata.get(op.operationId);
        if (!meta) throw new Error(`no handler found for operation ${op.operationId}`);
        routes.push({ method, path, op, ...meta });
      }
    }
  });
  afterAll(async () => t?.close());

  /** Decorator metadata by handler name (the document's operationId is the handler's name). */
  function handlerMetadata(app: TestApp): Map<string, { isPublic: boolean; roles: Role[] }> {
    const byName = new Map<string, { isPublic: boolean; roles: Role[] }>();
    for (const module of app.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as (new (...args: unknown[]) => object) | null;
        if (!type) continue;
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = (type.prototype as Record<string, unknown>)[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type));
          const roles = (Reflect.getMetadata(REQUIRED_ROLES, handler) ??
            Reflect.getMetadata(REQUIRED_ROLES, type) ??
            []) as Role[];
          byName.set(name, { isPublic, roles });
        }
      }
    }
    return byName;
  }

  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (schema?.$ref) return resolve(components[schema.$ref.split('/').pop()!]);
    if (schema?.allOf) {
      const parts = schema.allOf.map(resolve);
      return {
        type: 'object',
        properties: Object.assign({}, ...parts.map((p) => p?.properties ?? {})),
        required: parts.flatMap((p) => p?.required ?? []),
      };
    }
    return schema;
  };

  /** A value the schema accepts; unit and user ids come from the caller's own side, other ids are random. */
  function sample(schemaIn: Schema | undefined, name: string, side: Side, depth = 0): unknown {
    const schema = resolve(schemaIn);
    if (!schema || depth > 5) return 'x';
    if (schema.example !== undefined) return schema.example;
    if (schema.enum?.length) return schema.enum[0];
    switch (schema.type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key], key, side, depth + 1);
        return out;
      }
      case 'array':
        return [sample(schema.items, name, side, depth + 1)];
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return false;
      default:
        if (schema.format === 'uuid' || /id$/i.test(name)) {
          if (/unit|parent|target/i.test(name)) return side.otherUnit;
          if (/user/i.test(name)) return side.user;
          return randomUUID();
        }
        if (schema.format === 'date-time') return new Date().toISOString();
        if (schema.format === 'date') return '2000-01-01';
        return 'Giá trị thử';
    }
  }

  /** The concrete path: unit and user params from `target`, anything else a random uuid (or a sample). */
  function fillPath(route: Route, target: Side): string {
    let path = route.path;
    for (const p of route.op.parameters ?? []) {
      if (p.in !== 'path') continue;
      const value = isUnitParam(p.name, route.path)
        ? target.unit
        : isUserParam(p.name, route.path)
          ? target.user
          : resolve(p.schema)?.type === 'string' && !resolve(p.schema)?.format && !/id$/i.test(p.name)
            ? '000000'
            : randomUUID();
      path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    }
    return path;
  }

  function requiredQuery(route: Route, target: Side): string {
    const parts = (route.op.parameters ?? [])
      .filter((p) => p.in === 'query' && (p.required || isUnitParam(p.name, route.path)))
      .map((p) => {
        const value = isUnitParam(p.name, route.path) ? target.unit : sample(p.schema, p.name, target);
        return `${encodeURIComponent(p.name)}=${encodeURIComponent(String(value))}`;
      });
    return parts.length ? `?${parts.join('&')}` : '';
  }

  const isMultipart = (route: Route) => Boolean(route.op.requestBody?.content['multipart/form-data']);
  const jsonSchema = (route: Route) => route.op.requestBody?.content['application/json']?.schema;

  type Variant = 'empty' | 'garbage' | 'valid';
  async function call(route: Route, caller: Caller, variant: Variant, target: Side, side: Side) {
    const path = fillPath(route, target) + (variant === 'garbage' ? GARBAGE_QUERY : requiredQuery(route, target));
    let req = t.http[route.method](path).timeout(15_000);
    if (caller !== 'anonymous') req = req.set('Authorization', `Bearer ${tokens[caller]}`);
    if (isMultipart(route)) {
      if (variant === 'empty') return req;
      const file =
        variant === 'garbage' ? Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x13]) : Buffer.from('a,b\r\n1,2\r\n');
      return req.attach('file', file, variant === 'garbage' ? 'x.xlsx' : 'x.csv');
    }
    if (route.method === 'get' || route.method === 'delete') return req;
    if (variant === 'empty') return req.send({});
    if (variant === 'garbage') return req.send(GARBAGE_BODY);
    return req.send((sample(jsonSchema(route), 'body', side) as object) ?? {});
  }

  const describeCall = (route: Route, res: { status: number; body: { code?: string } }) =>
    `${route.method.toUpperCase()} ${route.path} → ${res.status} ${res.body?.code ?? ''}`;

  it('finds the routes of every module in the OpenAPI document, each with a unique operation id', () => {
    const paths = routes.map((r) => r.path);
    for (const expected of ['/api/v1/auth/login', '/api/v1/units/{unitId}', '/api/v1/users/{userId}/roles']) {
      expect(paths).toContain(expected);
    }
    const ids = routes.map((r) => r.op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('refuses anonymous callers on every route not marked public with 401 UNAUTHENTICATED', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const res = await call(route, 'anonymous', 'valid', sideA, sideA);
      if (res.status !== 401 || res.body.code !== 'UNAUTHENTICATED') failures.push(describeCall(route, res));
    }
    expect(failures).toEqual([]);
  });

  it.each(CALLERS)('never answers %s with a 5xx, whatever the input', async (caller) => {
    const side = caller === 'organizerB' ? sideB : sideA;
    const failures: string[] = [];
    for (const route of routes) {
      for (const variant of ['empty', 'garbage'] as const) {
        const res = await call(route, caller, variant, side, side);
        if (res.status >= 500) failures.push(`${variant}: ${describeCall(route, res)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(CALLERS.filter((c) => c !== 'anonymous' && c !== 'admin'))(
    'answers %s 403 FORBIDDEN on every route whose roles they lack',
    async (caller) => {
      const callerRoles: Record<string, Role[]> = {
        organizerA: ['organizer'],
        organizerB: ['organizer'],
        author: ['author'],
        reviewer: ['reviewer'],
        host: ['host'],
        participant: ['participant'],
      };
      const failures: string[] = [];
      const refused = routes.filter(
        (r) => !r.isPublic && r.roles.length && !r.roles.some((role) => callerRoles[caller]!.includes(role)),
      );
      for (const route of refused) {
        const res = await call(route, caller, 'valid', sideA, sideA);
        if (res.status !== 403 || res.body.code !== 'FORBIDDEN') failures.push(describeCall(route, res));
      }
      expect(failures).toEqual([]);
    },
  );

  it('keeps participants off every people route and every unit-changing route', async () => {
    const managed = routes.filter(
      (r) =>
        !r.isPublic &&
        (r.path.startsWith('/api/v1/users') || (r.path.startsWith('/api/v1/units') && r.method !== 'get')),
    );
    expect(managed.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    for (const route of managed) {
      for (const caller of ['participant', 'author', 'reviewer', 'host'] as const) {
        const res = await call(route, caller, 'valid', sideA, sideA);
        if (res.status !== 403 || res.body.code !== 'FORBIDDEN')
          failures.push(`${caller}: ${describeCall(route, res)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ['organizerA', 'B'],
    ['organizerB', 'A'],
  ] as const)('answers %s 403 OUT_OF_SCOPE or 404 for units and people of side %s', async (caller, other) => {
    const own = caller === 'organizerA' ? sideA : sideB;
    const foreign = other === 'A' ? sideA : sideB;
    const scoped = routes.filter(
      (r) =>
        !r.isPublic &&
        /^\/api\/v1\/(units|users)/.test(r.path) &&
        (r.op.parameters ?? []).some(
          (p) => (p.in === 'path' || p.in === 'query') && (isUnitParam(p.name, r.path) || isUserParam(p.name, r.path)),
        ),
    );
    expect(scoped.length).toBeGreaterThanOrEqual(8);
    const failures: string[] = [];
    for (const route of scoped) {
      // Foreign ids in the path or query, the caller's own ids in the body: only the scope can refuse.
      const res = await call(route, caller, 'valid', foreign, own);
      const ok = (res.status === 403 && res.body.code === 'OUT_OF_SCOPE') || res.status === 404;
      if (!ok) failures.push(describeCall(route, res));
    }
    expect(failures).toEqual([]);
  });

  it('lets an organizer read the units and people of their own side (the ids above are real)', async () => {
    const reads = routes.filter(
      (r) => r.method === 'get' && /^\/api\/v1\/(units|users)\/\{/.test(r.path) && !r.path.includes('.xlsx'),
    );
    expect(reads.length).toBeGreaterThanOrEqual(2);
    for (const route of reads) {
      const res = await call(route, 'organizerA', 'valid', sideA, sideA);
      expect(`GET ${route.path} → ${res.status}`).toBe(`GET ${route.path} → 200`);
    }
  });
});
