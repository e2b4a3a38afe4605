import { createStore, del, get, set, update } from 'idb-keyval';
import type { Schemas } from '../api/client';

export type Question = Schemas['AttemptQuestionDto'] & { format?: string };
export type AnswerValue = { optionIds?: string[]; text?: string; value?: number; pairs?: Record<string, string> };

/** What the phone keeps of an open attempt, so a reload without network still shows it. */
export interface AttemptSnapshot {
  roundId: string;
  attemptId: string;
  attemptNo: number;
  deadline: string;
  /** Server clock minus this phone's clock, measured at the last start or resume. */
  offsetMs: number;
  questions: Question[];
  predictionQuestion: string | null;
  /** The latest answer given on this phone or read from the server, by question id. */
  answers: Record<string, AnswerValue>;
  prediction: string;
}

/** An answer not yet confirmed by the server. `seq` orders the answers given to one question. */
export interface OutboxEntry {
  questionId: string;
  value: AnswerValue;
  seq: number;
}

const db = createStore('haidang-portal', 'attempts');
const snapshotKey = (roundId: string) => `round:${roundId}`;
const outboxKey = (attemptId: string) => `outbox:${attemptId}`;

export const loadSnapshot = (roundId: string) => get<AttemptSnapshot>(snapshotKey(roundId), db);
export const saveSnapshot = (s: AttemptSnapshot) => set(snapshotKey(s.roundId), s, db);
export const patchSnapshot = (roundId: string, patch: (s: AttemptSnapshot) => AttemptSnapshot) =>
  update<AttemptSnapshot | undefined>(snapshotKey(roundId), (s) => (s ? patch(s) : s), db);
export const dropSnapshot = (roundId: string) => del(snapshotKey(roundId), db);

export const readOutbox = async (attemptId: string) => (await get<OutboxEntry[]>(outboxKey(attemptId), db)) ?? [];
export const dropOutbox = (attemptId: string) => del(outboxKey(attemptId), db);

let lastSeq = 0;
/** Increasing on this phone even when two answers come in the same millisecond (or the clock steps back). */
export function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

/**
 * Queues an answer. A newer answer to the same question replaces the queued older one (the save is "last write
 * wins" on the server, so the older one must never be sent after it), and goes to the end of the queue.
 */
export function enqueue(attemptId: string, entry: OutboxEntry): Promise<void> {
  return update<OutboxEntry[]>(
    outboxKey(attemptId),
    (list = []) => {
      const older = list.find((e) => e.questionId === entry.questionId);
      if (older && older.seq > entry.seq) return list;
      return [...list.filter((e) => e.questionId !== entry.questionId), entry];
    },
    db,
  );
}

/** Removes a sent answer, unless a newer answer to that question was queued meanwhile. */
export function settle(attemptId: string, entry: OutboxEntry): Promise<void> {
  return update<OutboxEntry[]>(
    outboxKey(attemptId),
    (list = []) => list.filter((e) => !(e.questionId === entry.questionId && e.seq === entry.seq)),
    db,
  );
}
