import type { ApiProcess } from '../api-process.js';
import { checkConnections, checkContest, type Queryable } from '../invariants.js';
import {
  emptyContestLog,
  faultAnswer,
  type FaultRound,
  newStats,
  Participant,
  RetryingClient,
} from './contest-faults.js';
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
): Promise<FaultReport> {
  const violations = [...(await checkContest(db, log)), ...(await checkConnections(db))];
  const submitted = log.submits.length;
  return report(
    scenario,
    faults,
    people.reduce((n, p) => n + p.acknowledged, 0),
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
 * #20 item 1 under load: one participant sends `"x\u0000"` (PostgreSQL refuses NUL in jsonb) to a short-answer
 * question in a loop while everyone else saves `passes` times over their paper and submits. Nobody honest may get a
 * 5xx (their saves share write batches with his), and he gets 400s, never a 5xx.
 */
export async function runPoisoning(options: {
  db: Queryable;
  baseUrl: string;
  round: FaultRound;
  passes: number;
}): Promise<FaultReport> {
  const log = emptyContestLog();
  const honestClient = new RetryingClient(() => [options.baseUrl]);
  // The attacker does not retry: each request counts once.
  const attackerClient = new RetryingClient(() => [options.baseUrl], newStats(), { tries: 1, pauseMs: 0 });
  const [attackerAccount, ...honestAccounts] = options.round.participants;
  // His start goes through an ordinary client: the attacker's counts are his bad saves only.
  const attacker = new Participant(attackerAccount!, options.round.roundId, honestClient, emptyContestLog());
  const honest = honestAccounts.map((p) => new Participant(p, options.round.roundId, honestClient, log));
  await attacker.start();
  await Promise.all(honest.map((p) => p.start()));
  const target = attacker.questions.find((q) => q.type === 'short')!;
  let done = false;
  // Several loops at once, as a script would: his bad items land in the same write batches as the others' saves.
  const attack = Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 100_000 && !done; i++)
        await attackerClient.send(
          attacker.person.token,
          'PUT',
          `/api/v1/attempts/${attacker.attemptId}/answers/${target.id}`,
          { text: 'x\u0000' },
        );
    }),
  );
  try {
    await Promise.all(honest.map((p) => p.answerAll(options.passes)));
    await Promise.all(honest.map((p) => p.submit()));
  } finally {
    done = true;
    await attack;
  }
  const attackerStatuses = attackerClient.stats.statuses;
  const attackerOther = attackerClient.stats.requests - (attackerStatuses[400] ?? 0);
  return finish(
    'batch poisoning (NUL answers in a loop) under load',
    options.db,
    log,
    honest,
    attackerClient.stats.requests,
    honestClient,
    {
      poisonRefused400: attackerStatuses[400] ?? 0,
      poisonOtherOutcomes: attackerOther,
      ...Object.fromEntries(
        Object.entries(attackerStatuses)
          .filter(([status]) => status !== '400')
          .map(([status, n]) => [`poison${status}`, n]),
      ),
      poisonResets: attackerClient.stats.resets + attackerClient.stats.refused,
    },
    honestClient.stats.serverErrors === 0 && attackerOther === 0,
  );
}

/**
 * PostgreSQL restarted (`restart`) during the final-submit burst: everyone has answered all but their last question;
 * then all at once save the last answer and submit, and the restart starts when half of them have sent that save.
 */
export async function runSubmitBurstRestart(options: {
  /** A connection for the checker, opened after the restart (the server's earlier connections are gone). */
  db: () => Promise<Queryable>;
  baseUrl: string;
  round: FaultRound;
  restart: () => Promise<void>;
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
  let sent = 0;
  const restarts: Promise<void>[] = [];
  await Promise.all(
    people.map(async (p) => {
      const last = p.questions.at(-1)!;
      if (++sent === Math.ceil(people.length / 2)) restarts.push(options.restart());
      await p.save(last, faultAnswer(last, p.questions.length % 2 === 1));
      await p.submit();
    }),
  );
  await Promise.all(restarts);
  return finish(
    'PostgreSQL restart during the final-submit burst',
    await options.db(),
    log,
    people,
    restarts.length,
    client,
  );
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
