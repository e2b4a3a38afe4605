import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Roles, type Principal, XLSX_MIME, xlsxDownload } from '#core';
import {
  AttemptResultDto,
  AttemptReviewDto,
  CloseRoundResponseDto,
  CreateContestDto,
  CreateRoundDto,
  IdResponseDto,
  LeaderboardQueryDto,
  LeaderboardRowDto,
  MyRankDto,
  PrizeConfigDto,
  PrizeListDto,
  RegradeResponseDto,
  RoundAudienceDto,
  SaveAnswerDto,
  SaveAnswerResponseDto,
  StartAttemptResponseDto,
  SubmitAttemptDto,
  UnitStatDto,
  UnitStatsQueryDto,
} from './dto/contest.dto.js';
import { SAVE_ANSWER_BODY, type SaveAnswerBody } from './dto/save-answer-body.js';
import { AttemptReviews } from './rounds/attempt-reviews.js';
import { RoundLeaderboard } from './rounds/leaderboard.js';
import { ParticipantAttempts } from './rounds/participant-attempts.js';
import { RoundAnalysis } from './rounds/round-analysis.js';
import { RoundAuthoring } from './rounds/round-authoring.js';
import { RoundClosing } from './rounds/round-closing.js';
import { RoundExports } from './rounds/round-exports.js';
import { RoundPrizes } from './rounds/round-prizes.js';
import { RoundRegrading } from './rounds/round-regrading.js';
import { UnitStatistics } from './rounds/unit-statistics.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('contests')
@ApiBearerAuth()
@Controller()
export class RoundController {
  constructor(
    private readonly authoring: RoundAuthoring,
    private readonly participants: ParticipantAttempts,
    private readonly reviews: AttemptReviews,
    private readonly closing: RoundClosing,
    private readonly leaderboard: RoundLeaderboard,
    private readonly statistics: UnitStatistics,
    private readonly prizes: RoundPrizes,
    private readonly analysis: RoundAnalysis,
    private readonly regrading: RoundRegrading,
    private readonly exports: RoundExports,
  ) {}

  @Post('contests')
  @Roles('organizer')
  @ApiCreatedResponse({ type: IdResponseDto })
  createContest(@CurrentUser() p: Principal, @Body() dto: CreateContestDto): Promise<IdResponseDto> {
    return this.authoring.createContest(p, dto);
  }

  @Post('contests/:contestId/rounds')
  @Roles('organizer')
  @ApiCreatedResponse({ type: IdResponseDto })
  createRound(
    @CurrentUser() p: Principal,
    @Param('contestId', uuid) contestId: string,
    @Body() dto: CreateRoundDto,
  ): Promise<IdResponseDto> {
    return this.authoring.createRound(p, contestId, dto);
  }

  @Put('rounds/:roundId/audience')
  @Roles('organizer')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mở vòng thi cho toàn thành phố (danh sách rỗng) hoặc cho các đơn vị đã chọn và cấp dưới' })
  async setRoundAudience(
    @CurrentUser() p: Principal,
    @Param('roundId', uuid) roundId: string,
    @Body() dto: RoundAudienceDto,
  ): Promise<void> {
    await this.authoring.setRoundAudience(p, roundId, dto.unitIds);
  }

  @Post('rounds/:roundId/attempts')
  @ApiOperation({ summary: 'Bắt đầu hoặc tiếp tục lượt thi (cùng đề, cùng hạn giờ)' })
  @ApiCreatedResponse({ type: StartAttemptResponseDto })
  // A StartAttemptResponseDto already written as JSON bytes by the service (sent as they are).
  @Header('Content-Type', 'application/json; charset=utf-8')
  startAttempt(
    @CurrentUser() p: Principal,
    @Param('roundId', uuid) roundId: string,
    @Req() req: FastifyRequest,
  ): Promise<Buffer> {
    const device = req.headers['x-device-id'];
    return this.participants.startAttempt(p, roundId, {
      ip: req.ip || null,
      deviceId: typeof device === 'string' && device ? device.slice(0, 128) : null,
    });
  }

  @Put('attempts/:attemptId/answers/:questionId')
  @ApiBody({ type: SaveAnswerDto })
  @ApiOkResponse({ type: SaveAnswerResponseDto })
  saveAnswer(
    @CurrentUser() p: Principal,
    @Param('attemptId', uuid) attemptId: string,
    @Param('questionId', uuid) questionId: string,
    @Body(SAVE_ANSWER_BODY) body: SaveAnswerBody,
  ): Promise<SaveAnswerResponseDto> {
    return this.participants.saveAnswer(p, attemptId, questionId, body);
  }

