import type { QuestionSnapshot } from '#contracts';
import { toPublicQuestion, type PaperItem } from './paper.js';

/** A choice question's JSON up to its options, and each option's JSON, built once per (cached) snapshot. */
const fragments = new WeakMap<QuestionSnapshot, { head: string; options: Map<string, string> }>();

function fragmentsOf(q: QuestionSnapshot) {
  let f = fragments.get(q);
  if (!f) {
    const head = JSON.stringify({
      id: q.questionId,
      type: q.type,
      text: q.text,
      ...(q.format ? { format: q.format } : {}),
    });
    f = {
      head: `${head.slice(0, -1)},"options":[`,
      options: new Map((q.options ?? []).map((o) => [o.id, JSON.stringify({ id: o.id, text: o.text })])),
    };
    fragments.set(q, f);
  }
  return f;
}

/**
 * A paper's public form as JSON text, the same as `JSON.stringify(paper.map(toPublicQuestion))`: choice questions
 * (most of a contest's paper) are joined from fragments kept per question version, so a start does not build and
 * serialize thirty question objects; other types go through `toPublicQuestion`. `questions` maps question ids to the
 * versions the paper was drawn with.
 */
export function publicPaperJson(paper: readonly PaperItem[], questions: ReadonlyMap<string, QuestionSnapshot>): string {
  const parts: string[] = [];
  for (const item of paper) {
    const q = questions.get(item.questionId)!;
    if ((q.type === 'single' || q.type === 'multiple') && q.options) {
      const f = fragmentsOf(q);
      const options = item.optionOrder.flatMap((id) => f.options.get(id) ?? []);
      parts.push(`${f.head}${options.join(',')}]}`);
    } else parts.push(JSON.stringify(toPublicQuestion(q, item)));
  }
  return `[${parts.join(',')}]`;
}

const CLOSING_BRACE = Buffer.from('}');

/**
 * A start's response body: `head` as JSON, with the paper's public form (JSON bytes, see `publicPaperJson`) as its
 * `questions`. Bytes, so a paper serialized when it was drawn ahead of time is sent as it is, not encoded again.
 */
export function startResponseBody(head: Record<string, unknown>, questionsJson: Buffer): Buffer {
  const json = JSON.stringify(head);
  return Buffer.concat([Buffer.from(`${json.slice(0, -1)},"questions":`), questionsJson, CLOSING_BRACE]);
}
