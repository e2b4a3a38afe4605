import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles, type Principal } from '#core';
import {
  CreatedLiveGameDto,
  CreateLiveGameDto,
  ExtraTimeDto,
  LiveGameViewDto,
  LiveResultsDto,
  SetExtraTimeDto,
} from './dto/live-game.dto.js';
import { LiveGameService } from './live-game.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });
const originOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

@ApiTags('live-games')
@ApiBearerAuth()
@Roles('organizer')
@Controller('live-games')
export class LiveGameController {
  constructor(private readonly games: LiveGameService) {}

  @Post()
  @ApiOperation({ summary: 'Tạo trò chơi trực tiếp: mã PIN, đường dẫn và mã QR để tham gia' })
  @ApiOkResponse({ type: CreatedLiveGameDto })
  createLiveGame(
    @CurrentUser() principal: Principal,
    @Body() dto: CreateLiveGameDto,
    @Req() req: Request,
  ): Promise<CreatedLiveGameDto> {
    return this.games.create(principal, dto, originOf(req));
  }

  @Get(':gameId')
  @ApiOkResponse({ type: LiveGameViewDto })
  getLiveGame(
    @CurrentUser() principal: Principal,
    @Param('gameId', uuid) gameId: string,
    @Req() req: Request,
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
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'Tệp XLSX' })
  async exportLiveGameResults(
    @CurrentUser() principal: Principal,
    @Param('gameId', uuid) gameId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { filename, buffer } = await this.games.resultsXlsx(principal, gameId);
    res
      .status(200)
      .set({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
      .send(buffer);
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
