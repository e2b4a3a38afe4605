import i18n from './index';

/** Removing things from a course (rules, files, the course) and the quiz's server check: the course pages' messages. */
export const courseRemovalMessages = {
  vi: {
    courseRemoval: {
      confirm: 'Xóa',
      cancel: 'Hủy',
      removing: 'Đang xóa…',
      removeRule: 'Bỏ ghi danh {{unit}}',
      removeRuleTitle: 'Bỏ ghi danh đơn vị “{{unit}}”?',
      removeRuleIntro:
        'Sẽ không ai được ghi danh thêm theo lần ghi danh này, kể cả người vào đơn vị sau. Với {{count}} người đã được ghi danh:',
      keepLearners: 'Giữ nguyên: họ vẫn học tiếp, giữ hạn hoàn thành và tiến độ',
      removeNotStarted: 'Bỏ ghi danh những người chưa bắt đầu học; người đã học giữ nguyên',
      progressKept: 'Tiến độ, kết quả bài kiểm tra và hồ sơ hoàn thành của người học không bao giờ bị xóa.',
      removeRuleConfirm: 'Bỏ ghi danh',
      ruleRemoved: 'Đã bỏ ghi danh: {{kept}} người vẫn học tiếp, {{removed}} người chưa bắt đầu được bỏ ghi danh.',
      actions: 'Thao tác',
      files: 'Tệp của khóa học',
      filesHint:
        'Tài liệu PDF và gói SCORM đã tải lên. Tệp đang được bài học dùng chỉ xóa được khi xóa hoặc đổi bài đó.',
      noFiles: 'Chưa có tệp nào.',
      document: 'Tài liệu PDF',
      scorm: 'Gói SCORM',
      usedBy: 'Dùng trong: {{lessons}}',
      unused: 'Không bài học nào dùng',
      removeFile: 'Xóa tệp “{{name}}”',
      confirmRemoveFile: 'Xóa tệp “{{name}}”? Tệp không thể khôi phục.',
      confirmRemoveLesson:
        'Xóa bài học “{{title}}”? Tệp PDF hoặc gói SCORM chỉ bài này dùng cũng bị xóa. Hồ sơ hoàn thành của người học được giữ lại.',
      confirmRemoveSection:
        'Xóa chương “{{title}}” và mọi bài học trong đó? Tệp chỉ các bài này dùng cũng bị xóa. Hồ sơ hoàn thành của người học được giữ lại.',
      inUseLessons: 'Các bài đang dùng: {{lessons}}',
      dangerZone: 'Xóa khóa học',
      dangerHint:
        'Chỉ xóa được khóa học chưa có ai học. Khóa đã có người học hoặc hoàn thành được giữ lại (tiến độ, hồ sơ hoàn thành, giấy chứng nhận): hãy lưu trữ.',
      removeCourse: 'Xóa khóa học',
      confirmRemoveCourse: 'Xóa khóa học “{{title}}” cùng mọi chương, bài học, tệp và ghi danh? Không thể khôi phục.',
      archive: 'Lưu trữ khóa học',
      confirmArchive:
        'Lưu trữ khóa học “{{title}}”? Khóa học không nhận ghi danh mới; người đã học vẫn xem được tiến độ và chứng nhận.',
      serverCheck: 'Kiểm tra trên máy chủ (như khi phát hành):',
      checking: 'Đang kiểm tra ngân hàng câu hỏi…',
      slot: 'Dòng {{n}} “{{category}}”: cần {{need}}, còn {{have}} câu đã duyệt dùng được ({{published}} câu khớp)',
      slotShort: 'Dòng {{n}} “{{category}}”: cần {{need}}, còn {{have}} câu dùng được',
    },
  },
  en: {
    courseRemoval: {
      confirm: 'Remove',
      cancel: 'Cancel',
      removing: 'Removing…',
      removeRule: 'Remove the enrolment of {{unit}}',
      removeRuleTitle: 'Remove the enrolment of “{{unit}}”?',
      removeRuleIntro:
        'Nobody will be enrolled by it any more, including people who join the unit later. For the {{count}} people it enrolled:',
      keepLearners: 'Keep them: they go on learning, with their due date and progress',
      removeNotStarted: 'Unenrol those who have not started; those who have stay',
      progressKept: 'Learners’ progress, quiz results and completion records are never deleted.',
      removeRuleConfirm: 'Remove enrolment',
      ruleRemoved:
        'Enrolment removed: {{kept}} people go on learning, {{removed}} who had not started were unenrolled.',
      actions: 'Actions',
      files: 'Course files',
      filesHint:
        'Uploaded PDF documents and SCORM packages. A file a lesson uses can be removed only with that lesson.',
      noFiles: 'No files yet.',
      document: 'PDF document',
      scorm: 'SCORM package',
      usedBy: 'Used in: {{lessons}}',
      unused: 'No lesson uses it',
      removeFile: 'Remove file “{{name}}”',
      confirmRemoveFile: 'Remove the file “{{name}}”? It cannot be restored.',
      confirmRemoveLesson:
        'Remove the lesson “{{title}}”? A PDF or SCORM package only it uses is removed too. Learners’ completion records are kept.',
      confirmRemoveSection:
        'Remove section “{{title}}” and all its lessons? Files only they use are removed too. Learners’ completion records are kept.',
      inUseLessons: 'Lessons using it: {{lessons}}',
      dangerZone: 'Delete the course',
      dangerHint:
        'Only a course nobody has started can be deleted. One with learners or completions is kept (progress, completions, certificates): archive it.',
      removeCourse: 'Delete course',
      confirmRemoveCourse:
        'Delete the course “{{title}}” with all its sections, lessons, files and enrolments? This cannot be undone.',
      archive: 'Archive the course',
      confirmArchive:
        'Archive the course “{{title}}”? It takes no new enrolments; learners keep their progress and certificates.',
      serverCheck: 'Checked on the server (as publishing does):',
      checking: 'Checking the question bank…',
      slot: 'Line {{n}} “{{category}}”: needs {{need}}, {{have}} published questions left for it ({{published}} match)',
      slotShort: 'Line {{n}} “{{category}}”: needs {{need}}, {{have}} left for it',
    },
  },
};

let loaded = false;
export function loadCourseRemovalMessages(): void {
  if (loaded) return;
  loaded = true;
  for (const lang of ['vi', 'en'] as const)
    i18n.addResourceBundle(lang, 'translation', courseRemovalMessages[lang], true, true);
}
loadCourseRemovalMessages();
