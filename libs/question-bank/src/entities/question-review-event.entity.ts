import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Question } from './question.entity.js';

export const REVIEW_ACTIONS = ['create', 'edit', 'submit', 'approve', 'send_back', 'import'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** Who did what to a question's review status, when, and why (a send-back carries the reviewer's comment). */
@Entity('question_review_event')
@Index('idx_question_review_event_question_id', ['questionId', 'createdAt'])
export class QuestionReviewEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  questionId: string;

  @ManyToOne(() => Question, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: Question;

  @Column('int')
  version: number;

  @Column('text')
  action: ReviewAction;

  @Column('text')
  fromStatus: string;

  @Column('text')
  toStatus: string;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
