import { POPULATION_LABELS_VI, POPULATIONS, ROLES, type ErrorDetail, type Population, type Role } from '#contracts';
import { cellText, foldText, mapColumns, type ColumnSpec } from '../imports/columns.js';
import type { Cell, Sheet } from '../imports/spreadsheet.js';
import { normalizeCitizenId } from './citizen-id.js';
import { ADULT_AGE, ageOn, CHILD_OWN_CONSENT_AGE, cleanText, isIsoDate, MIN_AGE } from './person.js';
import { grantableBy } from './role-rules.js';

/**
 * Rows one member import may hold. Each new account costs one light argon2 hash (about 2 ms, see
 * INITIAL_ARGON2_PARAMS), so 5,000 rows stay within a few seconds of one request.
 */
export const MEMBER_IMPORT_MAX_ROWS = 5_000;

export type MemberColumn =
  | 'fullName'
  | 'username'
  | 'birthDate'
  | 'phone'
  | 'email'
  | 'citizenId'
  | 'population'
  | 'role'
  | 'guardianName'
  | 'guardianConsent'
  | 'childConsent';

export const MEMBER_COLUMNS: readonly ColumnSpec<MemberColumn>[] = [
  { key: 'fullName', label: 'Họ và tên', aliases: ['họ tên', 'full name', 'name'], required: true },
  { key: 'username', label: 'Tên đăng nhập', aliases: ['username', 'tài khoản'], required: true },
  { key: 'birthDate', label: 'Ngày sinh', aliases: ['birth date', 'date of birth', 'birthdate'], required: true },
  { key: 'phone', label: 'Số điện thoại', aliases: ['điện thoại', 'phone'], required: false },
  { key: 'email', label: 'Email', aliases: ['thư điện tử', 'e-mail'], required: false },
  {
    key: 'citizenId',
    label: 'Số CCCD',
    aliases: ['cccd', 'căn cước công dân', 'số định danh', 'citizen id'],
    required: false,
  },
  { key: 'population', label: 'Đối tượng', aliases: ['population'], required: false },
  { key: 'role', label: 'Vai trò', aliases: ['role', 'roles'], required: false },
  { key: 'guardianName', label: 'Họ tên người giám hộ', aliases: ['người giám hộ', 'guardian name'], required: false },
  { key: 'guardianConsent', label: 'Người giám hộ đồng ý', aliases: ['guardian consent'], required: false },
  { key: 'childConsent', label: 'Trẻ đồng ý', aliases: ['child consent'], required: false },
];

const ROLE_WORDS: Record<string, Role> = {
  ...Object.fromEntries(ROLES.map((r) => [r, r])),
  'thi sinh': 'participant',
  'nguoi tham gia': 'participant',
  'hoc vien': 'participant',
  'doan vien': 'participant',
  'tac gia': 'author',
  'nguoi soan': 'author',
  'nguoi duyet': 'reviewer',
  'phan bien': 'reviewer',
  'quan tro': 'host',
  'nguoi dan': 'host',
  'to chuc': 'organizer',
  'ban to chuc': 'organizer',
  'quan tri': 'admin',
  'quan tri vien': 'admin',
};

const POPULATION_WORDS: Record<string, Population> = {
  ...Object.fromEntries(POPULATIONS.map((p) => [p, p])),
  ...Object.fromEntries(Object.entries(POPULATION_LABELS_VI).map(([p, label]) => [foldText(label), p as Population])),
  'can bo': 'cadres',
  'doan vien': 'members',
  'hoi vien': 'members',
  'thanh nien': 'youth',
  'thieu nien': 'teens',
  'thieu nhi': 'teens',
  'nhi dong': 'teens',
};

const YES = new Set(['co', 'x', 'yes', 'y', 'true', '1', 'dong y']);
const USERNAME = /^[a-z0-9._]{3,32}$/;
const FULL_NAME_FORBIDDEN = /[<>{}\u0000-\u001f]/u;
const PHONE = /^(\+84|0)\d{9,10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PlannedMember {
  row: number;
  username: string;
  fullName: string;
  birthDate: string;
  phone: string | null;
  email: string | null;
  /** Normalized digits; the caller hashes them with the server key. */
  citizenId: string | null;
  population: Population;
  roles: Role[];
  guardianName: string | null;
  minor: boolean;
  childConsent: boolean;
}

/** A birth date from a real date cell or "dd/mm/yyyy" text (also d/m/yyyy, dd-mm-yyyy and yyyy-mm-dd). */
export function parseBirthDate(cell: Cell | undefined): string | null {
  if (cell instanceof Date) {
    // Excel dates arrive as UTC midnight of the calendar day.
    return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  }
  const text = cellText(cell);
  let iso: string;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dmy) iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) iso = text;
  else return null;
  return isIsoDate(iso) ? iso : null;
}

/** Spreadsheets drop leading zeros of numbers: a phone typed as 912345678 means 0912345678. */
function digitsCell(cell: Cell | undefined, width: number): string {
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 0) {
    const digits = cell.toFixed(0);
    return digits.length < width ? digits.padStart(width, '0') : digits;
  }
  return cellText(cell).replace(/[\s.]/g, '');
}

const yes = (cell: Cell | undefined) => cell === true || YES.has(foldText(cellText(cell)));

/**
 * Checks every member row against the rules of self-registration (age, consent of minors, formats) and the roles the
 * importer may grant, and finds duplicates inside the file. Duplicates against the database are the caller's part.
 */
