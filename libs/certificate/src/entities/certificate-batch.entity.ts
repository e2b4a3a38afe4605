import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type BatchStatus = 'queued' | 'running' | 'done' | 'failed';
export type BatchSource = 'round' | 'live-game';

/** A bulk issue from a ranking, worked by a background job; its progress is read by the admin. */
@Entity('certificate_batch')
export class CertificateBatch {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  source: BatchSource;

  @Column('uuid')
  sourceId: string;

  @Column('uuid')
  templateId: string;

  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('int', { nullable: true })
  topN: number | null;

  @Column('text', { default: 'queued' })
  status: BatchStatus;

  @Column('int', { default: 0 })
  total: number;

  /** Issued by this batch, or already held (issued before, by another batch or click): nobody gets two. */
  @Column('int', { default: 0 })
  done: number;

  @Column('int', { default: 0 })
  failed: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
