import { createStore, get, update } from 'idb-keyval';
import { api, type Schemas } from '../api/client';
import { ApiError, isNetworkError, unwrap } from '../api/errors';

export type ScormCmi = Schemas['ScormCmiDto'];

/** Progress not yet confirmed by the server: a SCORM commit (the latest per lesson) or a lesson marked done. */
export type ProgressEntry =
  { kind: 'scorm'; lessonId: string; cmi: ScormCmi; seq: number } | { kind: 'complete'; lessonId: string; seq: number };

export type ProgressOutcome =
  | { kind: 'saved'; entry: ProgressEntry; lessonCompleted: boolean; courseCompleted: boolean }
  | { kind: 'refused'; entry: ProgressEntry; error: ApiError }
  | { kind: 'offline' };

/** An entry before it is numbered in the queue. */
export type NewProgress =
  Omit<Extract<ProgressEntry, { kind: 'scorm' }>, 'seq'> | Omit<Extract<ProgressEntry, { kind: 'complete' }>, 'seq'>;

const db = createStore('haidang-courses', 'outbox');
const KEY = 'progress';
const same = (a: ProgressEntry, b: ProgressEntry) => a.kind === b.kind && a.lessonId === b.lessonId;

let lastSeq = 0;
const nextSeq = () => (lastSeq = Math.max(lastSeq + 1, Date.now() * 1000));

export const readProgressOutbox = async () => (await get<ProgressEntry[]>(KEY, db)) ?? [];

/**
 * Keeps a learner's progress on the phone until the server has it, like the timed round's answer outbox: a SCORM
 * commit replaces the older one of the same lesson still queued (the server keeps the last commit), and nothing is
 * dropped before the server answered — a dropped connection leaves it queued for the next try.
 */
export function queueProgress(entry: NewProgress): Promise<void> {
  const full = { ...entry, seq: nextSeq() } as ProgressEntry;
  return update<ProgressEntry[]>(KEY, (list = []) => [...list.filter((e) => !same(e, full)), full], db);
}

const settle = (entry: ProgressEntry) =>
  update<ProgressEntry[]>(KEY, (list = []) => list.filter((e) => !(same(e, entry) && e.seq === entry.seq)), db);

async function send(entry: ProgressEntry): Promise<{ lessonCompleted: boolean; courseCompleted: boolean }> {
  const path = { lessonId: entry.lessonId };
  if (entry.kind === 'scorm')
    return unwrap(api.PUT('/api/v1/lessons/{lessonId}/scorm-progress', { params: { path }, body: entry.cmi }));
  return unwrap(api.POST('/api/v1/lessons/{lessonId}/complete', { params: { path } }));
}

/**
 * Sends what is queued, oldest first, one sender per phone at a time (Web Locks, across tabs). A refusal (not
 * enrolled, a lesson removed) drops that entry and goes on; no answer, a server in trouble or a session to renew
 * stops the run with everything left queued.
 */
export async function sendProgress(report: (o: ProgressOutcome) => void): Promise<'done' | 'offline'> {
  const run = async (): Promise<'done' | 'offline'> => {
    for (let guard = 0; guard < 1000; guard++) {
      const [entry] = await readProgressOutbox();
      if (!entry) return 'done';
      try {
        const result = await send(entry);
        await settle(entry);
        report({ kind: 'saved', entry, ...result });
      } catch (error) {
        const retryable = !(error instanceof ApiError) || error.status >= 500 || [401, 408, 429].includes(error.status);
        if (isNetworkError(error) || retryable) {
          report({ kind: 'offline' });
          return 'offline';
        }
        await settle(entry);
        report({ kind: 'refused', entry, error });
      }
    }
    return 'done';
  };
  if (navigator.locks) return navigator.locks.request('haidang-course-outbox', run);
  return run();
}
