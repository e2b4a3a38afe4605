import { Redis } from 'ioredis';
import type {
  LiveAck,
  PlayerAnswerResult,
  PlayerJoinResult,
  QuestionSnapshot,
} from '../../../libs/contracts/src/index.js';
import { deploymentKey, RedisLiveStateStore } from '../../../libs/live-contest/src/index.js';
import {
  answerFor,
  connected,
  type LiveClient,
  type LiveFixture,
  Sockets,
} from '../../e2e/live-contest/live-support.js';
import { waitFor } from '../api-process.js';
import {
  checkConnections,
  checkLive,
  readLiveStore,
  type LiveLog,
  type Queryable,
  type Violation,
} from '../invariants.js';
import { report, type FaultReport } from './report.js';

/** Emits with an acknowledgement bounded in time: a lost acknowledgement is an error the caller retries. */
function callBounded<T>(socket: LiveClient, event: string, payload: unknown, ms = 5000): Promise<LiveAck<T>> {
  return new Promise((resolve) => {
    const emit = socket.timeout(ms).emit.bind(socket.timeout(ms)) as unknown as (...args: unknown[]) => void;
    emit(event, payload, (err: Error | null, ack: LiveAck<T>) =>
      resolve(err ? { ok: false, error: { code: 'INTERNAL_ERROR', message: err.message } } : ack),
    );
  });
}

interface Player {
  nickname: string;
  socket: LiveClient;
  playerId: string;
  received: { event: string; payload: unknown }[];
}

/**
 * A live game played through `instances` while Redis (the live store and fan-out) is stopped and started again in the
 * middle of question `restartAt`: half the players have answered, the others answer while it is away and after. Players and
 * host retry a failed acknowledgement with the same clientAnswerId (what the player app does); the host re-sends
 * `host:next` only when the game did not move. Then the invariant checker on the store, the final results and the
 * database.
 */
