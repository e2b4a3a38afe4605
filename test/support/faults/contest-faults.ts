import http from 'node:http';
import type { AnswerValue } from '../../../libs/contracts/src/index.js';
import { TokenService } from '../../../libs/core/src/index.js';
import { UnitTreeWriter } from '../../../libs/identity/src/index.js';
import { roundBody } from '../../e2e/contest/contest-fixture.js';
import type { ContestLog, ContestSave, Queryable } from '../invariants.js';

/**
 * Contest side of the fault scenarios (#20), shared by the jest suites (small) and bench/faults (large): a round
 * seeded for many participants, and clients that behave as the portal does — a save or submit that failed with a
 * 5xx or a network error is sent again with the same content, on another instance when there are several — and log
 * what they were told for the invariant checker.
 */

type Question = { id: string; type: string; text: string; options?: { id: string; text: string }[] };

export interface FaultParticipant {
  userId: string;
  token: string;
}

export interface FaultRound {
  roundId: string;
  participants: FaultParticipant[];
}

/** Something that hands out the app's services: the in-process app of a test or a benchmark. */
interface ServiceSource {
  get<T>(type: abstract new (...args: never[]) => T): T;
}

/** GIFT: `choice` single-choice questions ("Đúng i" right) and `short` short-answer ones ("Đáp án i" accepted). */
function faultBank(choice: number, short: number): string {
  const lines = ['$CATEGORY: Chọn', ''];
  for (let i = 1; i <= choice; i++) lines.push(`::C${i}::Câu chọn ${i}? {=Đúng ${i} ~Sai A${i} ~Sai B${i}}`, '');
  lines.push('$CATEGORY: Điền', '');
  for (let i = 1; i <= short; i++) lines.push(`::Đ${i}::Câu điền ${i}? {=Đáp án ${i}}`, '');
  return lines.join('\n');
}

/**
 * A city, an organizer, `participants` accounts (tokens signed by the app: no password hashing per person), a bank
 * of choice and short-answer questions and an open round drawing from it (`paper`), created through the API at
 * `baseUrl`.
 */
export async function seedFaultRound(
  app: ServiceSource,
  baseUrl: string,
  db: Queryable,
  options: { participants: number; prefix: string; durationSeconds?: number; paper?: 'mixed' | 'short' },
): Promise<FaultRound> {
  // Several rounds may be seeded into one database (one per scenario): the city once.
  const existing = (await db.query(`SELECT id FROM org_unit WHERE code = 'city'`)).rows;
  if (!existing.length)
    await app.get(UnitTreeWriter).writeTree([
      {
        code: 'city',
        name: 'Thành đoàn Thử Lỗi',
        fullName: null,
        kind: 'city',
        parentCode: null,
        counts: { cadres: 0, members: 0, youth: 0, teens: 0 },
      },
    ]);
  const cityId = (await db.query(`SELECT id FROM org_unit WHERE code = 'city'`)).rows[0]!.id as string;
  const tokens = app.get(TokenService);
  const [organizer] = (
    await db.query(
      `INSERT INTO app_user (username, password_hash, full_name, unit_id, roles)
       VALUES ($1, 'x', 'Ban tổ chức', $2, '{admin,organizer,reviewer}') RETURNING id`,
      [`${options.prefix}btc`, cityId],
    )
  ).rows;
  const adminToken = (
    await tokens.issue({
      userId: organizer!.id as string,
      username: `${options.prefix}btc`,
      roles: ['admin', 'organizer', 'reviewer'],
      unitId: cityId,
    })
  ).accessToken;
  const api = async (method: string, path: string, body?: unknown) => {
    const form = body instanceof FormData;
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(form ? {} : { 'content-type': 'application/json' }) },
      body: form ? body : JSON.stringify(body),
    });
    const json = (await res.json()) as { id: string };
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const bank = await api('POST', '/api/v1/question-banks', { name: 'Ngân hàng thử lỗi' });
  const file = new FormData();
  file.append('file', new Blob([faultBank(16, 4)]), 'thu-loi.gift');
  await api('POST', `/api/v1/question-banks/${bank.id}/imports?publish=true`, file);
  const contest = await api('POST', '/api/v1/contests', { title: 'Cuộc thi thử lỗi' });
  // Mixed: 8 choice + 2 short-answer questions; short: 4 short-answer questions (free text reaches the database).
  const blueprint =
    options.paper === 'short'
      ? [{ category: 'Điền', count: 4 }]
      : [
          { category: 'Chọn', count: 8 },
          { category: 'Điền', count: 2 },
        ];
  const round = await api(
    'POST',
    `/api/v1/contests/${contest.id}/rounds`,
    roundBody(bank.id, {
      title: 'Vòng thử lỗi',
      durationSeconds: options.durationSeconds ?? 1800,
      maxAttempts: 1,
      blueprint,
      pointsPerQuestion: 1,
    }),
  );
  const ids = (
    await db.query(
      `INSERT INTO app_user (username, password_hash, full_name, unit_id, birth_date)
       SELECT $1 || g, 'x', 'Thí sinh ' || g, $2, '2000-01-01' FROM generate_series(1, $3) g RETURNING id`,
      [options.prefix, cityId, options.participants],
    )
  ).rows.map((r) => r.id as string);
  const participants = await Promise.all(
    ids.map(async (userId, i) => ({
      userId,
      token: (
        await tokens.issue({ userId, username: `${options.prefix}${i + 1}`, roles: ['participant'], unitId: cityId })
      ).accessToken,
    })),
  );
  return { roundId: round.id, participants };
}

