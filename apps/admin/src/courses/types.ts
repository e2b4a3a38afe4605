/**
 * The shapes the course screens work with. Provisional until libs/course's DTOs are in the generated schema; then
 * these become aliases of Schemas[...] so a changed API breaks the build here.
 */
export type Population = 'cadres' | 'members' | 'youth' | 'teens';
export const POPULATIONS: Population[] = ['cadres', 'members', 'youth', 'teens'];
/** The plan targets measured by course completions (DESIGN §3, issue #16). */
export const COURSE_TARGETS = ['b', 'c', 'đ', 'e'] as const;
export type LessonKind = 'text' | 'video' | 'document' | 'scorm' | 'quiz';
export const LESSON_KINDS: LessonKind[] = ['text', 'video', 'document', 'scorm', 'quiz'];

export interface QuizSettings {
  bankId: string;
  blueprint: { category: string; difficulty?: 1 | 2 | 3; count: number }[];
  passPercent: number;
  durationSeconds: number;
  maxAttempts: number;
}
