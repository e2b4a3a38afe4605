import { Module } from '@nestjs/common';
import { IdentityModule } from '#identity';
import { CourseCompletions } from './course-completions.js';
import { DemoPlanReport } from './demo-plan-report.js';
import { PlanEntryService } from './plan-entry.service.js';
import { PlanReportService } from './plan-report.service.js';
import { PlanReportXlsx } from './plan-report.xlsx.js';
import { ReportingController } from './reporting.controller.js';
import { ReportingRepository } from './reporting.repository.js';

@Module({
  imports: [IdentityModule],
  controllers: [ReportingController],
  providers: [
    ReportingRepository,
    PlanReportService,
    PlanEntryService,
    PlanReportXlsx,
    CourseCompletions,
    DemoPlanReport,
  ],
  exports: [DemoPlanReport, CourseCompletions],
})
export class ReportingModule {}
