import type { ApiProcess } from '../api-process.js';
import { checkConnections, checkContest, type Queryable } from '../invariants.js';
import { emptyContestLog, faultAnswer, type FaultRound, Participant, RetryingClient } from './contest-faults.js';
import { runPoisonedSaveAttack, type Participant as PoisonedParticipant } from '../poisoned-saves.js';
import { report, type FaultReport } from './report.js';

/** Every participant saved and submitted? The invariants, and the figures of the clients. */
async function finish(
  scenario: string,
  db: Queryable,
  log: ReturnType<typeof emptyContestLog>,
  people: Participant[],
  faults: number,
  client: RetryingClient,
  extra: Record<string, number> = {},
  conditionHeld = true,
  acknowledged = people.reduce((n, p) => n + p.acknowledged, 0),
): Promise<FaultReport> {
  const violations = [...(await checkContest(db, log)), ...(await checkConnections(db))];
  const submitted = log.submits.length;
  return report(
    scenario,
    faults,
    acknowledged,
    violations,
    {
      participants: people.length,
      submitted,
      unacknowledgedSaves: log.saves.filter((s) => s.ackedAt === null).length,
      requests: client.stats.requests,
      retries: client.stats.retries,
      serverErrors: client.stats.serverErrors,
      resets: client.stats.resets,
      refused: client.stats.refused,
      ...Object.fromEntries(Object.entries(client.stats.resetKinds).map(([kind, n]) => [`reset ${kind}`, n])),
      ...extra,
    },
    conditionHeld && submitted === people.length,
  );
}

/**
 * #20 item 1 under load: the attack of test/support/poisoned-saves.ts (one participant saves `"x\u0000"` in a loop
 * while the others save valid answers through the same write batches), then everyone submits. Nobody honest may get
 * a 5xx, and he gets 400s, never a 5xx. The round must be seeded with `paper: 'short'` (free text on every question).
 */
export async function runPoisoning(options: {
  db: Queryable;
  baseUrl: string;
  round: FaultRound;
  savesEach: number;
}): Promise<FaultReport> {
  const log = emptyContestLog();
  const client = new RetryingClient(() => [options.baseUrl]);
  const people = options.round.participants.map((p) => new Participant(p, options.round.roundId, client, log));
  await Promise.all(people.map((p) => p.start()));
  const asAttacked = (p: Participant): PoisonedParticipant => ({
    user: { id: p.person.userId, username: '', password: '', token: p.person.token },
    attemptId: p.attemptId,
    questionIds: p.questions.map((q) => q.id),
  });
  const [attacker, ...innocents] = people;
  const outcome = await runPoisonedSaveAttack({
    baseUrl: options.baseUrl,
    attacker: asAttacked(attacker!),
    innocents: innocents.map(asAttacked),
    savesEach: options.savesEach,
  });
  // The attack keeps, per answer, the last text acknowledged: what the store must hold.
  for (const [k, text] of outcome.acknowledged) {
    const [attemptId, questionId] = k.split('/') as [string, string];
    log.saves.push({ attemptId, questionId, answer: { text }, sentAt: 0, ackedAt: 0 });
  }
  await Promise.all(innocents.map((p) => p.submit()));
  // The attacker's attempt is not one the checker follows: its saves were never meant to be kept.
  log.attempts = log.attempts.filter((a) => a.attemptId !== attacker!.attemptId);
  const sum = (statuses: Record<number, number>, ok: (status: number) => boolean) =>
    Object.entries(statuses).reduce((n, [status, c]) => (ok(Number(status)) ? n + c : n), 0);
  const innocent5xx = sum(outcome.innocentStatuses, (s) => s >= 500);
  const attacks = sum(outcome.attackerStatuses, () => true);
  const attackerNot400 = attacks - (outcome.attackerStatuses[400] ?? 0);
  return finish(
    'batch poisoning (NUL answers in a loop) under load',
    options.db,
    log,
    innocents,
    attacks,
    client,
    {
      validSaves: sum(outcome.innocentStatuses, () => true),
      validSavesFailed: sum(outcome.innocentStatuses, (s) => s !== 200),
      innocent5xx,
      poisonRefused400: outcome.attackerStatuses[400] ?? 0,
      poisonOtherOutcomes: attackerNot400,
    },
    innocent5xx === 0 && attackerNot400 === 0,
    sum(outcome.innocentStatuses, (s) => s === 200),
  );
}

/**
 * PostgreSQL restarted during the final-submit burst: everyone has answered all but their last question; then all at
 * once save the last answer and submit. When half of them have sent that save the server stops (`down`: fast
 * shutdown, every connection cut), the other half send theirs while it is away, and it starts again (`up`) once
 * `downMs` have passed and their requests have met the outage: that requests hit it is certain, not a matter of timing.
 */