/** What the clients went through: every status seen, retries, and requests cut by the server after they were sent. */
export interface ClientStats {
  requests: number;
  retries: number;
  /** Requests answered 5xx (each retried). */
  serverErrors: number;
  /** Requests whose connection the server reset or closed after the request was sent (the request may have run). */
  resets: number;
  /** Connections refused (nothing listening): the request never reached a server. */
  refused: number;
  statuses: Record<number, number>;
  /** The errors behind `resets`, by code or message. */
  resetKinds: Record<string, number>;
}

export const newStats = (): ClientStats => ({
  requests: 0,
  retries: 0,
  serverErrors: 0,
  resets: 0,
  refused: 0,
  statuses: {},
  resetKinds: {},
});

export type Reply = { status: number; body: Record<string, unknown> };

/**
 * One request on a connection of its own: a connection never outlives the request, so a reset is the server's (and
 * node:cluster may hand each request to another worker).
 */
export function onNewConnection(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const req = http.request(
      `${baseUrl}${path}`,
      {
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          connection: 'close',
        },
      },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = data ? (JSON.parse(data) as Record<string, unknown>) : {};
          } catch {
            parsed = { raw: data.slice(0, 200) };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.end(payload);
  });
}

/**
 * The portal's way with a flaky server: a 5xx or a network error is retried with the same content (on the next
 * instance when the error says nothing is listening or the instance is going away), up to a bound; a 4xx is an
 * answer. `instances` may shrink while it runs (a killed instance is taken out by the scenario).
 */
export class RetryingClient {
  constructor(
    private readonly instances: () => string[],
    readonly stats: ClientStats = newStats(),
    private readonly limits = { tries: 120, pauseMs: 150 },
  ) {}

  async send(token: string, method: string, path: string, body: unknown, preferred = 0): Promise<Reply | null> {
    let at = preferred;
    for (let attempt = 0; attempt < this.limits.tries; attempt++) {
      const bases = this.instances();
      const base = bases[at % bases.length]!;
      if (attempt > 0) this.stats.retries++;
      this.stats.requests++;
      try {
        const reply = await onNewConnection(base, method, path, token, body);
        this.stats.statuses[reply.status] = (this.stats.statuses[reply.status] ?? 0) + 1;
        if (reply.status < 500) return reply;
        this.stats.serverErrors++;
        if (reply.status === 503) at++;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ECONNREFUSED') this.stats.refused++;
        else {
          this.stats.resets++;
          const kind = code ?? (error as Error).message;
          this.stats.resetKinds[kind] = (this.stats.resetKinds[kind] ?? 0) + 1;
        }
        at++;
      }
      await new Promise((r) => setTimeout(r, this.limits.pauseMs));
    }
    return null;
  }
}

/** The right (or a wrong) answer to a question of the fault bank, from its public form. */
export function faultAnswer(q: Question, right: boolean): AnswerValue {
  if (q.type === 'short') return { text: right ? `Đáp án ${/\d+/.exec(q.text)![0]}` : 'sai' };
  return { optionIds: [q.options!.find((o) => o.text.startsWith(right ? 'Đúng' : 'Sai'))!.id] };
}

/** One participant's attempt as the clients log it; `start` returns its paper. */
export class Participant {
  attemptId = '';
  questions: Question[] = [];
  acknowledged = 0;
  constructor(
    readonly person: FaultParticipant,
    private readonly roundId: string,
    private readonly client: RetryingClient,
    private readonly log: ContestLog,
    readonly preferred = 0,
  ) {}

  async start(): Promise<void> {
    const reply = await this.client.send(
      this.person.token,
      'POST',
      `/api/v1/rounds/${this.roundId}/attempts`,
      {},
      this.preferred,
    );
    if (reply?.status !== 201) throw new Error(`start: ${reply?.status} ${JSON.stringify(reply?.body)}`);
    this.attemptId = reply.body.attemptId as string;
    this.questions = reply.body.questions as Question[];
    this.log.attempts.push({ roundId: this.roundId, userId: this.person.userId, attemptId: this.attemptId });
    this.log.received.push({ attemptId: this.attemptId, body: reply.body });
  }

  /** Saves one answer until acknowledged (or the retries run out); true when acknowledged. */
  async save(q: Question, answer: AnswerValue): Promise<boolean> {
    const entry: ContestSave = {
      attemptId: this.attemptId,
      questionId: q.id,
      answer,
      sentAt: Date.now(),
      ackedAt: null,
    };
    this.log.saves.push(entry);
    const reply = await this.client.send(
      this.person.token,
      'PUT',
      `/api/v1/attempts/${this.attemptId}/answers/${q.id}`,
      answer,
      this.preferred,
    );
    if (reply?.status !== 200) return false;
    entry.ackedAt = Date.now();
    this.acknowledged++;
    this.log.received.push({ attemptId: this.attemptId, body: reply.body });
    return true;
  }

  /**
   * `passes` times over the paper, each answer changed from the pass before (right on even passes for even
   * questions), so a lost or reordered save shows as the wrong stored value.
   */
  async answerAll(passes: number, beforeEach?: () => Promise<void>): Promise<void> {
    for (let pass = 0; pass < passes; pass++)
      for (const [i, q] of this.questions.entries()) {
        await beforeEach?.();
        await this.save(q, faultAnswer(q, (i + pass) % 2 === 0));
      }
  }

  async submit(): Promise<number | null> {
    const reply = await this.client.send(
      this.person.token,
      'POST',
      `/api/v1/attempts/${this.attemptId}/submit`,
      {},
      this.preferred,
    );
    if (reply?.status !== 200) return null;
    const score = reply.body.score as number;
    this.log.submits.push({ attemptId: this.attemptId, score });
    return score;
  }
}

export const emptyContestLog = (): ContestLog => ({ attempts: [], saves: [], submits: [], received: [] });
