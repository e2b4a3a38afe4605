import { Logger } from '@nestjs/common';
import { isDatabaseUnavailable } from './database-unavailable.js';

/**
 * Group commit in the application: writes that arrive while others are on their way to the database are gathered
 * and written as one statement, and each caller is answered only after that statement has committed.
 *
 * Why: on a small machine the database's cost per statement (a round trip, a commit, a WAL flush) dominates a
 * one-row write; thousands of participants saving answers at once pay it once per batch instead of once per answer.
 * Nothing is acknowledged early, so durability is the same as one statement per write.
 */
export interface WriteBatcherOptions<I, O> {
  /**
   * Writes the items as one statement; returns one outcome per item, in the same order. All or nothing: when it
   * throws, nothing of it may be written, since its items are written again in smaller groups.
   */
  write: (items: I[]) => Promise<O[]>;
  /** Most items in one statement. */
  maxBatch: number;
  /** Most statements on their way at once (keep below the connection pool's size). */
  maxInFlight: number;
  /** What the writes are, for the log line of a failed statement ("answer saves"). */
  name?: string;
}

interface GroupFailure {
  /** The error of the first statement that failed. */
  first: unknown;
  /** Writes answered with an error (the others were written by a smaller statement). */
  refused: number;
}

const logger = new Logger('WriteBatcher');

interface Pending<I, O> {
  item: I;
  resolve: (outcome: O) => void;
  reject: (error: unknown) => void;
}

export class WriteBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly options: WriteBatcherOptions<I, O>) {}

  /** Queues one write; settles after the statement holding it commits (or fails). */
  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** How many writes wait for a statement. */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    // One turn of the event loop lets the writes of requests already read from their sockets join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.writeBatch(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length) this.schedule();
      });
    }
  }

  /**
   * Writes a batch as one statement. When that statement fails, no item of it was written (one statement is atomic),
   * so its halves are written again as statements of their own, down to single items: every write that can succeed
   * does, exactly once, and only a write that fails alone gets an error (one participant's malformed answer never
   * fails another's). A database that cannot be reached fails everyone at once: no item is at fault, and splitting
   * would only repeat the failure.
   */
  private async writeBatch(batch: Pending<I, O>[]): Promise<void> {
    const failure: GroupFailure = { first: undefined, refused: 0 };
    await this.writeOrSplit(batch, failure);
    if (failure.first !== undefined) this.logFailure(batch.length, failure);
  }

  private async writeOrSplit(batch: Pending<I, O>[], failure: GroupFailure): Promise<void> {
    let outcomes: O[];
    try {
      outcomes = await this.options.write(batch.map((p) => p.item));
    } catch (error) {
      failure.first ??= error;
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        failure.refused += batch.length;
        for (const p of batch) p.reject(error);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      // One after the other: the halves stay within this statement's share of maxInFlight.
      await this.writeOrSplit(batch.slice(0, half), failure);
      await this.writeOrSplit(batch.slice(half), failure);
      return;
    }
    // A statement that committed but answered wrongly is never written again (that would write twice).
    if (outcomes.length !== batch.length) {
      const error = new Error(`write returned ${outcomes.length} of ${batch.length}`);
      failure.first ??= error;
      failure.refused += batch.length;
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => p.resolve(outcomes[i]!));
  }

  /**
   * One line per failed statement: the error's code, the group's size and how many were refused. Never the error's
   * message, query or parameters: they may hold other people's ids and answers.
   */
  private logFailure(size: number, failure: GroupFailure): void {
    const error = failure.first as { code?: unknown; name?: unknown } | null;
    const code =
      typeof error?.code === 'string' ? error.code : typeof error?.name === 'string' ? error.name : 'unknown';
    logger.warn(
      `${this.options.name ?? 'writes'}: a statement of ${size} failed (${code}); ` +
        `${size - failure.refused} written in smaller statements, ${failure.refused} refused`,
    );
  }
}
