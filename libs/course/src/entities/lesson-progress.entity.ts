import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A learner's completion of a lesson: one row per lesson and learner (a second completion changes nothing). */
@Entity('course_lesson_progress')
@Index('idx_course_lesson_progress_course_user', ['courseId', 'userId'])
export class LessonProgress {
  @PrimaryColumn('uuid')
  lessonId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @Column('uuid')
  courseId: string;

  @Column('timestamptz')
  completedAt: Date;

  /** The quiz's score in percent (quiz lessons) or the SCORM score (raw ÷ max), when there is one. */
  @Column('real', { nullable: true })
  scorePercent: number | null;
}
