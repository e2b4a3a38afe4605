import { Inject, Injectable } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { ZipArchive } from 'archiver';
import type { Logger } from 'pino';
import {
  AppError,
  AuditService,
  Clock,
  JobQueue,
  LIVE_GAME_RECIPIENTS,
  PortRegistry,
  RANKING_RECIPIENTS,
  ROOT_LOGGER,
  type CertificateRecipientList,
  type Principal,
} from '#core';
import { CertificateAccess } from './certificate-access.js';
import { CertificateIssuer } from './certificate-issuer.js';
import { CertificatePdfs } from './certificate-pdfs.js';
import { CertificateRepository } from './certificate.repository.js';
import { CertificateTemplates } from './certificate-templates.js';
import type { CertificateBatchDto } from './dto/certificate.dto.js';
import type { RecipientsPreviewDto } from './dto/recipients-preview.dto.js';
import type { BatchSource, CertificateBatch } from './entities/certificate-batch.entity.js';

export const BATCH_QUEUE = 'certificate.batch';
/** Certificates signed and written per transaction: progress moves in these steps, memory stays flat. */
export const BATCH_CHUNK = 250;

export function toBatchDto(b: CertificateBatch): CertificateBatchDto {
  return {
    id: b.id,
    source: b.source,
    sourceId: b.sourceId,
    templateId: b.templateId,
    status: b.status,
    total: b.total,
    done: b.done,
    failed: b.failed,
    error: b.error,
    createdAt: new Date(b.createdAt).toISOString(),
    finishedAt: b.finishedAt ? new Date(b.finishedAt).toISOString() : null,
  };
}

const achievementKey = (source: BatchSource, sourceId: string) => `${source}:${sourceId}`;

/**
 * Bulk issues from a frozen ranking or a finished live game, as background jobs in PostgreSQL (pg-boss): the request
 * checks and records the batch and enqueues its job in one transaction; the job issues in chunks and stores its
 * progress. A job run again (a retry, a crash) or a second batch for the same people issues nobody twice.
 */
@Injectable()
export class CertificateBatches {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly access: CertificateAccess,
    private readonly templates: CertificateTemplates,
    private readonly issuer: CertificateIssuer,
    private readonly pdfs: CertificatePdfs,
    private readonly ports: PortRegistry,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  private async recipients(
    source: BatchSource,
    sourceId: string,
    topN: number | null,
  ): Promise<CertificateRecipientList | null> {
    const selection = topN ? { topN } : {};
    if (source === 'round') return this.ports.get(RANKING_RECIPIENTS).roundRecipients(sourceId, selection);
    const port = this.ports.find(LIVE_GAME_RECIPIENTS);
    return port ? port.gameRecipients(sourceId, selection) : null;
  }

  /**
   * Who a bulk issue would reach, without starting it: the recipients (people with an account) and, for a live game,
   * how many places of the selection are guests and so get nothing. Same checks as `start`.
   */
  async preview(
    principal: Principal,
    source: BatchSource,
    sourceId: string,
    topN: number | null,
  ): Promise<RecipientsPreviewDto> {
    const list = await this.issuableRecipients(principal, source, sourceId, topN);
    return { title: list.title, recipients: list.recipients.length, skipped: list.skipped ?? 0 };
  }

  /** The source's recipients when this organizer may issue from it and its ranking is final (frozen, or the game ended). */
  private async issuableRecipients(principal: Principal, source: BatchSource, sourceId: string, topN: number | null) {
    const list = await this.recipients(source, sourceId, topN);
    if (!list) throw new AppError(source === 'round' ? 'ROUND_NOT_FOUND' : 'GAME_NOT_FOUND');
    await this.access.assertManages(principal, list.unitId);
    if (!list.frozen) throw new AppError(source === 'round' ? 'RANKING_NOT_FROZEN' : 'GAME_NOT_FINISHED');
    return list;
  }

  async start(
    principal: Principal,
    source: BatchSource,
    sourceId: string,
    templateId: string,
    topN: number | null,
  ): Promise<CertificateBatchDto> {
    const template = await this.templates.manageable(principal, templateId);
    const list = await this.issuableRecipients(principal, source, sourceId, topN);
    const batchId = await this.repo.transaction(async (m) => {
      const id = await this.repo.createBatch(m, {
        source,
        sourceId,
        templateId: template.id,
        unitId: list.unitId,
        topN,
        total: list.recipients.length,
        createdBy: principal.userId,
      });
      await this.jobs.send(BATCH_QUEUE, { batchId: id }, { singletonKey: id }, m);
      await this.audit.record(
        principal.userId,
        'certificate.batch.start',
        id,
        { source, sourceId, templateId, topN },
        m,
      );
      return id;
    });
    return toBatchDto((await this.repo.findBatch(batchId))!);
  }

