import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The `pg` pool behind a TypeORM data source on PostgreSQL. */
function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Opens the pool's missing connections now, and resolves with how many it holds. Before a rush that is known in
 * advance (a round's opening): a connection opened during the rush took 22–230 ms (a PostgreSQL backend forked and
 * authenticated on two busy cores), and the first saves of a round's opening waited for it. The pool keeps them
 * (`min` in data-source-options.ts), so this is a no-op once it is full; it is needed again only after connections
 * died (a database restart).
 */
export async function fillConnectionPool(dataSource: DataSource): Promise<number> {
  const pool = poolOf(dataSource);
  const missing = (pool.options.max ?? 10) - pool.totalCount;
  if (missing > 0) {
    // The pool hands out its idle connections before it opens one: those are asked for too, in the same turn, so that
    // as many new ones are opened as are missing. Each goes back as soon as it is handed over (an idle one at once,
    // a new one once open), so a request waiting meanwhile never waits for the others to open.
    const taken = await Promise.allSettled(
      Array.from({ length: missing + pool.idleCount }, () => pool.connect().then((client) => client.release())),
    );
    const failed = taken.find((t) => t.status === 'rejected');
    if (failed) throw failed.reason;
  }
  return pool.totalCount;
}

/** How many connections the data source's pool holds (open, idle or in use). */
export function openConnections(dataSource: DataSource): number {
  return poolOf(dataSource).totalCount;
}
