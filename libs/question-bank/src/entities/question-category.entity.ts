import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { QuestionBank } from './question-bank.entity.js';

/**
 * A category of a bank, named by its full path ("Pháp luật/Luật An ninh mạng"). Every ancestor of a used path has its
 * own row, so the tree can be listed without questions in every node.
 */
@Entity('question_category')
@Unique('uq_question_category_bank_path', ['bankId', 'path'])
export class QuestionCategory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  bankId: string;

  @ManyToOne(() => QuestionBank, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bank_id' })
  bank?: QuestionBank;

  @Column('text')
  path: string;

  @Column('int')
  depth: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
