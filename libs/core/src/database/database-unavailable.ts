/** Whether an error says the database cannot be reached right now (not that a statement was wrong). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : '';
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' || // admin_shutdown (also a backend ended by pg_terminate_backend)
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now
    code?.startsWith('08') === true || // connection_exception class
    // A pooled client whose connection died before the pool noticed: the next query on it fails this way.
    /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i.test(message)
  );
}
