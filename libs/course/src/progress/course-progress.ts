import { Injectable, StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { POPULATION_LABELS_VI, type Population } from '#contracts';
import { AppError, AuditService, Clock, neutralizeRow, xlsxDownload, type Principal } from '#core';
import { vietnamToday } from '#identity';
import { CourseAccess } from '../authoring/course-access.js';
import type {
  CourseProgressDto,
  LearnerProgressPageDto,
  LearnerProgressQueryDto,
  ProgressGroupDto,
} from '../dto/course.dto.js';
import { CourseCatalog } from '../learning/course-catalog.js';
import { LearningRepository } from '../learning/learning.repository.js';
import { ProgressRepository, type ProgressCounts } from './progress.repository.js';

/** Late joiners of a course's units are enrolled before its progress is read, at most this often. */
const MATERIALIZE_EVERY_MS = 30_000;
const EXPORT_LIMIT = 100_000;

const VN_DATE = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const vnDate = (d: Date | string | null) => (d ? VN_DATE.format(new Date(d)) : '');

function group(c: ProgressCounts): ProgressGroupDto {
  return { ...c, completionRate: c.enrolled ? c.completed / c.enrolled : 0 };
}

/** An organizer's view of a course's learners: counts per unit and population, people, the overdue list and its XLSX. */
@Injectable()
export class CourseProgress {
  private readonly materializedAt = new Map<string, number>();

  constructor(
    private readonly repo: ProgressRepository,
    private readonly learning: LearningRepository,
    private readonly access: CourseAccess,
    private readonly catalog: CourseCatalog,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async summary(p: Principal, courseId: string, unitId: string | undefined): Promise<CourseProgressDto> {
    const { path, unit } = await this.scoped(p, courseId, unitId);
    const [total, units, populations] = await Promise.all([
      this.repo.total(courseId, path),
      this.repo.byChildUnit(courseId, path, unit?.id ?? null),
      this.repo.byPopulation(courseId, path),
    ]);
    return {
      courseId,
      total: group({ key: unit?.id ?? '', label: unit?.name ?? 'Toàn thành phố', ...total }),
      units: units.map(group),
      populations: populations.map((r) =>
        group({ ...r, label: POPULATION_LABELS_VI[r.key as Population] ?? 'Chưa rõ đối tượng' }),
      ),
    };
  }

  async learners(
    p: Principal,
    courseId: string,
    query: LearnerProgressQueryDto,
    overdueOnly: boolean,
  ): Promise<LearnerProgressPageDto> {
    const { path } = await this.scoped(p, courseId, query.unitId);
    const pageSize = query.pageSize ?? 50;
    const offset = ((query.page ?? 1) - 1) * pageSize;
    const required = (await this.catalog.course(courseId))?.countedLessonIds.size ?? 0;
    const { rows, total } = await this.repo.learners(courseId, path, { overdueOnly, limit: pageSize, offset });
    return {
      total,
      items: rows.map((r) => ({
        userId: r.userId,
        fullName: r.fullName,
        unitName: r.unitName,
        population: r.population,
        completedLessons: Math.min(r.completedLessons, required),
        requiredLessons: required,
        dueAt: r.dueAt ? new Date(r.dueAt).toISOString() : null,
        completedAt: r.completedAt ? new Date(r.completedAt).toISOString() : null,
        lastActivityAt: r.lastActivityAt ? new Date(r.lastActivityAt).toISOString() : null,
        overdue: r.overdue,
      })),
    };
  }

  /** The overdue learners of the organizer's subtree as XLSX (personal data: the export is audit-logged). */
  async exportOverdue(p: Principal, courseId: string, unitId: string | undefined): Promise<StreamableFile> {
    const { path, course } = await this.scoped(p, courseId, unitId);
    const { rows } = await this.repo.learners(courseId, path, { overdueOnly: true, limit: EXPORT_LIMIT, offset: 0 });
    const required = (await this.catalog.course(courseId))?.countedLessonIds.size ?? 0;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Quá hạn');
    ws.addRow([`Học viên quá hạn — ${course.title}`]).font = { bold: true, size: 13 };
    ws.addRow([`Ngày xuất: ${vietnamToday(this.clock.now())}`]);
    ws.addRow([
      'STT',
      'Họ và tên',
      'Đơn vị',
      'Đối tượng',
      'Bài đã hoàn thành',
      'Hạn hoàn thành',
      'Lần học gần nhất',
    ]).font = {
      bold: true,
    };
    rows.forEach((r, i) =>
      ws.addRow(
        neutralizeRow([
          i + 1,
          r.fullName,
          r.unitName ?? '',
          r.population ? POPULATION_LABELS_VI[r.population] : '',
          `${Math.min(r.completedLessons, required)}/${required}`,
          vnDate(r.dueAt),
          vnDate(r.lastActivityAt),
        ]),
      ),
    );
    ws.columns.forEach((c, i) => (c.width = [6, 28, 30, 22, 16, 16, 18][i] ?? 16));
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await this.audit.record(p.userId, 'course.export.overdue', courseId, { rows: rows.length, scope: path || null });
    return xlsxDownload(buffer, `qua-han-${courseId.slice(0, 8)}.xlsx`);
  }

  /** The course (managed by the caller) and the subtree read: the chosen unit (in scope) or the caller's own. */
  private async scoped(p: Principal, courseId: string, unitId: string | undefined) {
    const course = await this.access.manageableCourse(p, courseId);
    const chosen = unitId ?? p.unitId;
    let unit: { id: string; name: string; path: string } | null = null;
    if (chosen) {
      await this.access.assertUnitInScope(p, chosen);
      unit = await this.repo.unit(chosen);
      if (!unit) throw new AppError('UNIT_NOT_FOUND');
    } else if ((await this.access.scopePrefix(p)) !== null) {
      throw new AppError('OUT_OF_SCOPE');
    }
    const last = this.materializedAt.get(courseId) ?? 0;
    if (this.clock.nowMs() - last >= MATERIALIZE_EVERY_MS) {
      await this.learning.materializeCourse(courseId);
      this.materializedAt.set(courseId, this.clock.nowMs());
    }
    return { course, unit, path: unit?.path ?? '' };
  }
}
