/** Emitted after a commit that makes versions drawable (approve, or an import with publish): pools may be stale. */
export const QUESTION_PUBLISHED_EVENT = 'question.published';
export interface QuestionPublishedEvent {
  bankId: string;
  questionIds: string[];
}

/** Emitted after a question gets a new (draft) version. */
export const QUESTION_EDITED_EVENT = 'question.edited';
export interface QuestionEditedEvent {
  bankId: string;
  questionId: string;
  version: number;
}
