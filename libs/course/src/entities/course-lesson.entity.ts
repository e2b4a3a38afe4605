import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CourseDocument } from './course-document.entity.js';
import { CourseSection } from './course-section.entity.js';
import { ScormPackage } from './scorm-package.entity.js';
import { Course } from './course.entity.js';

export const LESSON_KINDS = ['text', 'video', 'document', 'scorm', 'quiz'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];

/** A quiz lesson's settings: the paper is drawn by the quiz engine from a bank. */
export interface LessonQuiz {
  bankId: string;
  blueprint: { category: string; difficulty?: 1 | 2 | 3; count: number }[];
  /** Percent of the paper's points needed to pass. */
  passPercent: number;
  durationSeconds: number;
  maxAttempts: number;
}

/** One lesson of a section. Exactly the column of its kind is set (checked by the service). */
@Entity('course_lesson')
@Index('idx_course_lesson_course_id', ['courseId'])
@Index('idx_course_lesson_section_id', ['sectionId', 'position'])
export class CourseLesson {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column('uuid')
  sectionId: string;

  @ManyToOne(() => CourseSection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'section_id' })
  section?: CourseSection;

  @Column('int')
  position: number;

  @Column('text')
  title: string;

  @Column('text')
  kind: LessonKind;

  /** Counts for the completion rule; an optional lesson does not. */
  @Column('boolean', { default: true })
  required: boolean;

  /** text: HTML sanitized when saved. */
  @Column('text', { nullable: true })
  bodyHtml: string | null;

  /** video: the validated embed URL (never fetched by the server). */
  @Column('text', { nullable: true })
  videoUrl: string | null;

  /** document: the stored PDF. */
  @Column('uuid', { nullable: true })
  documentId: string | null;

  /** A document in use cannot be deleted (checked at the end of the statement, so a course's cascade goes through). */
  @ManyToOne(() => CourseDocument, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'document_id' })
  document?: CourseDocument;

  /** scorm: the stored package. */
  @Column('uuid', { nullable: true })
  scormPackageId: string | null;

  @ManyToOne(() => ScormPackage, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'scorm_package_id' })
  scormPackage?: ScormPackage;

  @Column('jsonb', { nullable: true })
  quiz: LessonQuiz | null;
}
