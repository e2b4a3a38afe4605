/** A document lesson's PDF shown in the page, or offered to download where the browser has no PDF viewer. */
export const lessonDocumentMessages = {
  vi: {
    lessonDocument: {
      frameTitle: 'Tài liệu: {{title}}',
      download: 'Tải tài liệu',
      openNewTab: 'Mở trong thẻ mới',
      noViewer:
        'Trình duyệt trên máy này không hiển thị được PDF ngay trong trang. Hãy tải tài liệu về và mở bằng ứng dụng đọc PDF, rồi quay lại đánh dấu đã học.',
      loading: 'Đang mở tài liệu…',
    },
  },
  en: {
    lessonDocument: {
      frameTitle: 'Document: {{title}}',
      download: 'Download the document',
      openNewTab: 'Open in a new tab',
      noViewer:
        'This browser cannot show a PDF inside the page. Download the document, open it in a PDF reader, then come back to mark it done.',
      loading: 'Opening the document…',
    },
  },
};
