import type { BankResponseDto } from '../dto/bank.dto.js';
import type {
  QuestionContentDto,
  QuestionSummaryDto,
  QuestionVersionDto,
  ReviewEventDto,
} from '../dto/question-response.dto.js';
import type { BankRow } from '../bank/bank.repository.js';
import type { StoredContent } from './question-content.js';
import type { QuestionRow, ReviewEventRow, VersionRow } from './question.repository.js';

export const fileUrl = (fileId: string) => `/api/v1/question-files/${fileId}`;

export function toBankResponse(b: BankRow): BankResponseDto {
  return {
    id: b.id,
    name: b.name,
    description: b.description,
    ownerUnitId: b.ownerUnitId,
    ownerUnitName: b.ownerUnitName,
    questionCount: b.questionCount,
    publishedCount: b.publishedCount,
    createdAt: new Date(b.createdAt).toISOString(),
    archivedAt: b.archivedAt ? new Date(b.archivedAt).toISOString() : null,
  };
}

export function toContentDto(content: StoredContent): QuestionContentDto {
  const { files, ...rest } = content;
  const dto: QuestionContentDto = { ...rest } as QuestionContentDto;
  if (files) dto.files = files.map((f) => ({ ...f, url: fileUrl(f.fileId) }));
  return dto;
}

export function toQuestionSummary(q: QuestionRow): QuestionSummaryDto {
  return {
    id: q.id,
    bankId: q.bankId,
    type: q.type,
    title: q.title,
    text: q.text,
    category: q.categoryPath,
    difficulty: q.difficulty,
    tags: q.tags,
    status: q.status,
    version: q.currentVersion,
    publishedVersion: q.publishedVersion,
    externalId: q.externalId,
    createdAt: new Date(q.createdAt).toISOString(),
    updatedAt: new Date(q.updatedAt).toISOString(),
  };
}

export function toVersionDto(v: VersionRow, publishedVersionId: string | null): QuestionVersionDto {
  return {
    id: v.id,
    questionId: v.questionId,
    version: v.version,
    published: v.id === publishedVersionId,
    authorId: v.authorId,
    createdAt: new Date(v.createdAt).toISOString(),
    content: toContentDto(v.content),
  };
}

export function toReviewEventDto(e: ReviewEventRow): ReviewEventDto {
  return {
    version: e.version,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorId: e.actorId,
    actorName: e.actorName,
    comment: e.comment,
    at: new Date(e.createdAt).toISOString(),
  };
}
