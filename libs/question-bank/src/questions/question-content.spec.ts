import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { QuestionInput } from '#contracts';
import {
  assignIds,
  categoryAncestors,
  contentHashOf,
  normalizeCategoryPath,
  normalizeTags,
  searchNormalize,
  toInput,
  type StoredContent,
} from './question-content.js';
import { buildCategoryTree } from './category-tree.js';
import { nextStatus } from './question-status.js';

describe('searchNormalize', () => {
  it('drops Vietnamese diacritics, turns đ into d and lowercases', () => {
    expect(searchNormalize('Luật An ninh mạng')).toBe('luat an ninh mang');
    expect(searchNormalize('ĐOÀN Thanh niên  Cộng sản')).toBe('doan thanh nien cong san');
    expect(searchNormalize('Ở đâu? Ưu tiên!')).toBe('o dau? uu tien!');
  });

  it('gives the same result for NFC and NFD input, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = searchNormalize(s);
        expect(searchNormalize(s.normalize('NFD'))).toBe(searchNormalize(s.normalize('NFC')));
        expect(searchNormalize(once)).toBe(once);
      }),
    );
  });
});

describe('contentHashOf', () => {
  it('ignores case, Unicode form and spacing but not diacritics or type', () => {
    const h = contentHashOf('single', 'Luật  An ninh mạng');
    expect(contentHashOf('single', ' luật an ninh mạng '.normalize('NFD'))).toBe(h);
    expect(contentHashOf('single', 'Luat An ninh mang')).not.toBe(h);
    expect(contentHashOf('multiple', 'Luật An ninh mạng')).not.toBe(h);
  });
});

describe('category paths', () => {
  it('trims segments and drops empty segments', () => {
    expect(normalizeCategoryPath(' Pháp luật /  Luật An ninh mạng/ ')).toBe('Pháp luật/Luật An ninh mạng');
    expect(normalizeCategoryPath('//')).toBe('');
    expect(normalizeCategoryPath(undefined)).toBe('');
  });

  it('lists every ancestor of a path, root first', () => {
    expect(categoryAncestors('A/B/C')).toEqual(['A', 'A/B', 'A/B/C']);
    expect(categoryAncestors('')).toEqual([]);
  });

  it('builds a tree whose totals add up to every question', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(fc.constantFrom('A', 'B', 'Ư'), { maxLength: 3 }), fc.nat(5))),
        (entries) => {
          const counts = new Map<string, number>();
          for (const [segments, n] of entries) {
            const p = segments.join('/');
            counts.set(p, (counts.get(p) ?? 0) + n);
          }
          const tree = buildCategoryTree([], counts);
          const sum = [...counts.values()].reduce((a, b) => a + b, 0);
          expect(tree.total).toBe(sum);
          const check = (nodes: typeof tree.roots): void => {
            for (const n of nodes) {
              expect(n.total).toBe(n.count + n.children.reduce((a, c) => a + c.total, 0));
              check(n.children);
            }
          };
          check(tree.roots);
        },
      ),
    );
  });

  it('includes empty categories and sorts names the Vietnamese way', () => {
    const tree = buildCategoryTree(['Lịch sử', 'Đoàn', 'Dân số'], new Map([['Lịch sử/Cận đại', 2]]));
    expect(tree.roots.map((n) => n.name)).toEqual(['Dân số', 'Đoàn', 'Lịch sử']);
    expect(tree.roots[2]).toMatchObject({ count: 0, total: 2, children: [{ name: 'Cận đại', count: 2 }] });
  });
});

describe('normalizeTags', () => {
  it('trims, lowercases and removes repeats in order', () => {
    expect(normalizeTags([' Luật ', 'luật', 'AN NINH', ''])).toEqual(['luật', 'an ninh']);
  });
});

describe('assignIds', () => {
  const q: QuestionInput = {
    type: 'single',
    text: 'x',
    options: [
      { text: 'A', fraction: 1 },
      { text: 'B', fraction: 0 },
      { text: 'C', fraction: 0 },
    ],
    pairs: [{ prompt: 'p', answer: 'a' }],
  };

  it('gives distinct ids, keeps them for unchanged options in the next version and makes new ones otherwise', () => {
    const v1 = assignIds(q);
    expect(new Set(v1.options!.map((o) => o.id)).size).toBe(3);
    const v2 = assignIds(
      {
        ...q,
        options: [
          { text: 'C', fraction: 1 },
          { text: 'D', fraction: 0 },
        ],
      },
      v1,
    );
    expect(v2.options![0]!.id).toBe(v1.options![2]!.id);
    expect(v1.options!.map((o) => o.id)).not.toContain(v2.options![1]!.id);
    expect(v2.pairs![0]!.id).toBe(v1.pairs![0]!.id);
  });

  it('never repeats an id within a version even when the generator collides', () => {
    let n = 0;
    const colliding = () => String(Math.floor(n++ / 2));
    const ids = assignIds(q, undefined, colliding).options!.map((o) => o.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('round-trips to the input without ids', () => {
    const stored = { ...q, ...assignIds(q) } as StoredContent;
    expect(toInput(stored)).toEqual(q);
  });
});

describe('nextStatus', () => {
  it('follows draft → in_review → published, or back to draft', () => {
    expect(nextStatus('submit', 'draft')).toBe('in_review');
    expect(nextStatus('approve', 'in_review')).toBe('published');
    expect(nextStatus('send_back', 'in_review')).toBe('draft');
    expect(nextStatus('edit', 'published')).toBe('draft');
  });

  it('refuses skipping review or reviewing what is not waiting', () => {
    expect(nextStatus('approve', 'draft')).toBeNull();
    expect(nextStatus('submit', 'in_review')).toBeNull();
    expect(nextStatus('send_back', 'published')).toBeNull();
    expect(nextStatus('edit', 'archived')).toBeNull();
  });
});
