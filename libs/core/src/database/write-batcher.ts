/**
 * Group commit in the application: writes that arrive while others are on their way to the database are gathered
 * and written as one statement, and each caller is answered only after that statement has committed.
 *
 * Why: on a small machine the database's cost per statement (a round trip, a commit, a WAL flush) dominates a
 * one-row write; thousands of participants saving answers at once pay it once per batch instead of once per answer.
 * Nothing is acknowledged early, so durability is the same as one statement per write.
 */
export interface WriteBatcherOptions<I, O> {
  /** Writes the items as one statement; returns one outcome per item, in the same order. */
  write: (items: I[]) => Promise<O[]>;
  /** Most items in one statement. */
  maxBatch: number;
  /** Most statements on their way at once (keep below the connection pool's size). */
  maxInFlight: number;
}

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

  private async writeBatch(batch: Pending<I, O>[]): Promise<void> {
    try {
      const outcomes = await this.options.write(batch.map((p) => p.item));
      if (outcomes.length !== batch.length) throw new Error(`write returned ${outcomes.length} of ${batch.length}`);
      batch.forEach((p, i) => p.resolve(outcomes[i]!));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
