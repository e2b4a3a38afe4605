/**
 * Every error the API returns carries one of these stable codes. The HTTP status of each is mapped in core
 * (a Record, so the compiler catches a code nobody mapped); the messages below are what users read.
 */
export const ERROR_MESSAGES = {
  // generic
  VALIDATION_FAILED: { vi: 'Dữ liệu không hợp lệ.', en: 'The data is not valid.' },
  MALFORMED_JSON: { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  PAYLOAD_TOO_LARGE: { vi: 'Dữ liệu gửi lên quá lớn.', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { vi: 'Định dạng dữ liệu không được hỗ trợ.', en: 'Unsupported media type.' },
  NOT_FOUND: { vi: 'Không tìm thấy.', en: 'Not found.' },
  ROUTE_NOT_FOUND: { vi: 'Không có đường dẫn này.', en: 'No such route.' },
  INTERNAL_ERROR: { vi: 'Lỗi hệ thống. Vui lòng thử lại sau.', en: 'Internal error. Please try again later.' },
  SERVICE_UNAVAILABLE: {
    vi: 'Hệ thống đang tạm thời gián đoạn. Vui lòng thử lại sau ít phút.',
    en: 'The service is temporarily unavailable. Please try again shortly.',
  },
  SERVER_BUSY: { vi: 'Hệ thống đang quá tải, vui lòng thử lại sau giây lát.', en: 'The server is busy; please retry.' },
  RATE_LIMITED: { vi: 'Bạn thao tác quá nhanh, vui lòng thử lại sau.', en: 'Too many requests; try again later.' },
  // auth
  UNAUTHENTICATED: { vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' },
  TOKEN_INVALID: { vi: 'Phiên đăng nhập không hợp lệ.', en: 'The access token is not valid.' },
  TOKEN_EXPIRED: { vi: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.', en: 'The session has expired.' },
  FORBIDDEN: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  OUT_OF_SCOPE: {
    vi: 'Đơn vị này không thuộc phạm vi quản lý của bạn.',
    en: 'This unit is outside the part of the tree you manage.',
  },
  INVALID_CREDENTIALS: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  TOO_MANY_ATTEMPTS: {
    vi: 'Đăng nhập sai nhiều lần. Vui lòng chờ một lát rồi thử lại.',
    en: 'Too many failed sign-ins. Wait a moment and try again.',
  },
  ACCOUNT_DISABLED: { vi: 'Tài khoản đã bị khóa.', en: 'The account is disabled.' },
  TOKEN_REVOKED: {
    vi: 'Quyền hoặc mật khẩu của tài khoản vừa thay đổi. Vui lòng đăng nhập lại.',
    en: "The account's roles, unit or password changed. Sign in again.",
  },
  PASSWORD_CHANGE_REQUIRED: {
    vi: 'Mật khẩu đã được đặt lại: bạn cần đổi mật khẩu trước khi tiếp tục.',
    en: 'Your password was reset: change it before going on.',
  },
  CURRENT_PASSWORD_WRONG: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  // identity
  USERNAME_TAKEN: { vi: 'Tên đăng nhập đã được sử dụng.', en: 'The username is taken.' },
  CITIZEN_ID_TAKEN: {
    vi: 'Số CCCD này đã được dùng cho một tài khoản khác.',
    en: 'This citizen ID is already used by another account.',
  },
  BIRTH_DATE_INVALID: {
    vi: 'Ngày sinh không hợp lệ (định dạng YYYY-MM-DD, không ở tương lai).',
    en: 'Birth date is not valid (YYYY-MM-DD, not in the future).',
  },
  GUARDIAN_CONSENT_REQUIRED: {
    vi: 'Người dưới 16 tuổi cần có sự đồng ý của cha, mẹ hoặc người giám hộ.',
    en: "A participant under 16 needs a parent's or guardian's consent.",
  },
  CHILD_CONSENT_REQUIRED: {
    vi: 'Trẻ từ đủ 7 tuổi cần tự xác nhận đồng ý.',
    en: 'A child aged 7 or more must give their own consent too.',
  },
  TOO_YOUNG: { vi: 'Người dùng phải từ đủ 6 tuổi.', en: 'Users must be at least 6 years old.' },
  UNIT_NOT_FOUND: { vi: 'Không tìm thấy đơn vị.', en: 'Unit not found.' },
  UNIT_INACTIVE: { vi: 'Đơn vị đã được sáp nhập hoặc ngừng hoạt động.', en: 'The unit was merged or closed.' },
  UNIT_CODE_TAKEN: { vi: 'Mã đơn vị đã tồn tại.', en: 'The unit code already exists.' },
  UNIT_MOVE_CYCLE: {
    vi: 'Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.',
    en: 'A unit cannot be moved under itself or its own descendants.',
  },
  UNIT_MERGE_INVALID: { vi: 'Không thể sáp nhập các đơn vị này.', en: 'These units cannot be merged.' },
  UNIT_CODE_OUTSIDE_PARENT: {
    vi: 'Mã đơn vị phải bắt đầu bằng mã đơn vị cấp trên và dấu "/" (ví dụ "phuong-an-bien/khu-pho-1").',
    en: 'A unit code must start with its parent\'s code and "/" (e.g. "phuong-an-bien/khu-pho-1").',
  },
  UNIT_KIND_INVALID: {
    vi: 'Loại đơn vị không phù hợp với đơn vị cấp trên.',
    en: 'This kind of unit cannot sit under that parent.',
  },
  USER_NOT_FOUND: { vi: 'Không tìm thấy người dùng.', en: 'User not found.' },
  IMPORT_INVALID: {
    vi: 'Tệp nhập có lỗi, không có dữ liệu nào được ghi.',
    en: 'The file has errors; nothing was written.',
  },
  IMPORT_TOO_LARGE: { vi: 'Tệp nhập vượt quá giới hạn cho phép.', en: 'The import file is over the limit.' },
  IMPORT_UNSUPPORTED_FORMAT: { vi: 'Định dạng tệp không được hỗ trợ.', en: 'Unsupported file format.' },
  IMPORT_ENCODING: {
    vi: 'Tệp không ở mã UTF-8. Vui lòng lưu lại tệp với mã UTF-8 rồi nhập lại.',
    en: 'The file is not UTF-8. Save it as UTF-8 and import it again.',
  },
  FILE_REQUIRED: { vi: 'Chưa chọn tệp.', en: 'No file was sent.' },
  // question bank
  BANK_NOT_FOUND: { vi: 'Không tìm thấy ngân hàng câu hỏi.', en: 'Question bank not found.' },
  BANK_ARCHIVED: {
    vi: 'Ngân hàng câu hỏi đã được lưu trữ: hãy khôi phục trước khi thêm câu hỏi.',
    en: 'The question bank is archived: restore it before adding questions.',
  },
  QUESTION_NOT_FOUND: { vi: 'Không tìm thấy câu hỏi.', en: 'Question not found.' },
  QUESTION_INVALID: { vi: 'Câu hỏi không hợp lệ.', en: 'The question is not valid.' },
  QUESTION_STATUS_INVALID: {
    vi: 'Không thể chuyển câu hỏi sang trạng thái này.',
    en: 'The question cannot move to that status.',
  },
  VERSION_CONFLICT: {
    vi: 'Câu hỏi đã được người khác sửa. Vui lòng tải lại.',
    en: 'Someone else changed this question. Reload it.',
  },
  // contests and attempts
  CONTEST_NOT_FOUND: { vi: 'Không tìm thấy cuộc thi.', en: 'Contest not found.' },
  ROUND_NOT_FOUND: { vi: 'Không tìm thấy vòng thi.', en: 'Round not found.' },
  ROUND_NOT_OPEN: { vi: 'Vòng thi chưa mở hoặc đã kết thúc.', en: 'The round is not open.' },
  ROUND_NOT_FOR_UNIT: {
    vi: 'Vòng thi này không dành cho đơn vị của bạn.',
    en: 'This round is not open to your unit.',
  },
  ROUND_CLOSED: { vi: 'Vòng thi đã kết thúc.', en: 'The round is closed.' },
  ROUND_NOT_CLOSED: { vi: 'Vòng thi chưa kết thúc.', en: 'The round is not closed yet.' },
  ROUND_HAS_ATTEMPTS: {
    vi: 'Vòng thi đã có lượt thi: chỉ sửa được tên, thời gian kết thúc, tùy chọn xem lại và đối tượng tham gia.',
    en: 'The round has attempts: only its title, close time, review options and audience can change.',
  },
  BLUEPRINT_UNSATISFIABLE: {
    vi: 'Ngân hàng không đủ câu hỏi đã duyệt cho cấu trúc đề.',
    en: 'The bank has too few published questions for the blueprint.',
  },
  ATTEMPT_LIMIT_REACHED: { vi: 'Bạn đã dùng hết số lượt thi.', en: 'No attempts left.' },
  ATTEMPT_NOT_FOUND: { vi: 'Không tìm thấy lượt thi.', en: 'Attempt not found.' },
  ATTEMPT_CLOSED: { vi: 'Lượt thi đã kết thúc, không thể lưu câu trả lời.', en: 'The attempt is closed.' },
  ATTEMPT_IN_PROGRESS: {
    vi: 'Lượt thi chưa nộp bài nên chưa thể xem lại.',
    en: 'The attempt is not submitted yet, so it cannot be reviewed.',
  },
  ANSWER_INVALID: { vi: 'Câu trả lời không hợp lệ.', en: 'The answer is not valid.' },
  PREDICTION_INVALID: {
    vi: 'Số dự đoán phải là số nguyên không âm.',
    en: 'The prediction must be a non-negative whole number.',
  },
  // live games
  GAME_NOT_FOUND: { vi: 'Không tìm thấy trò chơi với mã PIN này.', en: 'No game with that PIN.' },
  GAME_FULL: { vi: 'Trò chơi đã đủ người.', en: 'The game is full.' },
  GAME_STATE_INVALID: { vi: 'Thao tác không phù hợp với trạng thái trò chơi.', en: 'Not allowed in this game state.' },
  NICKNAME_TAKEN: { vi: 'Biệt danh đã có người dùng.', en: 'The nickname is taken.' },
  NICKNAME_INVALID: { vi: 'Biệt danh không hợp lệ.', en: 'The nickname is not valid.' },
  PLAYER_KICKED: { vi: 'Bạn đã bị mời ra khỏi trò chơi.', en: 'You were removed from the game.' },
  GAME_INTERRUPTED: {
    vi: 'Trò chơi đã bị gián đoạn do máy chủ khởi động lại. Người tổ chức cần tạo trò chơi mới.',
    en: 'The game was interrupted by a server restart; the host needs to create a new game.',
  },
  QUESTION_NOT_ACTIVE: { vi: 'Câu hỏi này không còn nhận trả lời.', en: 'This question is not taking answers.' },
  ALREADY_ANSWERED: { vi: 'Bạn đã trả lời câu hỏi này.', en: 'You already answered this question.' },
  // certificates
  CERTIFICATE_TEMPLATE_NOT_FOUND: { vi: 'Không tìm thấy mẫu chứng nhận.', en: 'Certificate template not found.' },
  CERTIFICATE_TEMPLATE_FIELD_UNKNOWN: {
    vi: 'Mẫu chứng nhận có trường không được hỗ trợ.',
    en: 'The template uses a field that does not exist.',
  },
  CERTIFICATE_IMAGE_INVALID: {
    vi: 'Ảnh phải là tệp PNG hoặc JPEG, tối đa 2 MB.',
    en: 'The image must be a PNG or JPEG file of at most 2 MB.',
  },
  CERTIFICATE_NOT_FOUND: { vi: 'Không tìm thấy chứng nhận.', en: 'Certificate not found.' },
  CERTIFICATE_CODE_INVALID: {
    vi: 'Mã xác minh không đúng định dạng. Vui lòng kiểm tra lại từng ký tự.',
    en: 'The verification code is malformed. Check each character.',
  },
  CERTIFICATE_ALREADY_REVOKED: { vi: 'Chứng nhận này đã bị thu hồi.', en: 'The certificate is already revoked.' },
  CERTIFICATE_BATCH_NOT_FOUND: { vi: 'Không tìm thấy đợt cấp chứng nhận.', en: 'Issue batch not found.' },
  RANKING_NOT_FROZEN: {
    vi: 'Bảng xếp hạng của vòng thi chưa được chốt, chưa thể cấp chứng nhận.',
    en: "The round's ranking is not frozen yet; certificates cannot be issued.",
  },
  GAME_NOT_FINISHED: {
    vi: 'Trò chơi chưa kết thúc hoặc không có kết quả, chưa thể cấp chứng nhận.',
    en: 'The game has not finished with results; certificates cannot be issued.',
  },
  SIGNING_KEY_NOT_FOUND: { vi: 'Không tìm thấy khóa ký.', en: 'Signing key not found.' },
  // courses
  COURSE_NOT_FOUND: { vi: 'Không tìm thấy khóa học.', en: 'Course not found.' },
  SECTION_NOT_FOUND: { vi: 'Không tìm thấy phần của khóa học.', en: 'Course section not found.' },
  LESSON_NOT_FOUND: { vi: 'Không tìm thấy bài học.', en: 'Lesson not found.' },
  COURSE_EMPTY: {
    vi: 'Khóa học chưa có bài học nào nên chưa thể xuất bản.',
    en: 'The course has no lessons, so it cannot be published.',
  },
  COURSE_NOT_PUBLISHED: { vi: 'Khóa học chưa được xuất bản.', en: 'The course is not published.' },
  COURSE_NOT_OPEN: {
    vi: 'Khóa học này không cho tự đăng ký; đơn vị của bạn sẽ ghi danh cho bạn.',
    en: 'This course does not take self-enrolment; your unit enrols you.',
  },
  NOT_ENROLLED: { vi: 'Bạn chưa được ghi danh vào khóa học này.', en: 'You are not enrolled in this course.' },
  LESSON_KIND_MISMATCH: {
    vi: 'Thao tác này không áp dụng cho loại bài học này.',
    en: 'This action does not apply to this kind of lesson.',
  },
  SCORM_PACKAGE_INVALID: {
    vi: 'Gói SCORM không hợp lệ, không có gì được lưu.',
    en: 'The SCORM package is not valid; nothing was stored.',
  },
  SCORM_PACKAGE_NOT_FOUND: { vi: 'Không tìm thấy gói SCORM.', en: 'SCORM package not found.' },
  SCORM_LAUNCH_INVALID: {
    vi: 'Liên kết mở bài giảng đã hết hạn, vui lòng mở lại bài học.',
    en: 'The lesson link has expired; open the lesson again.',
  },
  DOCUMENT_INVALID: { vi: 'Tài liệu phải là tệp PDF.', en: 'The document must be a PDF file.' },
  DOCUMENT_NOT_FOUND: { vi: 'Không tìm thấy tài liệu.', en: 'Document not found.' },
  DOCUMENT_IN_USE: {
    vi: 'Tài liệu đang được bài học dùng; hãy xóa bài học hoặc đổi tài liệu của bài trước.',
    en: 'A lesson uses this document; delete the lesson or change its document first.',
  },
  SCORM_PACKAGE_IN_USE: {
    vi: 'Gói SCORM đang được bài học dùng; hãy xóa bài học hoặc đổi gói của bài trước.',
    en: 'A lesson uses this SCORM package; delete the lesson or change its package first.',
  },
  ENROLMENT_RULE_NOT_FOUND: { vi: 'Không tìm thấy ghi danh theo đơn vị.', en: 'Unit enrolment not found.' },
  COURSE_HAS_COMPLETIONS: {
    vi: 'Khóa học đã có người hoàn thành (hồ sơ hoàn thành và chứng nhận phải được giữ): không thể xóa, hãy lưu trữ khóa học.',
    en: 'People have completed this course (their completions and certificates must be kept): archive it instead.',
  },
  COURSE_HAS_PROGRESS: {
    vi: 'Đã có học viên học khóa này; xóa khóa học sẽ mất tiến độ của họ. Hãy lưu trữ khóa học thay vì xóa.',
    en: 'Learners have progress in this course; deleting it would lose it. Archive the course instead.',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ErrorDetail {
  field?: string;
  line?: number;
  row?: number;
  message: string;
  text?: string;
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  correlationId: string;
  details?: ErrorDetail[] | Record<string, unknown>;
}
