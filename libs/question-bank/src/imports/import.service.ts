import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QUESTION_TYPES, type ErrorDetail, type QuestionStatus } from '#contracts';
import { AppError, AuditService, projectRoot, type Principal } from '#core';
import { IdentityDirectory } from '#identity';
import { BankAccess } from '../bank/bank-access.js';
import { BankRepository } from '../bank/bank.repository.js';
import type {
  ExportFormat,
  ImportDuplicateDto,
  ImportPreviewDto,
  ImportQueryDto,
  ImportResultDto,
} from '../dto/import.dto.js';
import { isColumnField, type ColumnField, type ColumnMapping } from '../formats/columns.js';
import {
  exportQuestions,
  parseQuestionFile,
  previewTable,
  validationIssues,
  xlsxTemplate,
  type ParseResult,
} from '../formats/index.js';
import { QUESTION_PUBLISHED_EVENT, type QuestionPublishedEvent } from '../question-bank.events.js';
import { prepareQuestion, type PreparedQuestion } from '../questions/prepare-question.js';
import { categoryAncestors, normalizeCategoryPath, toInput } from '../questions/question-content.js';
import { canPublish, QuestionService } from '../questions/question.service.js';
import { QuestionRepository } from '../questions/question.repository.js';

export interface ImportOptions {
  dryRun?: boolean;
  publish?: boolean;
  duplicates?: 'skip' | 'keep';
  format?: ImportQueryDto['format'];
  /** Spreadsheets: header text → field; saved for the bank by a real import. */
  mapping?: ColumnMapping | null;
  asMultiple?: boolean;
}

/** The mapping parameter (JSON text) as a mapping; VALIDATION_FAILED when it is not one. */
export function readMappingParam(json: string | undefined): ColumnMapping | undefined {
  if (json === undefined || json.trim() === '') return undefined;
  const refuse = (message: string): never => {
    throw new AppError('VALIDATION_FAILED', [{ field: 'mapping', message }]);
  };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return refuse('mapping phải là JSON {"tiêu đề cột": "trường"}.');
  }
  return checkMapping(value) ?? refuse('mapping phải là JSON {"tiêu đề cột": "trường"}.');
}

/** A mapping object whose every value is a field, or VALIDATION_FAILED naming the first that is not; null if not an object. */
export function checkMapping(value: unknown): ColumnMapping | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 200) {
    throw new AppError('VALIDATION_FAILED', [{ field: 'mapping', message: 'mapping có quá nhiều cột (tối đa 200).' }]);
  }
  for (const [header, field] of entries) {
    if (!isColumnField(field) || header.length > 500) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'mapping', message: `Cột "${header.slice(0, 60)}": "${String(field)}" không phải một trường hợp lệ.` },
      ]);
    }
  }
  return Object.fromEntries(entries) as Record<string, ColumnField>;
}

/** A parse that ended in errors, as the error to answer with: a whole-file problem's own code, else IMPORT_INVALID. */
function parseFailure(parsed: ParseResult): AppError {
  const fileIssue = parsed.errors.find((e) => e.code);
  const errors: ErrorDetail[] = parsed.errors.map(({ code: _code, ...e }) => e);
  const code = fileIssue?.code;
  return new AppError(
    code === 'IMPORT_ENCODING' || code === 'IMPORT_TOO_LARGE' || code === 'IMPORT_UNSUPPORTED_FORMAT'
      ? code
      : 'IMPORT_INVALID',
    errors,
  );
}

interface Located {
  line?: number;
  row?: number;
}

const where = ({ line, row }: Located): Located => {
  return { ...(line !== undefined ? { line } : {}), ...(row !== undefined ? { row } : {}) };
};

const preview = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

