import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { welcomeText } from './welcome.js';

describe('welcomeText', () => {
  const webRoot = mkdtempSync(path.join(os.tmpdir(), 'welcome-'));
  mkdirSync(path.join(webRoot, 'admin', 'dist'), { recursive: true });
  writeFileSync(path.join(webRoot, 'admin', 'dist', 'index.html'), '<!doctype html>');

  it('names the admin, portal and API docs addresses, and says which web app is not built', () => {
    const text = welcomeText('http://localhost:3000', webRoot, null);
    expect(text).toContain('Admin:        http://localhost:3000/admin\n');
    expect(text).toContain('Portal:  http://localhost:3000/ (chưa build / not built: npm run build:web)\n');
    expect(text).toContain('API docs: http://localhost:3000/api/docs\n');
    expect(text).not.toContain('password');
  });

  it('prints a generated administrator password with the advice to change it', () => {
    const text = welcomeText('http://localhost:3000', webRoot, { username: 'admin', password: 's3cret-Generated' });
    expect(text).toContain('username: admin\n  password: s3cret-Generated\n');
    expect(text).toMatch(/Change this password after signing in/);
  });
});
