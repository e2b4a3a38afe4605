import type { QuestionStatus } from '#contracts';

export type ReviewStep = 'submit' | 'approve' | 'send_back' | 'edit';

/**
 * The review flow: draft → in_review → published, or back to draft with a comment. An edit always makes a new draft
 * version (a published version stays drawable until the new one is approved). Null: not allowed from that status.
 */
export function nextStatus(step: ReviewStep, from: QuestionStatus): QuestionStatus | null {
  switch (step) {
    case 'submit':
      return from === 'draft' ? 'in_review' : null;
    case 'approve':
      return from === 'in_review' ? 'published' : null;
    case 'send_back':
      return from === 'in_review' ? 'draft' : null;
    case 'edit':
      return from === 'archived' ? null : 'draft';
  }
}
