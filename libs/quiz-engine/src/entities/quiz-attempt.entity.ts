import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PaperItem } from '../paper.js';

export type AttemptStatus = 'in_progress' | 'submitted';
export type FinishedBy = 'participant' | 'deadline' | 'close';

/**
 * One person's attempt at a timed quiz (a contest round, or a course quiz): the paper drawn for it, the server-side
 * deadline, and once submitted its score. `contextId` names what the attempt belongs to (a round id).
 */
@Entity('quiz_attempt')
// One attempt in progress per person per round, whatever races the application code loses.
@Index('uq_quiz_attempt_in_progress', ['contextId', 'userId'], { unique: true, where: `"status" = 'in_progress'` })
@Index('uq_quiz_attempt_number', ['contextId', 'userId', 'attemptNo'], { unique: true })
// The deadline sweep reads only open attempts past their deadline.
@Index('idx_quiz_attempt_open_deadline', ['deadline'], { where: `"status" = 'in_progress'` })
@Index('idx_quiz_attempt_user_id', ['userId'])
export class QuizAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  contextId: string;

  @Column('uuid')
  userId: string;

  @Column('int')
  attemptNo: number;

  @Column('text', { default: 'in_progress' })
  status: AttemptStatus;

  @Column('timestamptz', { default: () => 'now()' })
  startedAt: Date;

  @Column('timestamptz')
  deadline: Date;

  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  @Column('text', { nullable: true })
  finishedBy: FinishedBy | null;

  @Column('int', { nullable: true })
  durationMs: number | null;

  @Column('double precision', { nullable: true })
  score: number | null;

  @Column('double precision')
  maxScore: number;

  @Column('double precision')
  pointsPerQuestion: number;

  @Column('int', { nullable: true })
  correctCount: number | null;

  @Column('int', { nullable: true })
  answeredCount: number | null;

  /** The prediction question's answer, given at submission. */
  @Column('int', { nullable: true })
  prediction: number | null;

  @Column('text')
  seed: string;

  @Column('jsonb')
  paper: PaperItem[];

  /** Network and device seen at start: only for the organizers' review list of suspicious attempts. */
  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  deviceId: string | null;
}