  @Post('attempts/:attemptId/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: AttemptResultDto })
  submitAttempt(
    @CurrentUser() p: Principal,
    @Param('attemptId', uuid) attemptId: string,
    @Body() dto: SubmitAttemptDto,
  ): Promise<AttemptResultDto> {
    return this.participants.submitAttempt(p, attemptId, dto.prediction);
  }

  @Get('attempts/:attemptId/review')
  @ApiOperation({ summary: 'Xem lại lượt thi đã nộp, trong giới hạn tùy chọn xem lại của vòng thi' })
  @ApiOkResponse({ type: AttemptReviewDto })
  getAttemptReview(
    @CurrentUser() p: Principal,
    @Param('attemptId', uuid) attemptId: string,
  ): Promise<AttemptReviewDto> {
    return this.reviews.reviewAttempt(p, attemptId);
  }

  @Post('rounds/:roundId/close')
  @HttpCode(200)
  @Roles('organizer')
  @ApiOkResponse({ type: CloseRoundResponseDto })
  closeRound(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string): Promise<CloseRoundResponseDto> {
    return this.closing.closeRound(roundId, p);
  }

  @Get('rounds/:roundId/leaderboard')
  @ApiOkResponse({ type: LeaderboardRowDto, isArray: true })
  getLeaderboard(
    @Param('roundId', uuid) roundId: string,
    @Query() q: LeaderboardQueryDto,
  ): Promise<LeaderboardRowDto[]> {
    return this.leaderboard.leaderboard(roundId, q.limit ?? 100);
  }

  @Get('rounds/:roundId/my-rank')
  @ApiOkResponse({ type: MyRankDto })
  getMyRank(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string): Promise<MyRankDto> {
    return this.leaderboard.myRank(p, roundId);
  }

  @Get('rounds/:roundId/unit-stats')
  @ApiOkResponse({ type: UnitStatDto, isArray: true })
  getUnitStats(
    @CurrentUser() p: Principal,
    @Param('roundId', uuid) roundId: string,
    @Query() q: UnitStatsQueryDto,
  ): Promise<UnitStatDto[]> {
    return this.statistics.unitStats(p, roundId, q.unitId);
  }

  @Post('rounds/:roundId/prizes')
  @HttpCode(200)
  @Roles('organizer')
  @ApiOkResponse({ type: PrizeListDto })
  setRoundPrizes(
    @CurrentUser() p: Principal,
    @Param('roundId', uuid) roundId: string,
    @Body() dto: PrizeConfigDto,
  ): Promise<PrizeListDto> {
    return this.prizes.setPrizes(p, roundId, { ...dto });
  }

  @Get('rounds/:roundId/prizes')
  @ApiOkResponse({ type: PrizeListDto })
  getRoundPrizes(@Param('roundId', uuid) roundId: string): Promise<PrizeListDto> {
    return this.prizes.prizes(roundId);
  }

  @Get('rounds/:roundId/item-analysis')
  @Roles('organizer')
  @ApiOkResponse({ description: 'Facility, discrimination and likely wrong keys per question' })
  getItemAnalysis(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string) {
    return this.analysis.itemAnalysis(p, roundId);
  }

  @Post('rounds/:roundId/regrade')
  @HttpCode(200)
  @Roles('organizer')
  @ApiOkResponse({ type: RegradeResponseDto })
  regradeRound(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string): Promise<RegradeResponseDto> {
    return this.regrading.regrade(p, roundId);
  }

  @Get('rounds/:roundId/flags')
  @Roles('organizer')
  @ApiOkResponse({ description: 'Suspicious attempts for review (never acted on automatically)' })
  getRoundFlags(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string) {
    return this.analysis.flags(p, roundId);
  }

  @Get('rounds/:roundId/results.xlsx')
  @Roles('organizer')
  @ApiProduces(XLSX_MIME)
  async exportRoundResults(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string) {
    return xlsxDownload(await this.exports.results(p, roundId), `ket-qua-${roundId}.xlsx`);
  }

  @Get('rounds/:roundId/unit-stats.xlsx')
  @Roles('organizer')
  @ApiProduces(XLSX_MIME)
  async exportRoundStatistics(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string) {
    return xlsxDownload(await this.exports.statistics(p, roundId), `thong-ke-${roundId}.xlsx`);
  }
}
