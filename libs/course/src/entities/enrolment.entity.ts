import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { Course } from './course.entity.js';

/**
 * One learner in one course, once (the unique constraint): by a unit's rule or by self-enrolment. Completion is
 * recorded here once (`completedAt` goes from null to a time in one guarded UPDATE).
 */
@Entity('course_enrolment')
@Unique('uq_course_enrolment_course_user', ['courseId', 'userId'])
@Index('idx_course_enrolment_user_id', ['userId'])
@Index('idx_course_enrolment_rule_id', ['ruleId'])
export class CourseEnrolment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column('uuid')
  userId: string;

  /** The unit rule that enrolled the learner; null for self-enrolment. */
  @Column('uuid', { nullable: true })
  ruleId: string | null;

  @Column('timestamptz', { nullable: true })
  dueAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  enrolledAt: Date;

  /** The lesson the learner last opened or saved: where "resume" takes them. */
  @Column('uuid', { nullable: true })
  lastLessonId: string | null;

  @Column('timestamptz', { nullable: true })
  lastActivityAt: Date | null;

  /** Set once, with the course.completed event in the same transaction. */
  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Column('uuid', { nullable: true })
  completionId: string | null;

  @Column('real', { nullable: true })
  scorePercent: number | null;
}
