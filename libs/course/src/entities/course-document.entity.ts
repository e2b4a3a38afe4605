import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Course } from './course.entity.js';

/** A PDF of a document lesson, kept in PostgreSQL so every instance serves it (like question images). */
@Entity('course_document')
@Index('idx_course_document_course_id', ['courseId'])
export class CourseDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column('text')
  fileName: string;

  @Column('text')
  mimeType: string;

  @Column('int')
  size: number;

  @Column('text')
  sha256: string;

  @Column('bytea')
  data: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
