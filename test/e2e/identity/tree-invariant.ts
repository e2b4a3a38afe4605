import type { TestApp } from '../../support/test-app.js';

/** Units whose materialized path or depth disagrees with their parent's: empty when the tree is consistent. */
export async function brokenTreeRows(t: TestApp): Promise<{ id: string; path: string }[]> {
  return t.dataSource.query(
    `SELECT c.id, c.path FROM org_unit c LEFT JOIN org_unit p ON p.id = c.parent_id
     WHERE (c.parent_id IS NULL AND (c.path <> '/' || c.id || '/' OR c.depth <> 0))
        OR (c.parent_id IS NOT NULL AND (c.path <> p.path || c.id || '/' OR c.depth <> p.depth + 1))`,
  );
}
