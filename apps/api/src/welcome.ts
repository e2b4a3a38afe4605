import { existsSync } from 'node:fs';
import path from 'node:path';

/** The administrator created on this start with a generated password (null when it existed or ADMIN_PASSWORD set it). */
export interface GeneratedAdministrator {
  username: string;
  password: string;
}

/**
 * What `npm start` prints once the platform listens: where a person goes next and, on the first start, the
 * administrator's generated password. On standard output as plain text, not in the JSON log stream that may be
 * shipped elsewhere, and whatever LOG_LEVEL says.
 */
export function printWelcome(url: string, webRoot: string, administrator: GeneratedAdministrator | null): void {
  process.stdout.write(welcomeText(url, webRoot, administrator));
}

export function welcomeText(url: string, webRoot: string, administrator: GeneratedAdministrator | null): string {
  const built = (app: string) => existsSync(path.join(webRoot, app, 'dist', 'index.html'));
  const notBuilt = '(chưa build / not built: npm run build:web)';
  const lines = [
    '',
    '  Hải Đăng đang chạy / is running',
    `  Quản trị / Admin:        ${url}/admin ${built('admin') ? '' : notBuilt}`.trimEnd(),
    `  Cổng thí sinh / Portal:  ${url}/ ${built('portal') ? '' : notBuilt}`.trimEnd(),
    `  Tài liệu API / API docs: ${url}/api/docs`,
  ];
  if (administrator) {
    lines.push(
      '',
      '  Tài khoản quản trị (chỉ in lần đầu) / Administrator account (printed this once)',
      `  username: ${administrator.username}`,
      `  password: ${administrator.password}`,
      '  Hãy đổi mật khẩu sau khi đăng nhập / Change this password after signing in',
    );
  }
  return `${lines.join('\n')}\n`;
}
