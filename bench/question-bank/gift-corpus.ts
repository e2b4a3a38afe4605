/**
 * A deterministic GIFT file of `count` questions of every type, spread over a category tree, in Vietnamese, for the
 * import and filter benchmarks. `seed` changes every text so several files can fill one bank without duplicates.
 */
const TOPICS = ['Pháp luật', 'Lịch sử', 'Lý luận chính trị', 'Chuyển đổi số', 'An toàn thông tin'];
const SUBTOPICS = [
  'Luật An ninh mạng',
  'Hiến pháp',
  'Đoàn TNCS Hồ Chí Minh',
  'Quy tắc ứng xử',
  'Kỹ năng số',
  'Tổng hợp',
];
const WORDS = [
  'mạng',
  'xã hội',
  'thanh niên',
  'đoàn viên',
  'pháp luật',
  'lịch sử',
  'cách mạng',
  'dữ liệu',
  'bảo mật',
  'học tập',
];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export function giftCorpus(
  count: number,
  seed = 1,
  singleOnly = false,
): { text: string; categories: string[]; tags: string[] } {
  const rand = rng(seed * 7919);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: string[] = [];
  const categories: string[] = [];
  const tags = WORDS.map((w) => w.replace(/\s+/g, '-'));
  let n = 0;
  while (n < count) {
    const category = `${pick(TOPICS)}/${pick(SUBTOPICS)}`;
    categories.push(category);
    out.push(`$CATEGORY: ${category}\n`);
    for (let k = 0; k < 50 && n < count; k++, n++) {
      const words = Array.from({ length: 8 }, () => pick(WORDS)).join(' ');
      const stem = `Câu ${seed}-${n}: theo quy định, ${words} là gì`;
      const difficulty = 1 + (n % 3);
      out.push(`// [id:B${seed}-${n}] [tag:difficulty-${difficulty}] [tag:${pick(tags)}]`);
      const type = singleOnly ? 0 : n % 8;
      switch (type) {
        case 0:
        case 1:
        case 2:
          out.push(
            `::B${seed}-${n}::${stem}?{\n\t=Phương án đúng ${n}\n\t~Phương án sai A\n\t~Phương án sai B\n\t~Phương án sai C\n\t####Giải thích ${n}.\n}\n`,
          );
          break;
        case 3:
          out.push(`::B${seed}-${n}::${stem} (chọn nhiều)?{\n\t~%50%Đúng một\n\t~%50%Đúng hai\n\t~%-100%Sai\n}\n`);
          break;
        case 4:
          out.push(`::B${seed}-${n}::${stem}, đúng hay sai?{${n % 2 ? 'T' : 'F'}}\n`);
          break;
        case 5:
          out.push(`::B${seed}-${n}::${stem}, viết bằng chữ?{\n\t=thanh niên\n\t=đoàn viên\n}\n`);
          break;
        case 6:
          out.push(`::B${seed}-${n}::${stem}, là năm nào?{#${1900 + (n % 120)}:1}\n`);
          break;
        default:
          out.push(
            `::B${seed}-${n}::${stem}, ghép cặp.{\n\t=Hà Nội -> Thủ đô\n\t=Hải Phòng -> Thành phố cảng\n\t=Huế -> Cố đô\n}\n`,
          );
      }
    }
  }
  return { text: out.join('\n'), categories: [...new Set(categories)], tags };
}
