import {
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
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
import type { Response } from 'express';
import { CurrentUser, Roles, type Principal } from '#core';
import { ExportQueryDto, ImportQueryDto, ImportResultDto, ImportUploadDto } from '../dto/import.dto.js';
import { BANK_AUTHORS, BANK_READERS, BANK_REVIEWERS } from '../question-bank.roles.js';
import { asBytes } from '../bytes.js';
import { ImportFileInterceptor } from './import-file.interceptor.js';
import { ImportService } from './import.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
const attachment = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

@ApiTags('question-banks')
@ApiBearerAuth()
@Controller('question-banks')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  // Declared before /question-banks/:bankId (this controller is registered first) so the name is not read as an id.
  @Get('import-template.xlsx')
  @Roles(...BANK_READERS)
  @ApiOperation({ summary: 'Tệp mẫu XLSX (tiêu đề tiếng Việt) để nhập câu hỏi' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getImportTemplate(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const data = await this.imports.template();
    res.setHeader('Content-Disposition', attachment('mau-nhap-cau-hoi.xlsx'));
    return new StreamableFile(asBytes(data), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      length: data.length,
    });
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
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<ImportResultDto> {
    return this.imports.importFile(principal, bankId, file, query);
  }

  @Get(':bankId/export')
  @Roles(...BANK_READERS)
  @ApiOperation({ summary: 'Xuất câu hỏi (phiên bản mới nhất) ra GIFT, Moodle XML hoặc XLSX' })
  @ApiProduces('text/plain', 'application/xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async exportBankQuestions(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.imports.export(principal, bankId, query.format, {
      category: query.category,
      status: query.status,
    });
    res.setHeader('Content-Disposition', attachment(file.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(asBytes(file.data), { type: file.mimeType, length: file.data.length });
  }
}
