import {
  Controller,
  Get,
  Header,
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
import { ExportQueryDto, ImportQueryDto, ImportResultDto, ImportUploadDto } from '../dto/import.dto.js';
import { BANK_AUTHORS, BANK_READERS, BANK_REVIEWERS } from '../question-bank.roles.js';
import { ImportFileInterceptor } from './import-file.interceptor.js';
import { ImportService } from './import.service.js';

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
    return this.imports.importFile(principal, bankId, file, query);
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
