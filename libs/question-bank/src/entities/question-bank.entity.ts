import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** A bank of questions, owned by a unit: organizers and authors see the banks of the units in their subtree. */
@Entity('question_bank')
@Index('idx_question_bank_owner_unit_id', ['ownerUnitId'])
export class QuestionBank {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('uuid')
  ownerUnitId: string;

  // identity's OrgUnit, named rather than imported: the foreign key stays while the entity class stays in identity.
  @ManyToOne('OrgUnit', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_unit_id' })
  ownerUnit?: object;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Set when an organizer archives the bank: hidden from the list and closed to new questions, until restored. */
  @Column('timestamptz', { nullable: true })
  archivedAt: Date | null;

  /** The spreadsheet column mapping last used to import into this bank (header text → field), reused next time. */
  @Column('jsonb', { nullable: true })
  importMapping: Record<string, string> | null;
}
