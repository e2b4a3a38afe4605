import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { QuestionStatus, QuestionType } from '#contracts';
import { QuestionBank } from './question-bank.entity.js';
import { QuestionCategory } from './question-category.entity.js';

/**
 * A question: the working state of its latest version (for lists and filters) and two version pointers.
 * `currentVersionId` is the latest version (what authors edit and reviewers review); `publishedVersionId` is what
 * papers draw. Editing a published question makes a new draft version while the published one stays drawable until
 * the new one is approved. The pointers have no foreign key so a whole import can insert questions before versions in
 * two batch statements.
 */
@Entity('question')
// Filters of the bank list; the category prefix index (text_pattern_ops), the trigram index on search_text and the
// GIN index on tags are written by hand in the migration.
@Index('idx_question_bank_category_path', { synchronize: false })
@Index('idx_question_search_text_trgm', { synchronize: false })
@Index('idx_question_tags', { synchronize: false })
@Index('idx_question_bank_published', { synchronize: false })
@Index('idx_question_bank_seq', ['bankId', 'seq'])
@Index('idx_question_bank_content_hash', ['bankId', 'contentHash'])
export class Question {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order: a stable, unique sort key for pages (imports insert thousands in one statement). */
  @Column('bigint')
  @Generated('increment')
  seq: string;

  @Column('uuid')
  bankId: string;

  @ManyToOne(() => QuestionBank, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bank_id' })
  bank?: QuestionBank;

  @Column('uuid', { nullable: true })
  categoryId: string | null;

  @ManyToOne(() => QuestionCategory, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'category_id' })
  category?: QuestionCategory | null;

  /** The category's path, kept here so "this category and its subcategories" is one indexed prefix match. */
  @Column('text', { default: '' })
  categoryPath: string;

  @Column('text')
  type: QuestionType;

  @Column('text')
  status: QuestionStatus;

  @Column('smallint', { nullable: true })
  difficulty: number | null;

  @Column('text', { array: true, default: () => "'{}'" })
  tags: string[];

  @Column('text', { nullable: true })
  externalId: string | null;

  @Column('text', { nullable: true })
  title: string | null;

  /** The question text as given (a preview for lists). */
  @Column('text')
  text: string;

  /** Title, text and answers without diacritics, lowercased, đ→d: what `q=` searches. */
  @Column('text')
  searchText: string;

  /** Hash of type + normalized text: finds duplicates in the bank. */
  @Column('text')
  contentHash: string;

  @Column('uuid')
  currentVersionId: string;

  @Column('int')
  currentVersion: number;

  @Column('uuid', { nullable: true })
  publishedVersionId: string | null;

  @Column('int', { nullable: true })
  publishedVersion: number | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
