import { Body, Controller, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal, XLSX_MIME, xlsxDownload } from '#core';
import { PlanEntryDto, PlanReportDto, PlanReportQueryDto, SavePlanEntryDto } from './dto/plan-report.dto.js';
import { PlanEntryService } from './plan-entry.service.js';
import { PlanReportService } from './plan-report.service.js';
import { PlanReportXlsx } from './plan-report.xlsx.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportingController {
  constructor(
    private readonly reports: PlanReportService,
    private readonly entries: PlanEntryService,
    private readonly xlsx: PlanReportXlsx,
  ) {}

  @Get('plan-targets')
  @Roles('organizer')
  @ApiOkResponse({ type: PlanReportDto })
  getPlanTargets(@CurrentUser() p: Principal, @Query() q: PlanReportQueryDto): Promise<PlanReportDto> {
    return this.reports.report(p, q.unitId, q.year);
  }

  @Get('plan-targets.xlsx')
  @Roles('organizer')
  @ApiProduces(XLSX_MIME)
  async exportPlanTargets(@CurrentUser() p: Principal, @Query() q: PlanReportQueryDto) {
    const data = await this.xlsx.export(p, q.unitId, q.year);
    return xlsxDownload(data, `bao-cao-chi-tieu-ke-hoach-300-${q.year ?? 'nam-nay'}.xlsx`);
  }

  @Put('plan-entries')
  @HttpCode(200)
  @Roles('organizer')
  @ApiOkResponse({ type: PlanEntryDto })
  savePlanEntry(@CurrentUser() p: Principal, @Body() dto: SavePlanEntryDto): Promise<PlanEntryDto> {
    return this.entries.save(p, dto);
  }
}
