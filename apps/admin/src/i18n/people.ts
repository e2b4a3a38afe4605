import i18n from './index';

/** The people screen's messages, loaded with that page only. */
const vi = {
  title: 'Người dùng',
  intro: 'Tài khoản thuộc các đơn vị trong phạm vi bạn quản lý.',
  search: 'Tìm theo họ tên hoặc tên đăng nhập (gõ không dấu cũng được)',
  unit: 'Đơn vị (gồm đơn vị trực thuộc)',
  allUnits: 'Mọi đơn vị trong phạm vi',
  role: 'Vai trò',
  status: 'Trạng thái',
  statuses: { active: 'Đang hoạt động', disabled: 'Đã khóa' },
  count: '{{formatted}} người',
  empty: 'Không có ai khớp bộ lọc.',
  name: 'Họ và tên',
  username: 'Tên đăng nhập',
  roles: 'Vai trò',
  actions: 'Thao tác',
  actionsFor: 'Thao tác với {{name}}',
  export: 'Xuất XLSX',
  exportNote: 'Danh sách xuất theo bộ lọc đang chọn; mỗi lần xuất được ghi nhật ký.',
  rowsPerPage: 'Số dòng mỗi trang',
  editRoles: 'Đổi vai trò',
  rolesTitle: 'Vai trò của {{name}}',
  rolesHint: 'Bạn cấp hoặc thu hồi được: {{roles}}. Thay đổi có hiệu lực ngay (người này phải đăng nhập lại).',
  rolesSaved: 'Đã đổi vai trò của {{name}}.',
  disable: 'Khóa tài khoản',
  enable: 'Mở khóa tài khoản',
  disableTitle: 'Khóa tài khoản của {{name}}?',
  disableText: 'Người này không đăng nhập được cho đến khi được mở khóa; các phiên đang mở bị đăng xuất.',
  disabledDone: 'Đã khóa tài khoản của {{name}}.',
  enabledDone: 'Đã mở khóa tài khoản của {{name}}.',
  reset: 'Đặt lại mật khẩu',
  resetTitle: 'Đặt lại mật khẩu của {{name}}?',
  resetText:
    'Mật khẩu hiện tại hết hiệu lực và các phiên đăng nhập bị đăng xuất. Bạn nhận một mật khẩu dùng một lần để giao cho người này; họ phải đổi khi đăng nhập.',
  resetDone: 'Mật khẩu dùng một lần của {{username}}',
  resetOnce: 'Chỉ hiện một lần: ghi lại và giao tận tay người này.',
  selfNote: 'Tài khoản của bạn',
};

const en: typeof vi = {
  title: 'People',
  intro: 'Accounts of the units you manage.',
  search: 'Find by name or username (diacritics optional)',
  unit: 'Unit (with its sub-units)',
  allUnits: 'Every unit I manage',
  role: 'Role',
  status: 'Status',
  statuses: { active: 'Active', disabled: 'Disabled' },
  count: '{{formatted}} people',
  empty: 'Nobody matches the filters.',
  name: 'Full name',
  username: 'Username',
  roles: 'Roles',
  actions: 'Actions',
  actionsFor: 'Actions for {{name}}',
  export: 'Export XLSX',
  exportNote: 'The export follows the chosen filters; every export is logged.',
  rowsPerPage: 'Rows per page',
  editRoles: 'Change roles',
  rolesTitle: 'Roles of {{name}}',
  rolesHint: 'You may grant or take away: {{roles}}. The change applies at once (the person signs in again).',
  rolesSaved: 'Roles of {{name}} changed.',
  disable: 'Disable the account',
  enable: 'Enable the account',
  disableTitle: 'Disable the account of {{name}}?',
  disableText: 'The person cannot sign in until the account is enabled again; open sessions are signed out.',
  disabledDone: 'The account of {{name}} is disabled.',
  enabledDone: 'The account of {{name}} is enabled.',
  reset: 'Reset the password',
  resetTitle: 'Reset the password of {{name}}?',
  resetText:
    'The current password stops working and sessions are signed out. You get a one-time password to hand to the person, who must change it at sign-in.',
  resetDone: 'One-time password of {{username}}',
  resetOnce: 'Shown once: write it down and hand it over in person.',
  selfNote: 'Your account',
};

let added = false;
/** Adds the messages under `people.` in both languages; called by the people page's module. */
export function addPeopleMessages(): void {
  if (added) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', { people: vi }, true, true);
  i18n.addResourceBundle('en', 'translation', { people: en }, true, true);
}
