import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a regrade after a key correction changed: versions, answers, scores and ranks. */
@Entity('round_regrade')
@Index('idx_round_regrade_round_id', ['roundId'])
export class RoundRegrade {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  roundId: string;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('jsonb')
  changes: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
