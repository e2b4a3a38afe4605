/** A node of a bank's category tree, with the questions directly in it and in its whole subtree. */
export interface CategoryNode {
  name: string;
  path: string;
  count: number;
  total: number;
  children: CategoryNode[];
}

/**
 * Builds the tree from the category paths and the question count per path (the root "" holds questions without a
 * category). Children sort the Vietnamese way; totals include every descendant.
 */
export function buildCategoryTree(
  paths: readonly string[],
  counts: ReadonlyMap<string, number>,
): { uncategorized: number; total: number; roots: CategoryNode[] } {
  const byPath = new Map<string, CategoryNode>();
  const roots: CategoryNode[] = [];
  const all = new Set<string>();
  for (const p of [...paths, ...counts.keys()]) {
    if (!p) continue;
    const segments = p.split('/');
    for (let i = 1; i <= segments.length; i++) all.add(segments.slice(0, i).join('/'));
  }
  for (const path of [...all].sort((a, b) => a.split('/').length - b.split('/').length)) {
    const slash = path.lastIndexOf('/');
    const node: CategoryNode = {
      name: path.slice(slash + 1),
      path,
      count: counts.get(path) ?? 0,
      total: 0,
      children: [],
    };
    byPath.set(path, node);
    if (slash < 0) roots.push(node);
    else byPath.get(path.slice(0, slash))!.children.push(node);
  }
  const collator = new Intl.Collator('vi');
  const finish = (nodes: CategoryNode[]): number => {
    nodes.sort((a, b) => collator.compare(a.name, b.name));
    let sum = 0;
    for (const n of nodes) {
      n.total = n.count + finish(n.children);
      sum += n.total;
    }
    return sum;
  };
  const uncategorized = counts.get('') ?? 0;
  return { uncategorized, total: uncategorized + finish(roots), roots };
}
