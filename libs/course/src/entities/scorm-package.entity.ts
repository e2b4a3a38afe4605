import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Course } from './course.entity.js';

/** An uploaded SCORM 1.2 package: its manifest's launch page and title. The files are rows of scorm_package_file. */
@Entity('scorm_package')
@Index('idx_scorm_package_course_id', ['courseId'])
export class ScormPackage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  courseId: string;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Course;

  @Column('text')
  title: string;

  /** The SCO's launch href, relative to the package root (may carry a query). */
  @Column('text')
  launchHref: string;

  @Column('int')
  fileCount: number;

  @Column('bigint')
  totalBytes: string;

  @Column('uuid', { nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One file of a package, by its normalized path inside the zip. */
@Entity('scorm_package_file')
export class ScormPackageFile {
  @PrimaryColumn('uuid')
  packageId: string;

  @ManyToOne(() => ScormPackage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'package_id' })
  package?: ScormPackage;

  @PrimaryColumn('text')
  path: string;

  @Column('text')
  mimeType: string;

  @Column('int')
  size: number;

  @Column('bytea')
  data: Buffer;
}
