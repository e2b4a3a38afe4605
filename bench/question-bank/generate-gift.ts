/**
 * A deterministic GIFT file that exercises the whole grammar: every question type in turn (single with partial marks
 * and feedback, multiple with negative marks, true/false with feedback, short answer with weights, numerical with a
 * tolerance, a range, a decimal comma and several answers, matching, missing word, essay, description), `::titles::`,
 * [html] markers, escapes (\: \# \= \{ \} \~ \\ \n), `[id:…] [tag:difficulty-N] [tag:…]` comments, general feedback,
 * answer blocks over several lines, and a category tree (`$CATEGORY: $course$/top/…`) changing every 40 questions.
 * It is harsher on the parser than a bank of plain single-choice questions. Same (count, seed) → same bytes.
 * Usage as a script: node dist/bench/question-bank/generate-gift.js [count=10000] [out=/tmp/bank-10000.gift]
 */
import { writeFileSync } from 'node:fs';

const TOPICS = ['Pháp luật', 'Lịch sử', 'Lý luận chính trị', 'Chuyển đổi số', 'Văn hóa'];
const SUBTOPICS = ['Luật An ninh mạng', 'Hiến pháp 2013', 'Đoàn TNCS Hồ Chí Minh', 'Kỹ năng số', 'Địa phương'];
const WORDS = [
  'Hải Phòng',
  'thanh niên',
  'đoàn viên',
  'pháp luật',
  'không gian mạng',
  'dữ liệu cá nhân',
  'Quốc hội',
  'Chủ tịch Hồ Chí Minh',
  'quyền và nghĩa vụ',
  'an ninh quốc gia',
  'bảo vệ trẻ em',
  'chuyển đổi số',
];

/** xorshift32: fast, deterministic, good enough to vary a corpus. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Every question but the difficulty carries one of these tags, exactly as written (the importer lower-cases only). */
export const GIFT_TAGS = ['luật', 'lịch-sử', 'kỹ-năng'] as const;

export interface GeneratedGift {
  text: string;
  questions: number;
  /** Category paths as stored (without Moodle's `$course$/top/` prefix). */
  categories: string[];
  tags: string[];
}

export function generateGift(count: number, seed = 1): GeneratedGift {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const phrase = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const out: string[] = ['// Bộ câu hỏi sinh tự động cho phép đo tốc độ nhập (deterministic).\n'];
  const categories = new Set<string>();
  for (let n = 0; n < count; n++) {
    if (n % 40 === 0) {
      const category = `${pick(TOPICS)}/${pick(SUBTOPICS)}`;
      categories.add(category);
      out.push(`$CATEGORY: $course$/top/${category}\n`);
    }
    const id = `G${seed}-${n}`;
    const difficulty = 1 + (n % 3);
    out.push(`// [id:${id}] [tag:difficulty-${difficulty}] [tag:${pick(GIFT_TAGS)}]`);
    const stem = `Câu ${n}\\: theo quy định về ${phrase(6)}, điều nào sau đây đúng`;
    switch (n % 10) {
      case 0:
        out.push(
          `::${id}::[html]<p>${stem}?</p>{\n\t=${phrase(3)}#Chính xác\n\t~${phrase(3)}#Chưa đúng\n\t~%50%${phrase(2)}\n\t~${phrase(4)}\n\t####Giải thích\\: ${phrase(8)}.\n}\n`,
        );
        break;
      case 1:
        out.push(
          `${stem} (chọn nhiều)?{\n\t~%50%${phrase(2)}\n\t~%50%${phrase(2)}\n\t~%-100%${phrase(2)}\n\t~%-100%${phrase(2)}\n}\n`,
        );
        break;
      case 2:
        out.push(
          `${stem}\\: ${phrase(4)} là bắt buộc.{${rand() < 0.5 ? 'T' : 'FALSE'}#Sai rồi#Đúng vậy####${phrase(5)}}\n`,
        );
        break;
      case 3:
        out.push(`::${id}::${stem}? Viết tên đầy đủ.{\n\t=${phrase(2)}\n\t=%50%${phrase(1)}#Gần đúng\n}\n`);
        break;
      case 4:
        out.push(`Năm ban hành văn bản số ${n}?{#${1945 + (n % 80)}:1}\n`);
        break;
      case 5:
        out.push(`Tỷ lệ (phần trăm) ở mục ${n}?{#\n\t=${n % 100},5:0,1#Đúng\n\t=%50%${n % 100}..${(n % 100) + 1}\n}\n`);
        break;
      case 6:
        out.push(
          `Ghép mỗi khái niệm với nội dung\\: ${phrase(2)}{\n\t=${phrase(1)} -> ${phrase(2)}\n\t=${phrase(1)} -> ${phrase(2)}\n\t=${phrase(1)} -> ${phrase(2)}\n}\n`,
        );
        break;
      case 7:
        out.push(`Theo quy định, ${phrase(3)} {=bắt buộc ~khuyến khích ~không cần} đối với ${phrase(2)}.\n`);
        break;
      case 8:
        out.push(`Trình bày suy nghĩ về ${phrase(5)} \\{tối thiểu 200 từ\\} \\~ \\# \\= \\\\.{}\n`);
        break;
      default:
        out.push(`Phần ${n}\\: các câu sau nói về ${phrase(4)}.\\nĐọc kỹ trước khi trả lời.\n`);
    }
  }
  return { text: out.join('\n'), questions: count, categories: [...categories], tags: [...GIFT_TAGS] };
}

if (process.argv[1]?.endsWith('generate-gift.js')) {
  const count = Number(process.argv[2] ?? 10_000);
  const path = process.argv[3] ?? `/tmp/bank-${count}.gift`;
  const { text, categories } = generateGift(count);
  writeFileSync(path, text);
  console.log(`${count} questions, ${categories.length} categories, ${Buffer.byteLength(text)} bytes → ${path}`);
}
