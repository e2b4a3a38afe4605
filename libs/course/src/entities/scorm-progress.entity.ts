import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A learner's SCORM 1.2 run-time data (cmi.core.*) for one SCORM lesson, saved as the package commits it. A null text
 * column was never sent (a save without it leaves it as it was).
 */
@Entity('scorm_progress')
export class ScormProgress {
  @PrimaryColumn('uuid')
  lessonId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @Column('text', { default: 'not attempted' })
  lessonStatus: string;

  @Column('real', { nullable: true })
  scoreRaw: number | null;

  @Column('real', { nullable: true })
  scoreMin: number | null;

  @Column('real', { nullable: true })
  scoreMax: number | null;

  @Column('text', { nullable: true })
  suspendData: string | null;

  @Column('text', { nullable: true })
  lessonLocation: string | null;

  /** The last session's cmi.core.session_time (HHHH:MM:SS.SS). */
  @Column('text', { nullable: true })
  sessionTime: string | null;

  /** Sum of the sessions' time, in seconds. */
  @Column('real', { default: 0 })
  totalSeconds: number;

  @Column('timestamptz')
  updatedAt: Date;
}
