import { api } from '../api/client';
import { ApiError, isNetworkError, unwrap } from '../api/errors';
import { readOutbox, settle, type OutboxEntry } from './store';

export type SendOutcome =
  | { kind: 'saved'; entry: OutboxEntry }
  | { kind: 'refused'; entry: OutboxEntry; error: ApiError }
  | { kind: 'offline' }
  | { kind: 'idle' };

/**
 * Sends queued answers one at a time, oldest first, and removes each once the server confirms it. One sender per
 * attempt across every tab of the phone (Web Locks), so two tabs never send two answers to one question out of order.
 * A dropped connection stops the run and leaves the rest queued; a refusal (the attempt closed, an answer the question
 * does not take) drops that answer and goes on.
 */
export async function sendQueued(attemptId: string, report: (o: SendOutcome) => void): Promise<'done' | 'offline'> {
  const run = async (): Promise<'done' | 'offline'> => {
    for (let guard = 0; guard < 1000; guard++) {
      const [entry] = await readOutbox(attemptId);
      if (!entry) return 'done';
      try {
        await unwrap(
          api.PUT('/api/v1/attempts/{attemptId}/answers/{questionId}', {
            params: { path: { attemptId, questionId: entry.questionId } },
            // The documented body is loose (the engine checks an answer against its question).
            body: entry.value as never,
          }),
        );
        await settle(attemptId, entry);
        report({ kind: 'saved', entry });
      } catch (error) {
        // No answer, a server in trouble, or a session that has to be renewed: the answer stays queued.
        const retryable = !(error instanceof ApiError) || error.status >= 500 || [401, 408, 429].includes(error.status);
        if (isNetworkError(error) || retryable) {
          report({ kind: 'offline' });
          return 'offline';
        }
        await settle(attemptId, entry);
        report({ kind: 'refused', entry, error });
      }
    }
    return 'done';
  };
  if (navigator.locks) return navigator.locks.request(`haidang-outbox-${attemptId}`, run);
  return run();
}
