import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '#core';
import { MyAttemptPageDto, PortalContestPageDto, PortalPageQueryDto, PortalRoundRulesDto } from '../dto/portal.dto.js';
import { PortalService } from './portal.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** The participants' reads (the portal's home, a round's rules page, "my results"). */
@ApiTags('contests')
@ApiBearerAuth()
@Controller()
export class PortalController {
  constructor(private readonly portal: PortalService) {}

  @Get('contests')
  @ApiOperation({ summary: 'Các cuộc thi có vòng đang mở hoặc sắp mở mà tôi được tham gia, kèm số lượt còn lại' })
  @ApiOkResponse({ type: PortalContestPageDto })
  listContests(@CurrentUser() p: Principal, @Query() q: PortalPageQueryDto): Promise<PortalContestPageDto> {
    return this.portal.contests(p, q.page, q.pageSize);
  }

  @Get('rounds/:roundId')
  @ApiOperation({ summary: 'Thể lệ công khai của một vòng thi và số lượt còn lại của tôi' })
  @ApiOkResponse({ type: PortalRoundRulesDto })
  getRound(@CurrentUser() p: Principal, @Param('roundId', uuid) roundId: string): Promise<PortalRoundRulesDto> {
    return this.portal.rules(p, roundId);
  }

  @Get('me/attempts')
  @ApiOperation({ summary: 'Các lượt thi của tôi, mới nhất trước, với điểm và thứ hạng khi vòng thi cho xem' })
  @ApiOkResponse({ type: MyAttemptPageDto })
  listMyAttempts(@CurrentUser() p: Principal, @Query() q: PortalPageQueryDto): Promise<MyAttemptPageDto> {
    return this.portal.myAttempts(p, q.page, q.pageSize);
  }
}
