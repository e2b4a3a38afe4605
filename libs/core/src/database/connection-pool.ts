import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The `pg` pool behind a TypeORM data source on PostgreSQL. */
function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Opens the pool's missing connections now, and resolves with how many it holds. Before a rush that is known in
 * advance (a round's opening): a connection opened during the rush took 35–230 ms (a PostgreSQL backend forked and
 * authenticated on two busy cores), and the first saves of a round's opening waited for it. The pool keeps them
 * (`min` in data-source-options.ts), so this is a no-op once it is full; it is needed again only after connections
 * died (a database restart).
 */
export async function fillConnectionPool(dataSource: DataSource): Promise<number> {
  const pool = poolOf(dataSource);
  const missing = (pool.options.max ?? 10) - pool.totalCount;
  if (missing > 0) {
    // The pool hands out its idle connections before it opens one: those are taken too, all at once, so that as many
    // new ones are opened as are missing. Each is released at once (a request may have taken an idle one meanwhile:
    // one of these then waits for a statement to end, not for a connection to open).
    const taken = await Promise.allSettled(Array.from({ length: missing + pool.idleCount }, () => pool.connect()));
    // Every connection that was taken goes back, also when others could not be opened (the database restarting).
    for (const t of taken) if (t.status === 'fulfilled') t.value.release();
    const failed = taken.find((t) => t.status === 'rejected');
    if (failed) throw failed.reason;
  }
  return pool.totalCount;
}

/** How many connections the data source's pool holds (open, idle or in use). */
export function openConnections(dataSource: DataSource): number {
  return poolOf(dataSource).totalCount;
}
