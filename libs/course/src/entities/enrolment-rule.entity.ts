import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Population } from '#contracts';
import { Course } from './course.entity.js';

/**
 * "Everyone of these populations in this unit's subtree, due then": the enrolment of a unit. People who match it are
 * materialized as course_enrolment rows when it is made, and later joiners when they (or a progress report) are read;
 * the subtree is the unit's as it is now (a unit moved in or out takes its people along).
 */
@Entity('course_enrolment_rule')
@Unique('uq_course_enrolment_rule_course_unit', ['courseId', 'unitId'])
export class CourseEnrolmentRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  /** The subtree's root (identity's unit; no foreign key across libraries). */
  @Column('uuid')
  unitId: string;

  @Column('text', { array: true })
  populations: Population[];

  @Column('timestamptz', { nullable: true })
  dueAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
