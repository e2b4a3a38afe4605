import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createList } from '@digitalbazaar/vc-bitstring-status-list';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppError, type AppConfig, Clock } from '#core';
import { statusListCredential } from './open-badge.js';
import { SigningKeys } from './signing-keys.js';

/** 131,072 entries (16 KB of bits): the specification's minimum, so one entry says nothing about its neighbours. */
export const STATUS_LIST_LENGTH = 131_072;

export interface StatusEntry {
  listId: string;
  index: number;
}

/**
 * Revocation lists (W3C Bitstring Status List). Each certificate takes the next index of the current list. The
 * published list is built on each request from the certificates themselves (revoked, or signed by a revoked key), so
 * a revocation shows the moment it commits; it is signed with the active key like the credentials.
 */
@Injectable()
export class StatusLists {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  listUrl(listId: string): string {
    return `${this.config.publicUrl}/api/v1/certificates/status/${listId}`;
  }

  /** `count` consecutive entries, inside the caller's transaction (the list row is locked until it commits). */
  async allocate(m: EntityManager, count: number): Promise<StatusEntry[]> {
    const entries: StatusEntry[] = [];
    while (entries.length < count) {
      // Wrapped in a CTE so the driver answers rows (a bare UPDATE answers [rows, count]).
      const rows: { id: string; first: number; taken: number }[] = await m.query(
        `WITH s AS (SELECT id, next_index, length FROM certificate_status_list
                    WHERE next_index < length ORDER BY created_at LIMIT 1 FOR UPDATE),
              u AS (UPDATE certificate_status_list l SET next_index = s.next_index + least($1, s.length - s.next_index)
                    FROM s WHERE l.id = s.id
                    RETURNING l.id, s.next_index AS first, l.next_index - s.next_index AS taken)
         SELECT id, first, taken FROM u`,
        [count - entries.length],
      );
      const row = rows[0];
      if (!row) {
        await m.query('INSERT INTO certificate_status_list (length) VALUES ($1)', [STATUS_LIST_LENGTH]);
        continue;
      }
      for (let i = 0; i < row.taken; i++) entries.push({ listId: row.id, index: row.first + i });
    }
    return entries;
  }

  /** The signed status list credential (VC-JWT), built from the certificates now. */
  async publishedList(listId: string): Promise<string> {
    const lists: { length: number }[] = await this.dataSource.query(
      'SELECT length FROM certificate_status_list WHERE id = $1',
      [listId],
    );
    if (!lists[0]) throw new AppError('NOT_FOUND');
    const revoked: { index: number }[] = await this.dataSource.query(
      `SELECT c.status_index AS index FROM certificate c
       WHERE c.status_list_id = $1 AND (c.revoked_at IS NOT NULL
         OR c.signing_kid IN (SELECT kid FROM certificate_signing_key WHERE status = 'revoked'))`,
      [listId],
    );
    const list = await createList({ length: lists[0].length });
    for (const { index } of revoked) list.setStatus(index, true);
    const url = this.listUrl(listId);
    const issuer = `${this.config.publicUrl}/api/v1/certificates/issuers/city`;
    const now = this.clock.now();
    const { jwt } = await this.keys.sign(statusListCredential(url, issuer, await list.encode(), now), {
      iss: issuer,
      jti: url,
      iat: now,
    });
    return jwt;
  }
}
