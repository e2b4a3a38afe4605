import type { PlanTargetLetter, Population } from '#contracts';

/**
 * Plan 300/KH-UBND's 14 targets (fixtures/plan-targets.json, section I.2), one row per population the plan names.
 * `source` says where the achieved figure comes from:
 * - `courses`: people who completed a course counting toward the letter (the `course.completed` event), counted once
 *   per person and letter, cumulative from the plan's start to the end of the report's year;
 * - `contest`: distinct people who took part in a closed round of an online contest. Contests on law, history and
 *   Marxism-Leninism are the platform's propaganda (tuyên truyền) to union cadres, members, youth and teens: target a
 *   ("được tuyên truyền và tích cực thực hiện Quy tắc ứng xử…"). They are not study of the Party's new directives
 *   (b, which is studied through courses), so participation counts toward a only, never twice;
 * - `manual`: entered per unit and year by its organizer, with a note.
 * `populations`: the member-count populations that make the denominator; null when the plan counts things the unit
 * tree does not hold (schools, pages, districts, households), whose total is entered with the figure.
 * `measure`: `percent` (achieved ÷ population against a percentage goal) or `count` (a number against a minimum).
 */
export interface PlanTargetRow {
  letter: PlanTargetLetter;
  /** Stable within the letter: a population or a named measure. */
  key: string;
  populationVi: string;
  populationEn: string;
  populations: Population[] | null;
  measure: 'percent' | 'count';
  goal2025: number | null;
  goal2030: number | null;
  /** What a count's goal is measured in ("bài viết/tuần"); null for percentages. */
  countUnitVi: string | null;
  source: 'courses' | 'contest' | 'manual';
}

export interface PlanTarget {
  letter: PlanTargetLetter;
  topicVi: string;
  topicEn: string;
  rows: PlanTargetRow[];
}

type RowSpec = Omit<PlanTargetRow, 'letter' | 'source' | 'countUnitVi'> & { countUnitVi?: string };

function target(
  letter: PlanTargetLetter,
  source: PlanTargetRow['source'],
  topicVi: string,
  topicEn: string,
  rows: RowSpec[],
): PlanTarget {
  return {
    letter,
    topicVi,
    topicEn,
    rows: rows.map((r) => ({ ...r, countUnitVi: r.countUnitVi ?? null, letter, source })),
  };
}

const pct = (
  key: string,
  populationVi: string,
  populationEn: string,
  populations: Population[] | null,
  goal2025: number | null,
  goal2030: number | null,
): RowSpec => ({ key, populationVi, populationEn, populations, measure: 'percent', goal2025, goal2030 });

const cnt = (
  key: string,
  populationVi: string,
  populationEn: string,
  goal2025: number,
  goal2030: number,
  countUnitVi: string,
): RowSpec => ({
  key,
  populationVi,
  populationEn,
  populations: null,
  measure: 'count',
  goal2025,
  goal2030,
  countUnitVi,
});