const EXPORT_TYPES: Record<ExportFormat, { mime: string; ext: string }> = {
  gift: { mime: 'text/plain; charset=utf-8', ext: 'gift' },
  moodlexml: { mime: 'application/xml; charset=utf-8', ext: 'xml' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
};

/** "Ngân hàng mẫu — Pháp luật" → "ngan-hang-mau-phap-luat": an ASCII file name that survives every browser. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'ngan-hang';
}

export const DEMO_BANK_NAME = 'Ngân hàng mẫu — Cuộc thi tìm hiểu pháp luật, lịch sử';

@Injectable()
export class ImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: BankAccess,
    private readonly questions: QuestionRepository,
    private readonly questionService: QuestionService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly banks: BankRepository,
    private readonly identity: IdentityDirectory,
  ) {}

  async importFile(
    principal: Principal,
    bankId: string,
    file: { buffer: Buffer; originalname: string } | undefined,
    options: ImportOptions,
  ): Promise<ImportResultDto> {
    if (!file) throw new AppError('FILE_REQUIRED');
    if (options.publish && !canPublish(principal)) throw new AppError('FORBIDDEN');
    await this.access.writableBank(principal, bankId);
    // Without a mapping given, the one last used for this bank applies (it names headers: other files are unaffected).
    const mapping = options.mapping ?? checkMapping(await this.banks.importMapping(bankId));
    return this.importBytes(principal.userId, bankId, file.buffer, file.originalname, {
      ...options,
      mapping,
      saveMapping: !!options.mapping,
    });
  }

  /** A spreadsheet's header and first rows with the field of each column, for the wizard's mapping step. */
  async preview(
    principal: Principal,
    bankId: string,
    file: { buffer: Buffer; originalname: string } | undefined,
    mapping: ColumnMapping | undefined,
  ): Promise<ImportPreviewDto> {
    if (!file) throw new AppError('FILE_REQUIRED');
    await this.access.bank(principal, bankId);
    const savedMapping = checkMapping(await this.banks.importMapping(bankId));
    const preview = await previewTable(file.buffer, file.originalname, mapping ?? savedMapping);
    if ('errors' in preview) throw parseFailure(preview);
    return { ...preview, savedMapping };
  }

  async mapping(principal: Principal, bankId: string): Promise<ColumnMapping | null> {
    await this.access.bank(principal, bankId);
    return checkMapping(await this.banks.importMapping(bankId));
  }

  async saveMapping(principal: Principal, bankId: string, mapping: unknown): Promise<ColumnMapping | null> {
    await this.access.bank(principal, bankId);
    const checked = mapping === null || mapping === undefined ? null : checkMapping(mapping);
    if (mapping && !checked) {
      throw new AppError('VALIDATION_FAILED', [{ field: 'mapping', message: 'mapping phải là một đối tượng.' }]);
    }
    await this.banks.saveImportMapping(bankId, checked && Object.keys(checked).length ? checked : null);
    await this.audit.record(principal.userId, 'question-bank.import-mapping', bankId, { columns: checked ?? null });
    return checked && Object.keys(checked).length ? checked : null;
  }

  /**
   * Parse, validate and (unless a dry run) write a whole file: any error rejects it with every error by line or row
   * and nothing written; the write is one transaction of a few batch statements.
   */
  async importBytes(
    actorId: string | null,
    bankId: string,
    bytes: Buffer,
    filename: string,
    options: ImportOptions & { saveMapping?: boolean },
  ): Promise<ImportResultDto> {
    const parsed = await parseQuestionFile(bytes, filename, options.format, {
      mapping: options.mapping,
      asMultiple: options.asMultiple,
    });
    // A problem with the whole file (encoding, size, format) answers with its own code rather than IMPORT_INVALID.
    if (parsed.errors.some((e) => e.code)) throw parseFailure(parsed);
    const errors: ErrorDetail[] = parsed.errors.map(({ code: _code, ...e }) => e);
    errors.push(...validationIssues(parsed).map(({ code: _code, ...e }) => e));
    const prepared: { q: PreparedQuestion; at: Located }[] = [];
    if (!errors.length) {
      for (const question of parsed.questions) {
        const result = prepareQuestion(question);
        if (result.ok) prepared.push({ q: result.question, at: where(question) });
        else
          for (const e of result.errors)
            errors.push({ ...where(question), message: e.message, text: preview(question.text) });
      }
    }
    if (errors.length) throw new AppError('IMPORT_INVALID', errors);
    if (!prepared.length) {
      throw new AppError('IMPORT_INVALID', [{ message: 'Tệp không có câu hỏi nào.' }]);
    }

    const mode = options.duplicates ?? 'skip';
    const existing = await this.questions.existingHashes(bankId, [...new Set(prepared.map((p) => p.q.contentHash))]);
    const seen = new Set<string>();
    const duplicates: ImportDuplicateDto[] = [];
    const toCreate: PreparedQuestion[] = [];
    for (const { q, at } of prepared) {
      const existingId = existing.get(q.contentHash) ?? null;
      if (existingId || seen.has(q.contentHash)) {
        duplicates.push({ ...at, text: preview(q.content.text), existingQuestionId: existingId, action: mode });
        if (mode === 'skip') continue;
      }
      seen.add(q.contentHash);
      toCreate.push(q);
    }

    const known = new Set((await this.questions.categoryCounts(bankId)).paths);
    const perCategory = new Map<string, number>();
    for (const q of toCreate) perCategory.set(q.categoryPath, (perCategory.get(q.categoryPath) ?? 0) + 1);
    const fileCategories = parsed.categories.map((c) => normalizeCategoryPath(c));
    for (const c of fileCategories) if (c && !perCategory.has(c)) perCategory.set(c, 0);
    const categories = [...perCategory]
      .filter(([path]) => path)
      .map(([path, questions]) => ({ path, questions, isNew: !known.has(path) }));
    const byType = Object.fromEntries(QUESTION_TYPES.map((t) => [t, 0])) as unknown as ImportResultDto['byType'];
    for (const q of toCreate) byType[q.content.type]++;
    const status = options.publish ? 'published' : 'draft';
    const warnings = parsed.warnings.map(({ code, ...w }) =>
      code === 'SINGLE_SEVERAL_RIGHT' || code === 'SINGLE_IMPORTED_AS_MULTIPLE' ? { ...w, code } : w,
    );

    if (!options.dryRun && toCreate.length) {
      const ids = await this.dataSource.transaction(async (manager) => {
        const ids = await this.questionService.insertPrepared(
          bankId,
          actorId,
          toCreate,
          status,
          'import',
          `Nhập từ tệp ${filename}`,
          manager,
          fileCategories.flatMap(categoryAncestors),
        );
        if (options.saveMapping && options.mapping)
          await this.banks.saveImportMapping(bankId, options.mapping, manager);
        await this.audit.record(
          actorId,
          'question-bank.import',
          bankId,
          { filename, created: ids.length, skipped: prepared.length - toCreate.length, status },
          manager,
        );
        return ids;
      });
      if (status === 'published') {
        this.events.emit(QUESTION_PUBLISHED_EVENT, { bankId, questionIds: ids } satisfies QuestionPublishedEvent);
      }
    }
    return {
      dryRun: !!options.dryRun,
      created: toCreate.length,
      skipped: prepared.length - toCreate.length,
      status,
      categories,
      warnings,
      duplicates,
      byType,
    };
  }

  /** A bank's questions (their latest versions) as a file, with a file name. */
  async export(
    principal: Principal,
    bankId: string,
    format: ExportFormat,
    filter: { category?: string; status?: QuestionStatus } = {},
  ): Promise<{ data: Buffer; filename: string; mimeType: string }> {
    const bank = await this.access.bank(principal, bankId);
    const versions = await this.questions.currentVersionsOf(bankId, {
      category: filter.category ? normalizeCategoryPath(filter.category) : undefined,
      status: filter.status,
    });
    const fileIds = versions.flatMap((v) => (v.content.files ?? []).map((f) => f.fileId));
    const fileData = await this.questions.fileData([...new Set(fileIds)]);
    const data = await exportQuestions(
      versions.map((v) => toInput(v.content, fileData)),
      format,
    );
    const date = new Date().toISOString().slice(0, 10);
    const { mime, ext } = EXPORT_TYPES[format];
    await this.audit.record(principal.userId, 'question-bank.export', bankId, {
      format,
      status: filter.status ?? null,
      count: versions.length,
    });
    return { data, filename: `${slugify(bank.name)}-${date}.${ext}`, mimeType: mime };
  }

  /**
   * Demo data: the sample bank (fixtures/sample-bank.gift) owned by the root unit, imported and published. Does
   * nothing when the bank already exists or there is no unit tree.
   */
  async seedDemoBank(): Promise<{ bankId: string; created: number } | null> {
    const root = await this.identity.rootUnit();
    if (!root) return null;
    if (await this.banks.findByName(root.id, DEMO_BANK_NAME)) return null;
    const bytes = await readFile(path.join(projectRoot(), 'fixtures', 'sample-bank.gift'));
    const bankId = await this.banks.create({
      name: DEMO_BANK_NAME,
      description: 'Câu hỏi mẫu về pháp luật, lịch sử và lý luận chính trị (dữ liệu demo).',
      ownerUnitId: root.id,
      createdBy: null,
    });
    const result = await this.importBytes(null, bankId, bytes, 'sample-bank.gift', { publish: true });
    return { bankId, created: result.created };
  }

  async template(): Promise<Buffer> {
    return xlsxTemplate();
  }
}
