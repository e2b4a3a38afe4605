import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MemberCounts } from '#contracts';

/** The record of one merge: what moved where, so a report for a date before it can be reconstructed. */
@Entity('unit_merge')
export class UnitMerge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  sourceUnitId: string;

  @Column('uuid')
  targetUnitId: string;

  @Column('int')
  movedUsers: number;

  @Column('int')
  movedChildren: number;

  @Column('jsonb')
  sourceCounts: MemberCounts;

  @Column('uuid', { nullable: true })
  mergedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  mergedAt: Date;
}
