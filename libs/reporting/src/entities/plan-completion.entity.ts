import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One `course.completed` event as reporting recorded it; its id makes a job run twice change nothing. */
@Entity('plan_completion')
export class PlanCompletion {
  @PrimaryColumn('uuid')
  completionId: string;

  @Column('uuid')
  userId: string;

  @Column('uuid')
  courseId: string;

  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('text', { nullable: true })
  population: string | null;

  @Column('text', { array: true })
  letters: string[];

  @Column('timestamptz')
  completedAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