export const PLAN_TARGETS: PlanTarget[] = [
  target(
    'a',
    'contest',
    'Tuyên truyền và thực hiện Quy tắc ứng xử trên mạng xã hội',
    'Social network code of conduct: reached and practising',
    [
      pct('cadres', 'Cán bộ đoàn, hội, đội', 'Union cadres', ['cadres'], 90, 100),
      pct('members', 'Đoàn viên, hội viên', 'Members', ['members'], 90, 100),
      pct('youth', 'Thanh niên', 'Youth', ['youth'], 80, 100),
      pct('teens', 'Thiếu niên', 'Teens', ['teens'], 80, 100),
    ],
  ),
  target(
    'b',
    'courses',
    'Học tập chỉ thị, nghị quyết, chủ trương mới của Đảng, của Đoàn qua nền tảng số của Đoàn',
    "Studying the Party's and the Union's new directives on the Union's digital platforms",
    [pct('cadres_members', 'Cán bộ đoàn, đoàn viên', 'Union cadres and members', ['cadres', 'members'], 80, 100)],
  ),
  target(
    'c',
    'courses',
    'Đoàn viên kết nạp mới học lý luận chính trị trên nền tảng số',
    'Newly admitted members studying political theory online',
    [pct('new_members', 'Đoàn viên kết nạp mới', 'Newly admitted members', ['members'], 80, 100)],
  ),
  target(
    'd',
    'manual',
    'Sử dụng và tương tác thường xuyên với ứng dụng "Thanh niên Việt Nam"',
    'Regular use of the "Thanh niên Việt Nam" app',
    [pct('youth', 'Thanh niên', 'Youth', ['youth'], 70, 90)],
  ),
  target(
    'đ',
    'courses',
    'Bồi dưỡng kiến thức, kỹ năng, nghiệp vụ tuyên truyền, giáo dục, đấu tranh trên không gian mạng',
    'Retraining of cadres who work with youth, teens and children',
    [
      pct(
        'youth_workers',
        'Cán bộ làm công tác thanh niên, thiếu niên và nhi đồng',
        'Cadres working with youth, teens and children',
        ['cadres'],
        80,
        100,
      ),
    ],
  ),
  target(
    'e',
    'courses',
    'Tập huấn chuyển đổi số, an toàn thông tin mạng, hội nhập quốc tế trên không gian mạng',
    'Training on digital transformation, network security and international integration',
    [
      pct('cadres', 'Cán bộ đoàn, hội, đội', 'Union cadres', ['cadres'], 90, 100),
      pct('members', 'Đoàn viên, hội viên', 'Members', ['members'], 80, 100),
      pct('youth', 'Thanh niên', 'Youth', ['youth'], 70, 100),
      pct('teens', 'Thiếu niên, nhi đồng', 'Teens and children', ['teens'], 80, 100),
    ],
  ),
  target(
    'g',
    'manual',
    'Cơ sở giáo dục triển khai tài liệu của Bộ GD&ĐT về sử dụng không gian mạng an toàn',
    "Schools using the Ministry of Education's material on safe use of cyberspace",
    [pct('schools', 'Cơ sở giáo dục', 'Schools', null, 70, 100)],
  ),
  target(
    'h',
    'manual',
    'Trang mạng xã hội của tổ chức Đoàn kết nối, chia sẻ thông tin với trang của Trung ương Đoàn',
    "Union social pages linked with the Central Union's page",
    [pct('pages', 'Trang mạng xã hội của tổ chức Đoàn', 'Union social pages', null, 80, 100)],
  ),
  target(
    'i',
    'manual',
    'Bài viết đấu tranh bảo vệ nền tảng tư tưởng của Đảng trên trang của Thành đoàn',
    "Articles defending the Party's ideological foundation on the city union's pages",
    [cnt('posts', 'Trang thông tin của Thành đoàn', "City union's pages", 2, 5, 'bài viết/tuần')],
  ),
  target(
    'k',
    'manual',
    'Đội hình thanh niên tình nguyện tuyên truyền, phản bác thông tin xấu, độc',
    'Volunteer teams spreading good news and rebutting harmful content',
    [pct('districts', 'Đoàn cấp huyện', 'District unions', null, 100, null)],
  ),
  target(
    'l',
    'manual',
    'Trào lưu trên không gian mạng do Đoàn thanh niên thành phố tổ chức',
    'Online movements organised by the city union',
    [cnt('movements', 'Đoàn thanh niên thành phố', 'City union', 2, 5, 'trào lưu/năm')],
  ),
  target(
    'm',
    'manual',
    'Kênh thông tin trên không gian mạng để kết nối, định hướng tư tưởng cho thanh thiếu nhi',
    'Online channels connecting with and guiding youth',
    [pct('places', 'Xã, phường, thị trấn, trường học, công sở', 'Communes, wards, schools, offices', null, 80, 100)],
  ),
  target('n', 'manual', 'Tin tốt, câu chuyện đẹp trên không gian mạng', 'Good news and inspiring stories online', [
    pct('communes', 'Xã, phường, thị trấn tham gia', 'Communes and wards taking part', null, 100, null),
    cnt('good_news', 'Tin tốt mỗi ngày (mỗi đơn vị)', 'Good news per day (per unit)', 1, 2, 'tin tốt/ngày'),
    cnt('stories', 'Câu chuyện đẹp mỗi tuần (mỗi đơn vị)', 'Stories per week (per unit)', 1, 2, 'câu chuyện/tuần'),
  ]),
  target(
    'o',
    'manual',
    'Hộ gia đình đồng hành, hỗ trợ thanh thiếu nhi tham gia hoạt động giáo dục trên không gian mạng',
    'Households supporting children in online education activities',
    [pct('households', 'Hộ gia đình', 'Households', null, 70, 100)],
  ),
];

export const PLAN_ROWS: PlanTargetRow[] = PLAN_TARGETS.flatMap((t) => t.rows);

export const rowId = (letter: string, key: string) => `${letter}:${key}`;

export function findRow(letter: string, key: string): PlanTargetRow | undefined {
  return PLAN_ROWS.find((r) => r.letter === letter && r.key === key);
}

/** The letters whose achieved figure comes from course completions. */
export const COURSE_LETTERS = new Set<string>(PLAN_ROWS.filter((r) => r.source === 'courses').map((r) => r.letter));

/**
 * The row of a course letter a person of this population counts under (b's cadres and members share one row; c and đ
 * count only members, respectively cadres), or null when the person is outside every population of the letter.
 */
export function courseRowFor(letter: string, population: Population): PlanTargetRow | null {
  return (
    PLAN_ROWS.find((r) => r.source === 'courses' && r.letter === letter && r.populations?.includes(population)) ?? null
  );
}

/** The plan runs from 30/12/2022: figures accumulate from 2023. */
export const PLAN_FIRST_YEAR = 2023;
export const PLAN_LAST_YEAR = 2030;
