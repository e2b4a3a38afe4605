import type { JobQueue } from '#core';
import type { EntityManager } from 'typeorm';

/** The job that closes a round at its close time (worked by RoundClosing). */
export const ROUND_CLOSE_JOB = 'contest.round-close';

/** Schedules a new round's close in the transaction that creates it: the job commits with the round. */
export function scheduleRoundClose(
  jobs: JobQueue,
  roundId: string,
  closesAt: Date,
  m: EntityManager,
  /** A new key when the close time moves (the job for the old time stays queued and finds the round not due). */
  singletonKey: string = roundId,
): Promise<unknown> {
  return jobs.send(ROUND_CLOSE_JOB, { roundId }, { startAfter: closesAt, singletonKey }, m);
}