export async function runRedisRestartMidGame(options: {
  db: Queryable;
  databaseUrl: string;
  redisUrl: string;
  /** Redis stopped, then started again on the same files: players answer while it is away. */
  redisDown: () => Promise<void>;
  redisUp: () => Promise<void>;
  /** How long Redis stays away. */
  downMs?: number;
  instances: string[];
  fixture: LiveFixture;
  players: number;
  questions: number;
  restartAt: number;
  graceMs?: number;
}): Promise<FaultReport> {
  const { fixture: f } = options;
  const sockets = new Sockets();
  const log: LiveLog = { answers: [], received: [] };
  let errorsSeen = 0;
  let retries = 0;
  let faults = 0;
  try {
    const questions = [...f.questions.values()].filter((q) => q.type === 'single').slice(0, options.questions);
    if (questions.length < options.questions) throw new Error('not enough single-choice questions in the bank');
    const created = await fetch(`${options.instances[0]}/api/v1/live-games`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.organizer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Redis khởi động lại giữa câu',
        bankId: f.bankId,
        questionCount: questions.length,
        // The host closes each question; the clock is only a bound.
        questionTimeSeconds: 120,
        questionIds: questions.map((q) => q.questionId),
        scoring: 'accuracy',
        streaks: true,
      }),
    });
    if (created.status !== 201) throw new Error(`create game: ${created.status} ${await created.text()}`);
    const { gameId, pin } = (await created.json()) as { gameId: string; pin: string };

    const players: Player[] = [];
    for (let i = 0; i < options.players; i++) {
      const socket = sockets.connect(options.instances[i % options.instances.length]!);
      const received: Player['received'] = [];
      socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
      await connected(socket);
      const nickname = `Người chơi ${i + 1}`;
      const ack = await callBounded<PlayerJoinResult>(socket, 'player:join', { pin, nickname });
      if (!ack.ok) throw new Error(`join: ${JSON.stringify(ack.error)}`);
      received.push({ event: 'player:join (ack)', payload: ack });
      players.push({ nickname, socket, playerId: ack.data.playerId, received });
    }
    const host = sockets.connect(options.instances[0]!, f.organizer.token);
    await connected(host);
    const opened = await callBounded(host, 'host:open', { gameId });
    if (!opened.ok) throw new Error(`host:open: ${JSON.stringify(opened.error)}`);

    const seen = (p: Player, event: string, index: number) =>
      p.received.some((m) => m.event === event && (m.payload as { index?: number }).index === index);
    /** Waits for every player to get `event` for question `index`; a timeout names who did not, and where they are. */
    const everyone = async (event: string, index: number) => {
      try {
        await waitFor(`every player`, async () => players.every((p) => seen(p, event, index)), 60_000);
      } catch {
        const missing = players
          .map((p, i) => ({ p, instance: i % options.instances.length }))
          .filter(({ p }) => !seen(p, event, index))
          .map(({ p, instance }) => `${p.nickname} (instance ${instance}, last: ${p.received.at(-1)?.event})`);
        throw new Error(`no ${event} ${index} within 60 s for ${missing.length} players: ${missing.join('; ')}`);
      }
    };
    /** A host command, re-sent after a failure only while the game has not moved to what it asked for. */
    const hostStep = async (command: string, moved: () => boolean) => {
      for (let attempt = 0; attempt < 60; attempt++) {
        const ack = await callBounded(host, command, {});
        if (ack.ok) return;
        errorsSeen++;
        await new Promise((r) => setTimeout(r, 300));
        if (moved()) return;
        retries++;
      }
      throw new Error(`${command} did not go through`);
    };
    const answer = async (p: Player, index: number, right: boolean) => {
      const value = answerFor(questions[index] as QuestionSnapshot, right);
      const clientAnswerId = `${p.playerId}-${index}`;
      for (let attempt = 0; attempt < 120; attempt++) {
        if (attempt > 0) retries++;
        const ack = await callBounded<PlayerAnswerResult>(p.socket, 'player:answer', {
          questionIndex: index,
          ...value,
          clientAnswerId,
        });
        p.received.push({ event: 'player:answer (ack)', payload: ack });
        if (ack.ok) {
          log.answers.push({
            playerId: p.playerId,
            index,
            clientAnswerId,
            answer: value,
            duplicate: ack.data.duplicate,
          });
          return;
        }
        errorsSeen++;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`player ${p.nickname} could not answer question ${index}`);
    };

    for (let index = 0; index < questions.length; index++) {
      await hostStep(index === 0 ? 'host:start' : 'host:next', () =>
        players.every((p) => seen(p, 'question:show', index)),
      );
      await everyone('question:show', index);
      const right = (i: number) => (i + index) % 3 !== 0;
      if (index === options.restartAt) {
        const half = Math.ceil(players.length / 2);
        await Promise.all(players.slice(0, half).map((p, i) => answer(p, index, right(i))));
        // The other half answers while Redis is away, and keeps retrying until it is back.
        faults++;
        await options.redisDown();
        const late = players.slice(half).map((p, i) => answer(p, index, right(half + i)));
        await new Promise((r) => setTimeout(r, options.downMs ?? 1000));
        await options.redisUp();
        await Promise.all(late);
      } else await Promise.all(players.map((p, i) => answer(p, index, right(i))));
      await hostStep('host:next', () => players.every((p) => seen(p, 'question:result', index)));
      await everyone('question:result', index);
    }

    // The store as it stands after the last close, read through the app's own Redis adapter.
    const redis = new Redis(options.redisUrl);
    let view;
    try {
      view = await readLiveStore(new RedisLiveStateStore(redis, `live:${deploymentKey(options.databaseUrl)}`), gameId);
    } finally {
      redis.disconnect();
    }
    const ended = players.map((p) =>
      waitFor('game:ended', async () => p.received.some((m) => m.event === 'game:ended')),
    );
    await hostStep('host:end', () => players.every((p) => p.received.some((m) => m.event === 'game:ended')));
    await Promise.all(ended);
    const final = await waitFor('the final results in PostgreSQL', async () => {
      const rows = (
        await options.db.query(
          `SELECT id, score, correct_count AS "correctCount" FROM live_player WHERE game_id = $1`,
          [gameId],
        )
      ).rows as { id: string; score: number; correctCount: number }[];
      return rows.length === players.length ? rows : null;
    });
    for (const p of players)
      for (const m of p.received) log.received.push({ playerId: p.playerId, event: m.event, payload: m.payload });
    const violations: Violation[] = [
      ...(await checkLive(view, log, { graceMs: options.graceMs ?? 400, final })),
      ...(await checkConnections(options.db)),
    ];
    return report('Redis restart mid live game', faults, log.answers.length, violations, {
      players: players.length,
      questions: questions.length,
      errorAcks: errorsSeen,
      retries,
    });
  } finally {
    sockets.closeAll();
  }
}
