import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { UnitKind } from '#contracts';

/**
 * A node of the union's unit tree. `path` is the materialized chain of ids from the root ("/a/b/c/"), so a subtree is
 * one indexed prefix match. A merged unit is kept (status "merged", mergedIntoId) so old results and reports that
 * name it stay true.
 */
@Entity('org_unit')
// text_pattern_ops lets `path LIKE 'prefix%'` use the index under any collation; TypeORM cannot say that, so the
// migration creates it by hand.
@Index('idx_org_unit_path', { synchronize: false })
@Index('idx_org_unit_parent_id', ['parentId'])
export class OrgUnit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  fullName: string | null;

  @Column('text')
  kind: UnitKind;

  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrgUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: OrgUnit | null;

  @Column('text')
  path: string;

  @Column('int')
  depth: number;

  @Column('int', { default: 0 })
  cadres: number;

  @Column('int', { default: 0 })
  members: number;

  @Column('int', { default: 0 })
  youth: number;

  @Column('int', { default: 0 })
  teens: number;

  @Column('text', { default: 'active' })
  status: 'active' | 'merged';

  @Column('uuid', { nullable: true })
  mergedIntoId: string | null;

  @Column('timestamptz', { nullable: true })
  mergedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
