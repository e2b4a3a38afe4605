export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/**
 * Word-level difference of two texts (longest common subsequence over words and the spaces between them). Question
 * texts are short, so the quadratic table is fine; past ~4 million cells it falls back to "all removed, all added".
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = before.split(/(\s+)/).filter((s) => s !== '');
  const b = after.split(/(\s+)/).filter((s) => s !== '');
  if (a.length * b.length > 4_000_000) {
    return [
      ...(before ? [{ kind: 'removed' as const, text: before }] : []),
      ...(after ? [{ kind: 'added' as const, text: after }] : []),
    ];
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('removed', a[i++]!);
    else push('added', b[j++]!);
  }
  while (i < a.length) push('removed', a[i++]!);
  while (j < b.length) push('added', b[j++]!);
  return parts;
}

export type FieldChange = { field: string; before: string | undefined; after: string | undefined };

/** Fields (already flattened to labelled strings) that differ between two versions, in the newer version's order. */
export function changedFields(before: [string, string][], after: [string, string][]): FieldChange[] {
  const old = new Map(before);
  const now = new Map(after);
  const keys = [...after.map(([k]) => k), ...before.map(([k]) => k).filter((k) => !now.has(k))];
  return keys
    .filter((k) => old.get(k) !== now.get(k))
    .map((field) => ({ field, before: old.get(field), after: now.get(field) }));
}
