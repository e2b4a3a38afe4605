import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal } from '#core';
import {
  BlueprintCheckDto,
  BlueprintCheckResultDto,
  FlagReportDto,
  ItemReportDto,
  ManagedContestDto,
  ProgressQueryDto,
  RankingQueryDto,
  RoundProgressDto,
  RoundRankingDto,
  RoundSettingsDto,
  UpdateContestDto,
  UpdateRoundDto,
} from './management.dto.js';
import { RoundManagement } from './round-management.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** The organizers' contest screens (admin app): list, settings and edits, the blueprint check, progress, the report. */
@ApiTags('contests')
@ApiBearerAuth()
@Controller()
export class ManagementController {
  constructor(private readonly manage: RoundManagement) {}

  @Get('manage/contests')
  @Roles('organizer')
  @ApiOperation({ summary: 'Các cuộc thi tôi quản lý, kèm các vòng thi, giai đoạn và số người tham gia' })
  @ApiOkResponse({ type: ManagedContestDto, isArray: true })
  listManagedContests(@CurrentUser() p: Principal): Promise<ManagedContestDto[]> {
    return this.manage.contests(p);
  }

  @Patch('contests/:contestId')
  @Roles('organizer')
  @HttpCode(204)
  async updateContest(
    @CurrentUser() p: Principal,
    @Param('contestId', uuid) contestId: string,
    @Body() dto: UpdateContestDto,
  ): Promise<void> {
    await this.manage.updateContest(p, contestId, dto);
  }

  @Get('manage/rounds/:roundId')
  @Roles('organizer')
  @ApiOperation({ summary: 'Toàn bộ cài đặt của một vòng thi và những mục còn được sửa' })
  @ApiOkResponse({ type: RoundSettingsDto })
  getRoundSettings(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string): Promise<RoundSettingsDto> {
    return this.manage.settings(p, roundId);
  }

  @Patch('rounds/:roundId')
  @Roles('organizer')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Sửa vòng thi; khi đã có lượt thi chỉ sửa được tên, thời gian kết thúc, tùy chọn xem lại và đối tượng (ROUND_HAS_ATTEMPTS)',
  })
  async updateRound(
    @CurrentUser() p: Principal,
    @Param('roundId', uuid) roundId: string,
    @Body() dto: UpdateRoundDto,
  ): Promise<void> {
    await this.manage.updateRound(p, roundId, dto);
  }

  @Post('rounds/blueprint-check')
  @HttpCode(200)
  @Roles('organizer')
  @ApiOperation({ summary: 'Số câu hỏi đã duyệt mà mỗi dòng của cấu trúc đề có thể rút' })
  @ApiOkResponse({ type: BlueprintCheckResultDto })
  checkBlueprint(@CurrentUser() p: Principal, @Body() dto: BlueprintCheckDto): Promise<BlueprintCheckResultDto> {
    return this.manage.checkBlueprint(p, dto.bankId, dto.blueprint);
  }

  @Get('rounds/:roundId/progress')
  @Roles('organizer')
  @ApiOperation({ summary: 'Vòng thi đang diễn ra: số người, lượt đang làm và đã nộp, theo đơn vị' })
  @ApiOkResponse({ type: RoundProgressDto })
  getRoundProgress(
    @CurrentUser() p: Principal,
    @Param('roundId', uuid) roundId: string,
    @Query() q: ProgressQueryDto,
  ): Promise<RoundProgressDto> {
    return this.manage.progress(p, roundId, q.depth ?? 1);
  }

  @Get('rounds/:roundId/ranking')
  @Roles('organizer')
  @ApiOperation({ summary: 'Bảng xếp hạng đã chốt, kèm dự đoán, giải và lý do thứ tự của những người bằng điểm' })
  @ApiOkResponse({ type: RoundRankingDto })
  getRoundRanking(
    @CurrentUser() p: Principal,
    @Param('roundId', uuid) roundId: string,
    @Query() q: RankingQueryDto,
  ): Promise<RoundRankingDto> {
    return this.manage.ranking(p, roundId, q.limit ?? 200);
  }

  @Get('rounds/:roundId/item-report')
  @Roles('organizer')
  @ApiOperation({ summary: 'Phân tích câu hỏi kèm nội dung và cờ: nghi sai đáp án, quá dễ, quá khó' })
  @ApiOkResponse({ type: ItemReportDto, isArray: true })
  getItemReport(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string): Promise<ItemReportDto[]> {
    return this.manage.itemReport(p, roundId);
  }

  @Get('rounds/:roundId/flag-report')
  @Roles('organizer')
  @ApiOperation({ summary: 'Các lượt thi đáng ngờ cần xem xét, kèm tên người và đơn vị' })
  @ApiOkResponse({ type: FlagReportDto, isArray: true })
  getFlagReport(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string): Promise<FlagReportDto[]> {
    return this.manage.flagReport(p, roundId);
  }
}
