import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Roles, type Principal, XLSX_MIME, xlsxDownload } from '#core';
import {
  CreatedLiveGameDto,
  CreateLiveGameDto,
  ExtraTimeDto,
  FinishedLiveGameDto,
  LiveGameListDto,
  LiveGamesQueryDto,
  LiveGameViewDto,
  LiveResultsDto,
  SetExtraTimeDto,
} from './dto/live-game.dto.js';
import { HOST_ROLES } from './host-rules.js';
import { LiveGameService } from './live-game.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host || 'localhost'}`;

@ApiTags('live-games')
@ApiBearerAuth()
@Roles(...HOST_ROLES)
@Controller('live-games')
export class LiveGameController {
  constructor(private readonly games: LiveGameService) {}

  @Post()
  @ApiOperation({ summary: 'Tạo trò chơi trực tiếp: mã PIN, đường dẫn và mã QR để tham gia' })
  @ApiCreatedResponse({ type: CreatedLiveGameDto })
  createLiveGame(
    @CurrentUser() principal: Principal,
    @Body() dto: CreateLiveGameDto,
    @Req() req: FastifyRequest,
  ): Promise<CreatedLiveGameDto> {
    return this.games.create(principal, dto, originOf(req));
  }

  @Get()
  @ApiOperation({ summary: 'Các trò chơi trực tiếp tôi điều khiển được, mới nhất trước' })
  @ApiOkResponse({ type: LiveGameListDto })
  listLiveGames(@CurrentUser() principal: Principal, @Query() query: LiveGamesQueryDto): Promise<LiveGameListDto> {
    return this.games.list(principal, query.page, query.pageSize);
  }

  @Get('finished')
  @Roles('organizer')
  @ApiOperation({
    summary:
      'Trò chơi đã kết thúc có kết quả của các đơn vị trong phạm vi quản lý (nguồn cấp chứng nhận), mới nhất trước',
  })
  @ApiOkResponse({ type: [FinishedLiveGameDto] })
  listFinishedLiveGames(@CurrentUser() principal: Principal): Promise<FinishedLiveGameDto[]> {
    return this.games.finished(principal);
  }

  @Get(':gameId')
  @ApiOkResponse({ type: LiveGameViewDto })
  getLiveGame(
    @CurrentUser() principal: Principal,
    @Param('gameId', uuid) gameId: string,
    @Req() req: FastifyRequest,
  ): Promise<LiveGameViewDto> {
    return this.games.view(principal, gameId, originOf(req));
  }

  @Get(':gameId/results')
  @ApiOperation({ summary: 'Bảng xếp hạng đầy đủ (sau khi trò chơi kết thúc)' })
  @ApiOkResponse({ type: LiveResultsDto })
  getLiveGameResults(
    @CurrentUser() principal: Principal,
    @Param('gameId', uuid) gameId: string,
  ): Promise<LiveResultsDto> {
    return this.games.results(principal, gameId);
  }

  @Get(':gameId/results.xlsx')
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'Tệp XLSX' })
  async exportLiveGameResults(@CurrentUser() principal: Principal, @Param('gameId', uuid) gameId: string) {
    const { filename, buffer } = await this.games.resultsXlsx(principal, gameId);
    return xlsxDownload(buffer, filename);
  }

  @Put(':gameId/players/:playerId/extra-time')
  @ApiOperation({ summary: 'Thời gian cộng thêm cho một người chơi (hỗ trợ tiếp cận)' })
  @ApiOkResponse({ type: ExtraTimeDto })
  setLivePlayerExtraTime(
    @CurrentUser() principal: Principal,
    @Param('gameId', uuid) gameId: string,
    @Param('playerId', uuid) playerId: string,
    @Body() dto: SetExtraTimeDto,
  ): Promise<ExtraTimeDto> {
    return this.games.extraTime(principal, gameId, playerId, dto.seconds);
  }
}
