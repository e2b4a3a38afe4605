/*
 * quiz-engine's tables as the set-based SQL of the modules that own attempt contexts may read them (the pattern of
 * identity-sql.ts). Freezing a round's ranking over up to a million attempts must stay one statement, so contest reads
 * attempts in SQL rather than through the engine row by row. These derived tables are the only place outside
 * quiz-engine's repository that names its tables and columns; PostgreSQL pulls such plain subqueries up into the outer
 * query, so plans (and the partial indexes they use) are the same as reading the tables directly. Writes go through
 * AttemptService and AttemptLedger.
 */

/**
 * Attempts: id, context_id (the round or lesson), user_id, attempt_no (1 for the first), status ('in_progress' |
 * 'submitted'), started_at, deadline, submitted_at, duration_ms, score, max_score, correct_count, answered_count,
 * prediction, ip, device_id. Score columns are set once the attempt is submitted.
 */
export const ATTEMPTS_SQL = `(SELECT id, context_id, user_id, attempt_no, status, started_at, deadline, submitted_at,
  duration_ms, score, max_score, correct_count, answered_count, prediction, ip, device_id FROM quiz_attempt)`;

/** Answers: attempt_id, question_id, value (jsonb, as saved), fraction (0..1 of the question's points). */
export const ANSWERS_SQL = '(SELECT attempt_id, question_id, value, fraction FROM quiz_answer)';
