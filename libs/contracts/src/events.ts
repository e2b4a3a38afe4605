import type { Population } from './identity.js';

/**
 * Domain events carried by the PostgreSQL job queue (`JobQueue.publish` / `JobQueue.subscribe`). The emitter
 * publishes inside the transaction of the write that causes the event, so the event exists if and only if that write
 * commits; each listening library subscribes its own queue and so gets its own copy. Certificate and reporting learn
 * of other modules' facts this way instead of importing them (DESIGN.md §1).
 */
export const DOMAIN_EVENTS = {
  courseCompleted: 'course.completed',
  roundClosed: 'round.closed',
} as const;
export type DomainEvent = (typeof DOMAIN_EVENTS)[keyof typeof DOMAIN_EVENTS];

/** The letters of plan 300/KH-UBND's targets (Vietnamese list letters skip f and j). */
export const PLAN_TARGET_LETTERS = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o'] as const;
export type PlanTargetLetter = (typeof PLAN_TARGET_LETTERS)[number];

/** `course.completed`: a learner met a course's completion rule; published once per enrolment, ever. */
export interface CourseCompletedEvent {
  /** Stable for this completion: a listener keys its own record on it, so a job run twice changes nothing. */
  completionId: string;
  courseId: string;
  courseTitle: string;
  userId: string;
  /** The learner's unit when they completed (the unit the figure counts under). */
  unitId: string | null;
  population: Population | null;
  /** The plan targets the course counts toward, by letter. */
  planTargets: PlanTargetLetter[];
  /** The final quiz's score in percent, when the course has one. */
  scorePercent: number | null;
  /** ISO 8601. */
  completedAt: string;
  /** The certificate template the course issues on completion, if any. */
  certificateTemplateId: string | null;
}

/** `round.closed`: a round's ranking is frozen. */
export interface RoundClosedEvent {
  roundId: string;
  contestId: string;
  /** ISO 8601. */
  closedAt: string;
}
