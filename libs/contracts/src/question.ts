/** The question model shared by the API, the importers and the web apps (DESIGN.md §4). */
export const QUESTION_TYPES = [
  'single',
  'multiple',
  'truefalse',
  'short',
  'numerical',
  'matching',
  'essay',
  'description',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export interface ChoiceOption {
  text: string;
  /** Share of the question's marks, from -1 to 1. */
  fraction: number;
  feedback?: string;
}

export interface ShortAnswer {
  text: string;
  fraction: number;
  feedback?: string;
}

export interface NumericalAnswer {
  /** Accepted when |given - value| <= tolerance. A range a..b is value (a+b)/2 with tolerance (b-a)/2. */
  value: number;
  tolerance: number;
  fraction: number;
  feedback?: string;
}

export interface MatchingPair {
  prompt: string;
  answer: string;
}

/** A question as authored, imported or exported; the shape of the body of POST /question-banks/:id/questions. */
export interface QuestionInput {
  type: QuestionType;
  title?: string;
  text: string;
  /** How text is written: Moodle's formats. Text is always stored as given and sanitized when rendered. */
  format?: 'plain' | 'html' | 'markdown' | 'moodle';
  category?: string;
  difficulty?: 1 | 2 | 3;
  tags?: string[];
  generalFeedback?: string;
  /** An id the source file gave the question (GIFT [id:…], Moodle idnumber). */
  externalId?: string;
  options?: ChoiceOption[];
  correct?: boolean;
  trueFeedback?: string;
  falseFeedback?: string;
  answers?: ShortAnswer[] | NumericalAnswer[];
  pairs?: MatchingPair[];
  /**
   * Matching: extra answers that match no prompt (Moodle's pair with an empty left side), offered among the choices
   * so the last prompt is not answered by elimination.
   */
  distractors?: string[];
  /** Short answers compare case-sensitively only when set. */
  caseSensitive?: boolean;
  /** Images and files embedded in the text, referenced as @@PLUGINFILE@@/name in it. */
  files?: { name: string; mimeType: string; base64: string }[];
}

/**
 * A published question version as the quiz engine and live games receive it (server side only: it carries the key).
 * Options and matching pairs carry ids that are stable within the version; answers refer to them.
 */
export interface QuestionSnapshot extends Omit<QuestionInput, 'options' | 'pairs'> {
  questionId: string;
  versionId: string;
  version: number;
  bankId: string;
  options?: (ChoiceOption & { id: string })[];
  pairs?: (MatchingPair & { id: string })[];
}

/** What a participant answers, by question type (DESIGN.md §4). */
export interface AnswerValue {
  /** single, multiple, truefalse ("true"/"false" are the option ids of a true/false question) */
  optionIds?: string[];
  /** short */
  text?: string;
  /** numerical */
  value?: number;
  /** matching: pair id → the answer text chosen for it */
  pairs?: Record<string, string>;
}
