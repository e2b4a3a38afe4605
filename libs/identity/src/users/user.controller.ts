import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal, XLSX_MIME, xlsxDownload } from '#core';
import {
  ExportUsersQueryDto,
  ListUsersQueryDto,
  PasswordResetDto,
  SetRolesDto,
  SetStatusDto,
  SetUnitDto,
  UserAdminDto,
  UserPageDto,
} from '../dto/user-admin.dto.js';
import { UserAdminService } from './user-admin.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('users')
@ApiBearerAuth()
@Roles('organizer')
@Controller('users')
export class UserController {
  constructor(private readonly people: UserAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách người dùng trong phạm vi quản lý' })
  @ApiOkResponse({ type: UserPageDto })
  listUsers(@CurrentUser() principal: Principal, @Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.people.list(principal, query);
  }

  /** Declared before `:userId` so "export.xlsx" is not taken for an id. */
  @Get('export.xlsx')
  @ApiOperation({ summary: 'Xuất danh sách người dùng (ghi nhật ký)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async exportUsers(@CurrentUser() principal: Principal, @Query() query: ExportUsersQueryDto): Promise<StreamableFile> {
    return xlsxDownload(await this.people.exportPeople(principal, query), 'nguoi-dung.xlsx');
  }

  @Get(':userId')
  @ApiOkResponse({ type: UserAdminDto })
  getUser(@CurrentUser() principal: Principal, @Param('userId', uuid) userId: string): Promise<UserAdminDto> {
    return this.people.get(principal, userId);
  }

  @Patch(':userId/roles')
  @ApiOperation({ summary: 'Đổi vai trò (tổ chức chỉ cấp tác giả, người duyệt, quản trò)' })
  @ApiOkResponse({ type: UserAdminDto })
  setUserRoles(
    @CurrentUser() principal: Principal,
    @Param('userId', uuid) userId: string,
    @Body() dto: SetRolesDto,
  ): Promise<UserAdminDto> {
    return this.people.setRoles(principal, userId, dto);
  }

  @Patch(':userId/status')
  @ApiOperation({ summary: 'Khóa hoặc mở tài khoản' })
  @ApiOkResponse({ type: UserAdminDto })
  setUserStatus(
    @CurrentUser() principal: Principal,
    @Param('userId', uuid) userId: string,
    @Body() dto: SetStatusDto,
  ): Promise<UserAdminDto> {
    return this.people.setStatus(principal, userId, dto);
  }

  @Patch(':userId/unit')
  @ApiOperation({ summary: 'Chuyển người dùng sang đơn vị khác (có hiệu lực ngay)' })
  @ApiOkResponse({ type: UserAdminDto })
  setUserUnit(
    @CurrentUser() principal: Principal,
    @Param('userId', uuid) userId: string,
    @Body() dto: SetUnitDto,
  ): Promise<UserAdminDto> {
    return this.people.setUnit(principal, userId, dto);
  }

  @Post(':userId/password-reset')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Đặt lại mật khẩu: trả về mật khẩu dùng một lần, người dùng phải đổi khi đăng nhập' })
  @ApiOkResponse({ type: PasswordResetDto })
  resetUserPassword(
    @CurrentUser() principal: Principal,
    @Param('userId', uuid) userId: string,
  ): Promise<PasswordResetDto> {
    return this.people.resetPassword(principal, userId);
  }
}
