import { io, type Socket } from 'socket.io-client';
import type {
  LiveAck,
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  PlayerAnswerResult,
  QuestionSnapshot,
} from '../../../libs/contracts/src/index.js';
import { ImportService, QuestionBankReader } from '../../../libs/question-bank/src/index.js';
import { seedSmallTree } from '../../factories/units.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../../apps/api/src/create-app.js';
import { createRootLogger, loadConfig } from '../../../libs/core/src/index.js';
import { type ApiProcess, startApiProcess } from '../../support/api-process.js';
import type { TestDatabase } from '../../support/database.js';
import { createUser, type TestApp } from '../../support/test-app.js';

export type LiveClient = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** Every socket a test opens, so `closeAll` in `finally` leaves nothing behind. */
export class Sockets {
  private readonly open: LiveClient[] = [];

  /** `forwardedFor`: the address a proxy in front would report (the server believes it from a loopback peer). */
  connect(baseUrl: string, token?: string, forwardedFor?: string): LiveClient {
    const socket: LiveClient = io(`${baseUrl}/live`, {
      transports: ['websocket'],
      auth: token ? { token } : {},
      reconnection: false,
      forceNew: true,
      ...(forwardedFor ? { extraHeaders: { 'x-forwarded-for': forwardedFor } } : {}),
    });
    this.open.push(socket);
    return socket;
  }

  closeAll(): void {
    for (const s of this.open.splice(0)) s.close();
  }
}

export function connected(socket: LiveClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** Emits an event and waits for its ack. */
export function call<T = unknown>(socket: LiveClient, event: string, payload?: unknown): Promise<LiveAck<T>> {
  return new Promise((resolve) => {
    const emit = socket.emit.bind(socket) as unknown as (...args: unknown[]) => void;
    if (payload === undefined) emit(event, (ack: LiveAck<T>) => resolve(ack));
    else emit(event, payload, (ack: LiveAck<T>) => resolve(ack));
  });
}

export async function ok<T>(promise: Promise<LiveAck<T>>): Promise<T> {
  const ack = await promise;
  if (!ack.ok) throw new Error(`expected ok, got ${JSON.stringify(ack.error)}`);
  return ack.data;
}

export async function errorCode(promise: Promise<LiveAck<unknown>>): Promise<string> {
  const ack = await promise;
  return ack.ok ? 'ok' : ack.error.code;
}

/** Resolves with the next `event` the socket receives. */
export function next<E extends keyof LiveServerToClientEvents>(
  socket: LiveClient,
  event: E,
  where: (payload: Parameters<LiveServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<LiveServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const listener = (payload: Parameters<LiveServerToClientEvents[E]>[0]) => {
      if (!where(payload)) return;
      (socket.off as (e: string, l: unknown) => void)(event, listener);
      resolve(payload);
    };
    (socket.on as (e: string, l: unknown) => void)(event, listener);
  });
}

export interface LiveFixture {
  bankId: string;
  organizer: { id: string; token: string };
  participant: { token: string };
  otherOrganizer: { token: string };
  /** Published snapshots by question id (the keys, to answer right or wrong on purpose). */
  questions: Map<string, QuestionSnapshot>;
}

/** A unit tree, the demo bank (published), an organizer who hosts, a participant and another organizer. */
export async function liveFixture(t: TestApp, prefix: string): Promise<LiveFixture> {
  const units = await seedSmallTree(t);
  const seeded = await t.app.get(ImportService).seedDemoBank();
  if (!seeded) throw new Error('demo bank not seeded');
  const organizer = await createUser(t, { username: `${prefix}host`, roles: ['organizer'], unitId: units.city! });
  const participant = await createUser(t, { username: `${prefix}player`, roles: ['participant'], unitId: units.city! });
  const otherOrganizer = await createUser(t, { username: `${prefix}other`, roles: ['organizer'], unitId: units.city! });
  const pool = await t.app.get(QuestionBankReader).publishedPool({ bankId: seeded.bankId });
  return {
    bankId: seeded.bankId,
    organizer,
    participant,
    otherOrganizer,
    questions: new Map(pool.map((q) => [q.questionId, q])),
  };
}

/** A right (or wrong) answer to a question as players see it, from the server-side snapshot. */
export function answerFor(q: QuestionSnapshot, right: boolean): { optionIds?: string[]; value?: number } {
  switch (q.type) {
    case 'truefalse':
      return { optionIds: [String(right ? q.correct === true : q.correct !== true)] };
    case 'numerical': {
      const a = (q.answers as { value: number; tolerance: number; fraction: number }[]).find((x) => x.fraction >= 1)!;
      return { value: right ? a.value : a.value + a.tolerance + 1000 };
    }
    case 'multiple':
      return {
        optionIds: right
          ? q.options!.filter((o) => o.fraction > 0).map((o) => o.id)
          : [q.options!.find((o) => o.fraction <= 0)!.id],
      };
    default:
      return { optionIds: [q.options!.find((o) => (right ? o.fraction >= 1 : o.fraction <= 0))!.id] };
  }
}

/**
 * The fixture written into a database by an in-process app that is closed before the test starts its API processes
 * (tests that run the API as separate processes: an instance killed, instances behind nginx).
 */
export async function liveFixtureFor(database: TestDatabase, prefix: string): Promise<LiveFixture> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, LOAD_DEMO_DATA: 'false' });
  const app: NestFastifyApplication = await createApp(config, database.url, createRootLogger('silent'));
  await app.listen(0, '127.0.0.1');
  try {
    const t: TestApp = {
      app,
      http: request(app.getHttpServer()),
      baseUrl: '',
      database,
      dataSource: app.get(DataSource),
      config,
      close: () => app.close(),
    };
    return await liveFixture(t, prefix);
  } finally {
    await app.close();
  }
}

/** The player on `socket` answers question `index` of the game's `questions`, right or wrong; the ack's data. */
export function answerAs(
  socket: LiveClient,
  questions: QuestionSnapshot[],
  index: number,
  right: boolean,
  clientAnswerId: string,
): Promise<PlayerAnswerResult> {
  return ok(
    call<PlayerAnswerResult>(socket, 'player:answer', {
      questionIndex: index,
      ...answerFor(questions[index]!, right),
      clientAnswerId,
    }),
  );
}

/** API processes on one database sharing Redis, named by their INSTANCE_ID (their clock leases carry the name). */
export async function startLiveInstances(
  databaseUrl: string,
  redisUrl: string,
  names: string[],
): Promise<ApiProcess[]> {
  const instances: ApiProcess[] = [];
  // One after the other: each would create the administrator at first start.
  for (const name of names) {
    instances.push(
      await startApiProcess(databaseUrl, {
        REDIS_URL: redisUrl,
        INSTANCE_ID: name,
        DB_POOL_SIZE: '4',
        PASSWORD_HASH_CONCURRENCY: '1',
      }),
    );
  }
  return instances;
}
