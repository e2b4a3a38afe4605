import type { QuestionInput } from '#contracts';
import { emptyResult, snippet, type ParseResult } from './types.js';

/*
 * Aiken: a question (one or more lines), then options "A. text" or "A) text" (uppercase letters, in order from A),
 * then "ANSWER: X". Questions are separated by the ANSWER line (blank lines between questions are optional).
 * Strict where a mistake would change the key: a missing ANSWER, a letter with no option, an option letter out of
 * order are errors naming their line.
 */

const OPTION = /^([A-Z])[.)]\s+(.*)$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

interface Pending {
  start: number;
  textLines: string[];
  options: { letter: string; text: string; line: number }[];
}

export function parseAiken(text: string): ParseResult {
  const result = emptyResult();
  const lines = text.split('\n');
  let q: Pending | null = null;

  const fail = (line: number, message: string, raw: string) =>
    result.errors.push({ line, message, text: snippet(raw) });

  const unfinished = (p: Pending) =>
    fail(
      p.start,
      `Câu hỏi bắt đầu ở dòng ${p.start} không có dòng "ANSWER: <chữ cái>" sau các phương án.`,
      p.textLines.join(' '),
    );

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '') continue;
    const answer = ANSWER.exec(line);
    if (answer) {
      if (!q || q.options.length === 0) {
        fail(lineNo, `Dòng ${lineNo}: dòng ANSWER không đi sau một câu hỏi có phương án.`, raw);
        q = null;
        continue;
      }
      const letter = answer[1]!.trim();
      const chosen = q.options.find((o) => o.letter === letter);
      if (!/^[A-Z]$/.test(letter)) {
        fail(lineNo, `Dòng ${lineNo}: đáp án phải là một chữ cái in hoa (A, B, C…), không phải "${letter}".`, raw);
      } else if (!chosen) {
        const letters = q.options.map((o) => o.letter).join(', ');
        fail(lineNo, `Dòng ${lineNo}: đáp án "${letter}" không ứng với phương án nào (chỉ có ${letters}).`, raw);
      } else {
        const question: QuestionInput & { line: number } = {
          type: 'single',
          text: q.textLines.join('\n'),
          options: q.options.map((o) => ({ text: o.text, fraction: o.letter === letter ? 1 : 0 })),
          line: q.start,
        };
        result.questions.push(question);
      }
      q = null;
      continue;
    }
    const option = OPTION.exec(line);
    if (option && q && q.textLines.length) {
      const expected = String.fromCharCode(65 + q.options.length);
      if (option[1] !== expected) {
        fail(lineNo, `Dòng ${lineNo}: phương án "${option[1]}" không đúng thứ tự (chờ phương án ${expected}).`, raw);
      }
      q.options.push({ letter: option[1]!, text: option[2]!.trim(), line: lineNo });
      continue;
    }
    if (q && q.options.length) {
      // Text after the options without an ANSWER line: the previous question never got its key.
      unfinished(q);
      q = null;
    }
    if (!q) q = { start: lineNo, textLines: [], options: [] };
    q.textLines.push(line);
  }
  if (q) unfinished(q);
  return result;
}
