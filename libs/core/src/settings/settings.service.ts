import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

@Injectable()
export class SettingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Returns the secret stored under `key`, generating it on first use. Concurrent first starts of several instances
   * agree on one value: the first insert wins and everyone reads it back.
   */
  async secret(key: string, bytes = 32): Promise<string> {
    await this.dataSource.query(
      'INSERT INTO system_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, randomBytes(bytes).toString('base64url')],
    );
    const rows: { value: string }[] = await this.dataSource.query('SELECT value FROM system_setting WHERE key = $1', [
      key,
    ]);
    return rows[0]!.value;
  }
}
