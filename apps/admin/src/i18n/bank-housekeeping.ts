import i18n from './index';

/** Renaming, archiving and the export's status filter: messages loaded with the bank pages. */
const vi = {
  active: 'Đang dùng',
  archivedList: 'Đã lưu trữ',
  lists: 'Danh sách ngân hàng',
  emptyArchived: 'Chưa có ngân hàng nào được lưu trữ.',
  actions: 'Thao tác',
  actionsFor: 'Thao tác với {{name}}',
  edit: 'Đổi tên',
  editTitle: 'Đổi tên ngân hàng “{{name}}”',
  saved: 'Đã lưu.',
  archive: 'Lưu trữ',
  restore: 'Khôi phục',
  archiveTitle: 'Lưu trữ ngân hàng “{{name}}”?',
  archiveText:
    'Ngân hàng ẩn khỏi danh sách và không nhận thêm câu hỏi. Câu hỏi, kết quả và các vòng thi đã dùng nó giữ nguyên; vẫn xem và xuất được. Có thể khôi phục bất cứ lúc nào.',
  archivedDone: 'Đã lưu trữ “{{name}}”.',
  restoredDone: 'Đã khôi phục “{{name}}”.',
  archivedAt: 'Lưu trữ lúc',
  archivedBanner: 'Ngân hàng này đã được lưu trữ: chỉ xem và xuất được, không thêm câu hỏi.',
  exportStatus: 'Câu hỏi được xuất',
  exportAllStatuses: 'Mọi trạng thái',
  exportOnly: 'Chỉ câu “{{status}}”',
};

const en: typeof vi = {
  active: 'In use',
  archivedList: 'Archived',
  lists: 'Bank lists',
  emptyArchived: 'No bank is archived.',
  actions: 'Actions',
  actionsFor: 'Actions for {{name}}',
  edit: 'Rename',
  editTitle: 'Rename the bank “{{name}}”',
  saved: 'Saved.',
  archive: 'Archive',
  restore: 'Restore',
  archiveTitle: 'Archive the bank “{{name}}”?',
  archiveText:
    'The bank leaves the list and takes no new questions. Its questions, results and the rounds that used it stay as they are; it can still be read and exported. It can be restored at any time.',
  archivedDone: '“{{name}}” archived.',
  restoredDone: '“{{name}}” restored.',
  archivedAt: 'Archived at',
  archivedBanner: 'This bank is archived: it can be read and exported, not added to.',
  exportStatus: 'Questions exported',
  exportAllStatuses: 'Every status',
  exportOnly: 'Only “{{status}}”',
};

let added = false;
export function addBankHousekeepingMessages(): void {
  if (added) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', { bankAdmin: vi }, true, true);
  i18n.addResourceBundle('en', 'translation', { bankAdmin: en }, true, true);
}
