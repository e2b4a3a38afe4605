import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type Principal } from '#core';
import {
  CreateUnitDto,
  ListUnitsQueryDto,
  MergeResultDto,
  MergeUnitDto,
  MoveUnitDto,
  SearchUnitsQueryDto,
  UnitChangePreviewDto,
  UnitResponseDto,
  UnitSearchResultDto,
  UpdateUnitDto,
} from '../dto/unit.dto.js';
import { UnitService } from './unit.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('units')
@Controller('units')
export class UnitController {
  constructor(private readonly units: UnitService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Đơn vị con của một đơn vị (công khai: dùng khi đăng ký)' })
  @ApiOkResponse({ type: UnitResponseDto, isArray: true })
  listUnits(@Query() query: ListUnitsQueryDto): Promise<UnitResponseDto[]> {
    return this.units.listChildren(query.parentId);
  }

  /** Declared before `:unitId`, so "search" is not taken for an id. */
  @Get('search')
  @ApiBearerAuth()
  @Roles('organizer')
  @ApiOperation({ summary: 'Tìm đơn vị trong phạm vi quản lý theo tên hoặc mã (không phân biệt dấu)' })
  @ApiOkResponse({ type: UnitSearchResultDto, isArray: true })
  searchUnits(
    @CurrentUser() principal: Principal,
    @Query() query: SearchUnitsQueryDto,
  ): Promise<UnitSearchResultDto[]> {
    return this.units.search(principal, query.q, query.limit ?? 30);
  }

  @Public()
  @Get(':unitId')
  @ApiOkResponse({ type: UnitResponseDto })
  getUnit(@Param('unitId', uuid) unitId: string): Promise<UnitResponseDto> {
    return this.units.get(unitId);
  }

  @Post()
  @ApiBearerAuth()
  @Roles('organizer')
  @ApiCreatedResponse({ type: UnitResponseDto })
  createUnit(@CurrentUser() principal: Principal, @Body() dto: CreateUnitDto): Promise<UnitResponseDto> {
    return this.units.create(principal, dto);
  }

  @Patch(':unitId')
  @ApiBearerAuth()
  @Roles('organizer')
  @ApiOkResponse({ type: UnitResponseDto })
  updateUnit(
    @CurrentUser() principal: Principal,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitResponseDto> {
    return this.units.update(principal, unitId, dto);
  }

  @Post(':unitId/move')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('organizer')
  @ApiOkResponse({ type: UnitResponseDto })
  moveUnit(
    @CurrentUser() principal: Principal,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: MoveUnitDto,
  ): Promise<UnitResponseDto> {
    return this.units.move(principal, unitId, dto.newParentId);
  }

  @Post(':unitId/move/preview')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('organizer')
  @ApiOperation({
    summary: 'Xem trước việc chuyển đơn vị: số người, đơn vị cấp dưới, số lượng và mã đổi theo (không ghi gì)',
    description: 'Cùng kiểm tra và cùng lỗi như khi chuyển thật (ví dụ 409 UNIT_CODE_TAKEN).',
  })
  @ApiOkResponse({ type: UnitChangePreviewDto })
  previewUnitMove(
    @CurrentUser() principal: Principal,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: MoveUnitDto,
  ): Promise<UnitChangePreviewDto> {
    return this.units.previewMove(principal, unitId, dto.newParentId);
  }

  @Post(':unitId/merge/preview')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('organizer')
  @ApiOperation({
    summary: 'Xem trước việc sáp nhập: người, đơn vị con, số lượng chuyển sang đơn vị nhận, mã đổi theo (không ghi gì)',
    description: 'Cùng kiểm tra và cùng lỗi như khi sáp nhập thật.',
  })
  @ApiOkResponse({ type: UnitChangePreviewDto })
  previewUnitMerge(
    @CurrentUser() principal: Principal,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: MergeUnitDto,
  ): Promise<UnitChangePreviewDto> {
    return this.units.previewMerge(principal, unitId, dto.targetUnitId);
  }

  @Post(':unitId/merge')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('organizer')
  @ApiOperation({
    summary: 'Sáp nhập đơn vị này vào một đơn vị khác',
    description:
      'Người, số liệu và đơn vị con chuyển sang đơn vị đích; mã của đơn vị con (và cấp dưới) đổi theo mã đơn vị đích ' +
      'như khi chuyển đơn vị. Mã mới trùng mã đã có: 409 UNIT_CODE_TAKEN, không thay đổi gì.',
  })
  @ApiOkResponse({ type: MergeResultDto })
  mergeUnit(
    @CurrentUser() principal: Principal,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: MergeUnitDto,
  ): Promise<MergeResultDto> {
    return this.units.merge(principal, unitId, dto.targetUnitId);
  }
}
