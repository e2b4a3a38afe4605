import type { TFunction } from 'i18next';
import { formatNumber, formatPercent } from '../lib/format';
import type { QuestionContent } from './form';

/** A version's content as labelled lines, the unit the version comparison works on. */
export function flattenContent(c: QuestionContent, t: TFunction): [string, string][] {
  const rows: [string, string][] = [
    [t('questions.type'), t(`types.${c.type}`)],
    [t('editor.title'), c.title ?? ''],
    [t('editor.text'), c.text],
    [t('editor.format'), t(`editor.formats.${c.format ?? 'plain'}`)],
    [t('questions.category'), c.category ?? ''],
    [t('difficulty.label'), c.difficulty ? t(`difficulty.${c.difficulty}`) : ''],
    [t('editor.tags'), (c.tags ?? []).join(', ')],
  ];
  const fb = (f?: string) => (f ? ` — ${f}` : '');
  c.options?.forEach((o, i) =>
    rows.push([t('editor.option', { n: i + 1 }), `${o.text} (${formatPercent(o.fraction)})${fb(o.feedback)}`]),
  );
  if (c.type === 'truefalse') {
    rows.push([t('editor.correctAnswer'), c.correct === false ? t('editor.false') : t('editor.true')]);
    rows.push([t('editor.trueFeedback'), c.trueFeedback ?? '']);
    rows.push([t('editor.falseFeedback'), c.falseFeedback ?? '']);
  }
  c.answers?.forEach((a, i) => {
    const what =
      c.type === 'numerical'
        ? `${formatNumber(a.value ?? Number.NaN)}${a.tolerance ? ` ± ${formatNumber(a.tolerance)}` : ''}`
        : (a.text ?? '');
    rows.push([t('editor.answer', { n: i + 1 }), `${what} (${formatPercent(a.fraction)})${fb(a.feedback)}`]);
  });
  if (c.type === 'short') rows.push([t('editor.caseSensitive'), c.caseSensitive ? '✓' : '—']);
  c.pairs?.forEach((p, i) => rows.push([t('editor.prompt', { n: i + 1 }), `${p.prompt} → ${p.answer}`]));
  rows.push([t('editor.generalFeedback'), c.generalFeedback ?? '']);
  rows.push([t('editor.images'), (c.files ?? []).map((f) => f.name).join(', ')]);
  return rows.filter(([, v]) => v !== '');
}
