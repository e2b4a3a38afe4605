import { Controller, Get, HttpCode, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  CurrentUser,
  Roles,
  type Principal,
  ReceivedFile,
  type UploadedFileData,
  XLSX_MIME,
  xlsxDownload,
} from '#core';
import { ImportFileDto, ImportQueryDto, UnitImportResultDto } from '../dto/import.dto.js';
import { SpreadsheetUploadInterceptor } from '../imports/upload.js';
import { UnitImportService } from './unit-import.service.js';

/** Registered before UnitController: "export.xlsx" must not be taken for a `:unitId`. */
@ApiTags('units')
@ApiBearerAuth()
@Roles('organizer')
@Controller('units')
export class UnitImportController {
  constructor(private readonly imports: UnitImportService) {}

  @Post('imports')
  @HttpCode(200)
  @UseInterceptors(SpreadsheetUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportFileDto })
  @ApiOperation({ summary: 'Nhập cây đơn vị và số lượng đoàn viên từ XLSX/CSV (tất cả hoặc không)' })
  @ApiOkResponse({ type: UnitImportResultDto })
  importUnits(
    @CurrentUser() principal: Principal,
    @Query() query: ImportQueryDto,
    @ReceivedFile() file: UploadedFileData | undefined,
  ): Promise<UnitImportResultDto> {
    return this.imports.importUnits(principal, file?.buffer, query.dryRun ?? false);
  }

  @Get('import-template.xlsx')
  @ApiOperation({ summary: 'Tệp mẫu nhập đơn vị' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getUnitImportTemplate(): Promise<StreamableFile> {
    return xlsxDownload(await this.imports.template(), 'mau-nhap-don-vi.xlsx');
  }

  @Get('export.xlsx')
  @ApiOperation({ summary: 'Xuất cây đơn vị trong phạm vi quản lý' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async exportUnits(@CurrentUser() principal: Principal): Promise<StreamableFile> {
    return xlsxDownload(await this.imports.exportTree(principal), 'don-vi.xlsx');
  }
}
