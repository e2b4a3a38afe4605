import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../../apps/api/src/openapi.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** A route as Nest answers it: the status of a success is @HttpCode's, else 201 for POST and 200 for the rest. */
interface AnsweredRoute {
  operationId: string;
  status: number;
}

function answeredRoutes(t: TestApp): AnsweredRoute[] {
  const scanner = new MetadataScanner();
  const routes: AnsweredRoute[] = [];
  for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
    const prototype = Object.getPrototypeOf(wrapper.instance as object) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
      routes.push({
        operationId: name,
        status: code ?? (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK),
      });
    }
  }
  return routes;
}

describe('the OpenAPI document states the status each route answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('documents exactly the success status Nest sends for every controller method (@HttpCode, or 201 for POST)', () => {
    const document = buildOpenApiDocument(t.app);
    const documented = new Map<string, string[]>();
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(
        operations as Record<string, { operationId?: string; responses?: object }>,
      )) {
        if (!operation?.operationId) continue;
        const successes = Object.keys(operation.responses ?? {}).filter((status) => /^2\d\d$/.test(status));
        documented.set(operation.operationId, successes);
      }
    }
    const routes = answeredRoutes(t);
    // Every public route is in the document under its method name (operationIdFactory), so none escapes the check.
    expect(routes.length).toBeGreaterThan(50);
    const wrong = routes
      .filter((route) => documented.has(route.operationId))
      .map((route) => ({ ...route, documented: documented.get(route.operationId) }))
      .filter((route) => route.documented?.length !== 1 || route.documented[0] !== String(route.status));
    expect(wrong).toEqual([]);
    expect(routes.filter((route) => documented.has(route.operationId)).length).toBe(documented.size);
  });
});
