import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Course } from './course.entity.js';

/** A part of a course; its lessons are shown in `position` order. */
@Entity('course_section')
@Index('idx_course_section_course_id', ['courseId', 'position'])
export class CourseSection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column('text')
  title: string;

  @Column('int')
  position: number;
}
