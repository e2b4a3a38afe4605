/**
 * The change-password page's messages, the same in the admin app and the participants' portal (which loads them with
 * that page only, to keep them out of its first load).
 */
export const changePasswordMessages = {
  vi: {
    title: 'Đổi mật khẩu',
    required:
      'Mật khẩu của bạn vừa được ban tổ chức đặt lại (mật khẩu dùng một lần). Hãy đặt mật khẩu mới của riêng bạn để tiếp tục: trước khi đổi, bạn chưa dùng được chức năng nào khác.',
    intro: 'Sau khi đổi, các phiên đăng nhập khác của tài khoản (trên máy khác, trình duyệt khác) sẽ bị đăng xuất.',
    current: 'Mật khẩu hiện tại',
    currentHint: 'Mật khẩu dùng một lần mà ban tổ chức đã đưa cho bạn',
    new: 'Mật khẩu mới',
    newHint: 'Từ 8 đến 128 ký tự, khác mật khẩu hiện tại',
    confirm: 'Nhập lại mật khẩu mới',
    tooShort: 'Mật khẩu mới cần ít nhất 8 ký tự.',
    tooLong: 'Mật khẩu mới dài tối đa 128 ký tự.',
    sameAsCurrent: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
    mismatch: 'Hai lần nhập mật khẩu mới không khớp.',
    submit: 'Đổi mật khẩu',
    submitting: 'Đang đổi mật khẩu…',
    done: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã bị đăng xuất.',
  },
  en: {
    title: 'Change password',
    required:
      'Your password was just reset by an organizer (a one-time password). Choose your own new password to go on: nothing else can be used until you do.',
    intro: "After the change, the account's other sessions (on other computers or browsers) are signed out.",
    current: 'Current password',
    currentHint: 'The one-time password an organizer gave you',
    new: 'New password',
    newHint: '8 to 128 characters, different from the current one',
    confirm: 'Repeat the new password',
    tooShort: 'The new password needs at least 8 characters.',
    tooLong: 'The new password is at most 128 characters long.',
    sameAsCurrent: 'The new password must differ from the current one.',
    mismatch: 'The two new passwords do not match.',
    submit: 'Change password',
    submitting: 'Changing the password…',
    done: 'Password changed. Your other sessions were signed out.',
  },
};