  /** The job: issues to everyone on the list, chunk by chunk, recording progress after each. */
  async runBatch(batchId: string): Promise<void> {
    const batch = await this.repo.findBatch(batchId);
    if (!batch || batch.status === 'done') return;
    const template = await this.repo.findTemplate(batch.templateId);
    const list = await this.recipients(batch.source, batch.sourceId, batch.topN);
    if (!template || !list || !list.frozen) {
      await this.repo.finishBatch(
        batchId,
        'failed',
        template ? 'source-unavailable' : 'template-missing',
        this.clock.now(),
      );
      return;
    }
    await this.repo.startBatch(batchId, list.recipients.length);
    const issuedAt = this.clock.now();
    for (let i = 0; i < list.recipients.length; i += BATCH_CHUNK) {
      const chunk = list.recipients.slice(i, i + BATCH_CHUNK);
      try {
        const outcome = await this.issuer.issue({
          template,
          source: batch.source,
          achievementKey: achievementKey(batch.source, batch.sourceId),
          achievementName: list.title,
          criteria:
            batch.source === 'round'
              ? `Đạt thứ hạng trong bảng xếp hạng đã chốt của ${list.title}.`
              : `Thuộc nhóm người chơi dẫn đầu của ${list.title}.`,
          unitId: list.unitId,
          batchId,
          issuedAt,
          recipients: chunk.map((r) => ({
            userId: r.userId,
            rank: r.rank,
            score: r.score,
            prizeLabel: r.prizeLabel,
          })),
        });
        await this.repo.batchProgress(batchId, outcome.issued.length + outcome.existing, outcome.missing);
      } catch (error) {
        this.logger.error({ err: error, batchId }, 'certificate batch chunk failed');
        await this.repo.batchProgress(batchId, 0, chunk.length);
      }
    }
    const final = (await this.repo.findBatch(batchId))!;
    await this.repo.finishBatch(batchId, final.failed && !final.done ? 'failed' : 'done', null, this.clock.now());
  }

  async get(principal: Principal, batchId: string): Promise<CertificateBatchDto> {
    return toBatchDto(await this.manageable(principal, batchId));
  }

  async list(principal: Principal, sourceId: string | null): Promise<CertificateBatchDto[]> {
    return (await this.repo.batchesInScope(await this.access.prefix(principal), sourceId)).map(toBatchDto);
  }

  private async manageable(principal: Principal, batchId: string): Promise<CertificateBatch> {
    const batch = await this.repo.findBatch(batchId);
    if (!batch || !(await this.access.manages(principal, batch.unitId)))
      throw new AppError('CERTIFICATE_BATCH_NOT_FOUND');
    return batch;
  }

  /**
   * The batch's PDFs as a zip, streamed: certificates are read a page at a time and each PDF is rendered only when
   * the archive has room for it (the client's pace), so memory stays flat whatever the batch's size.
   */
  async zip(principal: Principal, batchId: string): Promise<PassThrough> {
    await this.manageable(principal, batchId);
    const archive = new ZipArchive({ zlib: { level: 1 } });
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    archive.pipe(out);
    const fill = async () => {
      let after: string | null = null;
      for (;;) {
        const page = await this.repo.batchCertificates(batchId, after, 50);
        for (const c of page) {
          if (out.destroyed) return;
          const { pdf } = await this.pdfs.render(c);
          const entry = new Promise((resolve) => archive.once('entry', resolve));
          archive.append(pdf, { name: `${c.holderName.replace(/[\\/:*?"<>|]/g, '_')} - ${c.code}.pdf` });
          await entry;
          while (out.writableLength > 1024 * 1024 && !out.destroyed) await new Promise((r) => out.once('drain', r));
        }
        if (page.length < 50) break;
        after = page[page.length - 1]!.id;
      }
      await archive.finalize();
    };
    fill().catch((error: unknown) => {
      this.logger.error({ err: error, batchId }, 'certificate zip failed');
      out.destroy(error as Error);
    });
    return out;
  }
}
