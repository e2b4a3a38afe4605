import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an event; pass the transaction's manager so the record commits (or not) with the change. */
  async record(
    actorId: string | null,
    action: string,
    target: string | null,
    details: Record<string, unknown> = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query('INSERT INTO audit_event (actor_id, action, target, details) VALUES ($1, $2, $3, $4)', [
      actorId,
      action,
      target,
      JSON.stringify(details),
    ]);
  }
}
