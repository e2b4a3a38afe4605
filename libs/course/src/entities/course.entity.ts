import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PlanTargetLetter, Population } from '#contracts';

export type CourseStatus = 'draft' | 'published' | 'archived';

/** A training course; organizers of its unit's subtree (and admins) manage it. */
@Entity('course')
@Index('idx_course_unit_id', ['unitId'])
export class Course {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  description: string;

  /** The organizer's unit: organizers of that subtree (and admins) manage the course. */
  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('text', { default: 'draft' })
  status: CourseStatus;

  /** Open courses take self-enrolment from any signed-in learner once published. */
  @Column('boolean', { default: false })
  selfEnrolment: boolean;

  /** The plan targets (letters a–o) a completion counts toward. */
  @Column('text', { array: true, default: () => "'{}'" })
  planTargets: PlanTargetLetter[];

  /** The populations the course is meant for (and counted for in reports). */
  @Column('text', { array: true, default: () => "'{}'" })
  populations: Population[];

  /** The certificate template issued on completion (certificate's own id; no foreign key across libraries). */
  @Column('uuid', { nullable: true })
  certificateTemplateId: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
