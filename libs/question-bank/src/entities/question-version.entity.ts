import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { QuestionType } from '#contracts';
import type { StoredContent } from '../questions/question-content.js';
import { Question } from './question.entity.js';

/**
 * One immutable version of a question: the whole content (with option and pair ids) as a snapshot. Never updated:
 * an attempt keeps the version it was drawn from. Category and difficulty are copied out so the published pool can be
 * filtered by what the published version says.
 */
@Entity('question_version')
@Unique('uq_question_version_question_version', ['questionId', 'version'])
export class QuestionVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  questionId: string;

  @ManyToOne(() => Question, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: Question;

  @Column('uuid')
  bankId: string;

  @Column('int')
  version: number;

  @Column('text')
  type: QuestionType;

  @Column('text', { default: '' })
  categoryPath: string;

  @Column('smallint', { nullable: true })
  difficulty: number | null;

  @Column('jsonb')
  content: StoredContent;

  @Column('uuid', { nullable: true })
  authorId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
