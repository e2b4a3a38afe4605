import type { QuestionStatus, QuestionType } from '#contracts';

export const STATUS_COLOR: Record<QuestionStatus, 'default' | 'info' | 'success' | 'warning'> = {
  draft: 'default',
  in_review: 'warning',
  published: 'success',
  archived: 'default',
};

export const TYPES_WITH_OPTIONS: readonly QuestionType[] = ['single', 'multiple'];