export async function runSubmitBurstRestart(options: {
  /** A connection for the checker, opened after the restart (the server's earlier connections are gone). */
  db: () => Promise<Queryable>;
  baseUrl: string;
  round: FaultRound;
  down: () => Promise<void>;
  up: () => Promise<void>;
  downMs?: number;
}): Promise<FaultReport> {
  const log = emptyContestLog();
  const client = new RetryingClient(() => [options.baseUrl]);
  const people = options.round.participants.map((p) => new Participant(p, options.round.roundId, client, log));
  await Promise.all(people.map((p) => p.start()));
  await Promise.all(
    people.map(async (p) => {
      for (const [i, q] of p.questions.slice(0, -1).entries()) await p.save(q, faultAnswer(q, i % 2 === 0));
    }),
  );
  const half = Math.ceil(people.length / 2);
  let stopped!: () => void;
  const isDown = new Promise<void>((resolve) => (stopped = resolve));
  const finalSaves = people.map(async (p, i) => {
    if (i >= half) await isDown;
    const last = p.questions.at(-1)!;
    await p.save(last, faultAnswer(last, p.questions.length % 2 === 1));
    await p.submit();
  });
  const failures = () => client.stats.serverErrors + client.stats.resets;
  const restart = (async () => {
    await options.down();
    const before = failures();
    stopped();
    // Away for `downMs`, and until the late half's requests have met the outage (bounded: 20 s at most).
    await new Promise((r) => setTimeout(r, options.downMs ?? 1000));
    for (const until = Date.now() + 20_000; failures() - before < people.length - half && Date.now() < until;)
      await new Promise((r) => setTimeout(r, 100));
    await options.up();
  })();
  await Promise.all([...finalSaves, restart]);
  return finish('PostgreSQL restart during the final-submit burst', await options.db(), log, people, 1, client);
}

/**
 * What a balancer in front of the instances does: polls each one's readiness and sends nothing to one that is not
 * ready (a draining instance turns red before it stops accepting connections; a killed one stops answering).
 */
class Balancer {
  private readonly ready = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly instances: string[],
    private readonly everyMs = 100,
  ) {
    for (const i of instances) this.ready.add(i);
  }

  start(): void {
    const poll = () =>
      void Promise.all(
        this.instances.map(async (base) => {
          const ok = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(1000) }).then(
            (r) => r.status === 200,
            () => false,
          );
          if (ok) this.ready.add(base);
          else this.ready.delete(base);
        }),
      ).finally(() => {
        if (this.timer) this.timer = setTimeout(poll, this.everyMs);
      });
    this.timer = setTimeout(poll, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The ready instances; all of them when none is (the clients' retries then wait for one to come back). */
  rotation(): string[] {
    const ready = this.instances.filter((i) => this.ready.has(i));
    return ready.length ? ready : this.instances;
  }
}

/**
 * One of two instances (`victim`) gets `signal` mid-round while participants save through both (half prefer each);
 * their clients (through a balancer that follows readiness) move to the other instance and re-send what was not
 * acknowledged. With SIGTERM (a drain), no request may be reset either.
 */
export async function runInstanceLoss(options: {
  db: Queryable;
  instances: ApiProcess[];
  victim: ApiProcess;
  signal: 'SIGTERM' | 'SIGKILL';
  round: FaultRound;
  passes: number;
}): Promise<FaultReport> {
  const log = emptyContestLog();
  const balancer = new Balancer(options.instances.map((i) => i.baseUrl));
  const client = new RetryingClient(() => balancer.rotation());
  const people = options.round.participants.map(
    (p, i) => new Participant(p, options.round.roundId, client, log, i % options.instances.length),
  );
  await Promise.all(people.map((p) => p.start()));
  const planned = people.reduce((n, p) => n + p.questions.length, 0) * options.passes;
  let acknowledged = 0;
  const stops: Promise<void>[] = [];
  balancer.start();
  try {
    await Promise.all(
      people.map((p) =>
        p.answerAll(options.passes, async () => {
          // A third of the way through the round: plenty of saves in flight on both instances.
          if (!stops.length && (acknowledged = people.reduce((n, x) => n + x.acknowledged, 0)) >= planned / 3)
            stops.push(options.victim.kill(options.signal));
        }),
      ),
    );
    await Promise.all(stops);
    await Promise.all(people.map((p) => p.submit()));
  } finally {
    balancer.stop();
  }
  return finish(
    `${options.signal} of one of two instances mid-round`,
    options.db,
    log,
    people,
    stops.length,
    client,
    { acknowledgedBeforeSignal: acknowledged },
    options.signal === 'SIGKILL' || client.stats.resets === 0,
  );
}
