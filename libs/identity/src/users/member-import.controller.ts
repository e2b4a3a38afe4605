import { Controller, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal, ReceivedFile, type UploadedFileData } from '#core';
import { ImportFileDto, ImportQueryDto } from '../dto/import.dto.js';
import { MemberImportResultDto } from '../dto/user-admin.dto.js';
import { SpreadsheetUploadInterceptor } from '../imports/upload.js';
import { MemberImportService } from './member-import.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('users')
@ApiBearerAuth()
@Roles('organizer')
@Controller('units')
export class MemberImportController {
  constructor(private readonly imports: MemberImportService) {}

  @Post(':unitId/members/imports')
  @HttpCode(200)
  // The response carries initial passwords: no cache or proxy may keep a copy.
  @Header('Cache-Control', 'no-store')
  @UseInterceptors(SpreadsheetUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportFileDto })
  @ApiOperation({
    summary: 'Nhập danh sách đoàn viên vào một đơn vị (tất cả hoặc không); trả mật khẩu ban đầu một lần',
  })
  @ApiOkResponse({ type: MemberImportResultDto })
  importMembers(
    @CurrentUser() principal: Principal,
    @Param('unitId', uuid) unitId: string,
    @Query() query: ImportQueryDto,
    @ReceivedFile() file: UploadedFileData | undefined,
  ): Promise<MemberImportResultDto> {
    return this.imports.importMembers(principal, unitId, file?.buffer, query.dryRun ?? false);
  }
}
