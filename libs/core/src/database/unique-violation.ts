/** PostgreSQL's unique_violation, with the constraint that fired (TypeORM wraps the driver's error); null otherwise. */
export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === '23505' ? (e.driverError?.constraint ?? e.constraint ?? '') : null;
}