export function planMemberImport(
  sheet: Sheet,
  today: string,
  actorRoles: readonly Role[],
): { members: PlannedMember[]; errors: ErrorDetail[] } {
  const { columns, errors } = mapColumns(sheet.headers, MEMBER_COLUMNS, sheet.headerRow);
  const members: PlannedMember[] = [];
  if (errors.length) return { members, errors };
  if (!sheet.rows.length) {
    return { members, errors: [{ row: sheet.headerRow + 1, message: 'Tệp không có dòng dữ liệu nào.', text: '' }] };
  }
  const grantable: readonly Role[] = grantableBy(actorRoles).filter((r) => r !== 'admin');
  const usernameRow = new Map<string, number>();
  const citizenRow = new Map<string, number>();
  for (const r of sheet.rows) {
    const cell = (key: MemberColumn) => (columns[key] === undefined ? undefined : r.cells[columns[key]]);
    const before = errors.length;
    const fail = (message: string, text: string) => errors.push({ row: r.row, message, text });

    const fullName = cleanText(cellText(cell('fullName')));
    if (fullName.length < 2 || fullName.length > 100) fail('Họ và tên dài từ 2 đến 100 ký tự.', fullName);
    else if (FULL_NAME_FORBIDDEN.test(fullName)) fail('Họ và tên không được chứa ký tự đặc biệt.', fullName);

    const username = cellText(cell('username')).normalize('NFC').toLowerCase();
    if (!USERNAME.test(username)) {
      fail('Tên đăng nhập gồm 3–32 ký tự: chữ cái không dấu, số, dấu chấm hoặc gạch dưới.', username);
    } else if (usernameRow.has(username)) {
      fail(`Tên đăng nhập "${username}" trùng với dòng ${usernameRow.get(username)}.`, username);
    } else {
      usernameRow.set(username, r.row);
    }

    const birthDate = parseBirthDate(cell('birthDate'));
    let age = 0;
    if (!birthDate) {
      fail('Ngày sinh không hợp lệ: dùng dạng dd/mm/yyyy.', cellText(cell('birthDate')));
    } else if (birthDate > today || birthDate < '1900-01-01') {
      fail('Ngày sinh không được ở tương lai.', cellText(cell('birthDate')));
    } else {
      age = ageOn(birthDate, today);
      if (age < MIN_AGE) fail(`Người dùng phải từ đủ ${MIN_AGE} tuổi.`, cellText(cell('birthDate')));
    }
    const minor = birthDate !== null && age < ADULT_AGE;

    const phone = digitsCell(cell('phone'), 10);
    if (phone && !PHONE.test(phone)) fail('Số điện thoại không hợp lệ.', phone);

    const email = cellText(cell('email')).toLowerCase();
    if (email && (email.length > 254 || !EMAIL.test(email))) fail('Email không hợp lệ.', email);

    const citizenRaw = digitsCell(cell('citizenId'), 12);
    const citizenId = citizenRaw ? normalizeCitizenId(citizenRaw) : null;
    if (citizenRaw && !citizenId) {
      fail('Số CCCD phải gồm 12 chữ số (hoặc CMND 9 chữ số).', `…${citizenRaw.slice(-4)}`);
    } else if (citizenId && citizenRow.has(citizenId)) {
      // The number itself is personal data: the message names the other row, the text only the last digits.
      fail(`Số CCCD trùng với dòng ${citizenRow.get(citizenId)}.`, `…${citizenId.slice(-4)}`);
    } else if (citizenId) {
      citizenRow.set(citizenId, r.row);
    }

    const populationText = cellText(cell('population'));
    const population = populationText ? POPULATION_WORDS[foldText(populationText)] : age < 16 ? 'teens' : 'youth';
    if (!population) {
      fail(
        `Đối tượng không hợp lệ. Dùng một trong: ${Object.values(POPULATION_LABELS_VI).join('; ')}.`,
        populationText,
      );
    }

    const roleText = cellText(cell('role'));
    const roles = new Set<Role>();
    for (const word of roleText ? roleText.split(/[,;]/) : ['participant']) {
      const role = ROLE_WORDS[foldText(word)];
      if (!role) fail('Vai trò không hợp lệ.', word.trim());
      else if (role !== 'participant' && !grantable.includes(role))
        fail(`Bạn không được cấp vai trò "${role}".`, word.trim());
      else roles.add(role);
    }

    const guardianName = cleanText(cellText(cell('guardianName')));
    const childConsent = yes(cell('childConsent'));
    if (minor && age >= MIN_AGE) {
      if (guardianName.length < 2 || !yes(cell('guardianConsent'))) {
        fail('Người dưới 16 tuổi cần họ tên và sự đồng ý của cha, mẹ hoặc người giám hộ.', fullName);
      } else if (age >= CHILD_OWN_CONSENT_AGE && !childConsent) {
        fail('Trẻ từ đủ 7 tuổi cần tự xác nhận đồng ý (cột "Trẻ đồng ý").', fullName);
      }
    }

    if (errors.length === before) {
      members.push({
        row: r.row,
        username,
        fullName,
        birthDate: birthDate!,
        phone: phone || null,
        email: email || null,
        citizenId,
        population: population!,
        roles: [...roles],
        guardianName: minor ? guardianName : null,
        minor,
        childConsent: minor && age >= CHILD_OWN_CONSENT_AGE && childConsent,
      });
    }
  }
  return { members, errors };
}
