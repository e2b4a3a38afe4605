import {
  Body,
  Controller,
  Get,
  Header,
  Put,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  CurrentUser,
  download,
  Roles,
  type Principal,
  ReceivedFile,
  type UploadedFileData,
  XLSX_MIME,
  xlsxDownload,
} from '#core';
import {
  ExportQueryDto,
  ImportMappingDto,
  ImportPreviewDto,
  ImportPreviewQueryDto,
  ImportQueryDto,
  ImportResultDto,
  ImportUploadDto,
} from '../dto/import.dto.js';
import { BANK_AUTHORS, BANK_READERS, BANK_REVIEWERS } from '../question-bank.roles.js';
import { ImportFileInterceptor } from './import-file.interceptor.js';
import { ImportService, readMappingParam } from './import.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('question-banks')
@ApiBearerAuth()
@Controller('question-banks')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  // Declared before /question-banks/:bankId (this controller is registered first) so the name is not read as an id.
  @Get('import-template.xlsx')
  @Roles(...BANK_READERS)
  @ApiOperation({ summary: 'Tệp mẫu XLSX (tiêu đề tiếng Việt) để nhập câu hỏi' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getImportTemplate(): Promise<StreamableFile> {
    return xlsxDownload(await this.imports.template(), 'mau-nhap-cau-hoi.xlsx');
  }

  @Post(':bankId/imports')
  @Roles(...BANK_AUTHORS, ...BANK_REVIEWERS)
  @UseInterceptors(ImportFileInterceptor)
  @ApiOperation({
    summary: 'Nhập câu hỏi từ tệp: tất cả hoặc không gì cả; dryRun để xem trước; publish (người duyệt) để duyệt luôn',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiCreatedResponse({ type: ImportResultDto })
  importQuestions(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
    @Query() query: ImportQueryDto,
    @ReceivedFile() file: UploadedFileData | undefined,
  ): Promise<ImportResultDto> {
    const { mapping, ...options } = query;
    return this.imports.importFile(principal, bankId, file, { ...options, mapping: readMappingParam(mapping) });
  }

  @Post(':bankId/imports/preview')
  @Roles(...BANK_AUTHORS, ...BANK_REVIEWERS)
  @UseInterceptors(ImportFileInterceptor)
  @ApiOperation({
    summary:
      'Xem trước bảng tính: dòng tiêu đề, vài dòng đầu và trường của từng cột (theo mapping, cách ghép đã lưu, tên cột); không ghi gì',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportUploadDto })
  @ApiCreatedResponse({ type: ImportPreviewDto })
  previewImport(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
    @Query() query: ImportPreviewQueryDto,
    @ReceivedFile() file: UploadedFileData | undefined,
  ): Promise<ImportPreviewDto> {
    return this.imports.preview(principal, bankId, file, readMappingParam(query.mapping));
  }

  @Get(':bankId/import-mapping')
  @Roles(...BANK_AUTHORS, ...BANK_REVIEWERS)
  @ApiOperation({ summary: 'Cách ghép cột bảng tính đã lưu của ngân hàng (null: chưa có)' })
  @ApiOkResponse({ type: ImportMappingDto })
  async getImportMapping(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
  ): Promise<ImportMappingDto> {
    return { mapping: await this.imports.mapping(principal, bankId) };
  }

  @Put(':bankId/import-mapping')
  @Roles(...BANK_AUTHORS, ...BANK_REVIEWERS)
  @ApiOperation({ summary: 'Lưu (hoặc xóa, với null) cách ghép cột bảng tính của ngân hàng' })
  @ApiOkResponse({ type: ImportMappingDto })
  async putImportMapping(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
    @Body() body: ImportMappingDto,
  ): Promise<ImportMappingDto> {
    return { mapping: await this.imports.saveMapping(principal, bankId, body.mapping ?? null) };
  }

  @Get(':bankId/export')
  @Roles(...BANK_READERS)
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({ summary: 'Xuất câu hỏi (phiên bản mới nhất) ra GIFT, Moodle XML hoặc XLSX' })
  @ApiProduces('text/plain', 'application/xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async exportBankQuestions(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
    @Query() query: ExportQueryDto,
  ): Promise<StreamableFile> {
    const file = await this.imports.export(principal, bankId, query.format, {
      category: query.category,
      status: query.status,
    });
    return download(file.data, file.mimeType, file.filename);
  }
}
