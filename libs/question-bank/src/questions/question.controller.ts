import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, CurrentUser, Roles, type Principal } from '#core';
import { ReviewStepDto, SendBackDto, UpdateQuestionDto } from '../dto/question-input.dto.js';
import { QuestionDetailDto, QuestionVersionDto } from '../dto/question-response.dto.js';
import { BANK_AUTHORS, BANK_READERS, BANK_REVIEWERS } from '../question-bank.roles.js';
import { QuestionService } from './question.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });
const versionNumber = new ParseIntPipe({ exceptionFactory: () => new AppError('QUESTION_NOT_FOUND') });

@ApiTags('questions')
@ApiBearerAuth()
@Controller('questions')
export class QuestionController {
  constructor(private readonly questions: QuestionService) {}

  @Get(':questionId')
  @Roles(...BANK_READERS)
  @ApiOperation({ summary: 'Câu hỏi với nội dung phiên bản mới nhất và lịch sử duyệt' })
  @ApiOkResponse({ type: QuestionDetailDto })
  getQuestion(@CurrentUser() principal: Principal, @Param('questionId', uuid) id: string): Promise<QuestionDetailDto> {
    return this.questions.get(principal, id);
  }

  @Put(':questionId')
  @Roles(...BANK_AUTHORS)
  @ApiOperation({ summary: 'Sửa câu hỏi: tạo phiên bản mới (bản nháp); 409 VERSION_CONFLICT nếu baseVersion cũ' })
  @ApiOkResponse({ type: QuestionDetailDto })
  updateQuestion(
    @CurrentUser() principal: Principal,
    @Param('questionId', uuid) id: string,
    @Body() dto: UpdateQuestionDto,
  ): Promise<QuestionDetailDto> {
    return this.questions.update(principal, id, dto);
  }

  @Get(':questionId/versions')
  @Roles(...BANK_READERS)
  @ApiOkResponse({ type: QuestionVersionDto, isArray: true })
  listQuestionVersions(
    @CurrentUser() principal: Principal,
    @Param('questionId', uuid) id: string,
  ): Promise<QuestionVersionDto[]> {
    return this.questions.listVersions(principal, id);
  }

  @Get(':questionId/versions/:version')
  @Roles(...BANK_READERS)
  @ApiOkResponse({ type: QuestionVersionDto })
  getQuestionVersion(
    @CurrentUser() principal: Principal,
    @Param('questionId', uuid) id: string,
    @Param('version', versionNumber) version: number,
  ): Promise<QuestionVersionDto> {
    return this.questions.getVersion(principal, id, version);
  }

  @Post(':questionId/submit')
  @HttpCode(200)
  @Roles(...BANK_AUTHORS)
  @ApiOperation({ summary: 'Gửi duyệt (nháp → chờ duyệt)' })
  @ApiOkResponse({ type: QuestionDetailDto })
  submitQuestion(
    @CurrentUser() principal: Principal,
    @Param('questionId', uuid) id: string,
    @Body() dto: ReviewStepDto,
  ): Promise<QuestionDetailDto> {
    return this.questions.submit(principal, id, dto);
  }

  @Post(':questionId/approve')
  @HttpCode(200)
  @Roles(...BANK_REVIEWERS)
  @ApiOperation({ summary: 'Duyệt (chờ duyệt → đã duyệt): phiên bản này được dùng để ra đề' })
  @ApiOkResponse({ type: QuestionDetailDto })
  approveQuestion(
    @CurrentUser() principal: Principal,
    @Param('questionId', uuid) id: string,
    @Body() dto: ReviewStepDto,
  ): Promise<QuestionDetailDto> {
    return this.questions.approve(principal, id, dto);
  }

  @Post(':questionId/send-back')
  @HttpCode(200)
  @Roles(...BANK_REVIEWERS)
  @ApiOperation({ summary: 'Trả lại kèm ý kiến (chờ duyệt → nháp)' })
  @ApiOkResponse({ type: QuestionDetailDto })
  sendBackQuestion(
    @CurrentUser() principal: Principal,
    @Param('questionId', uuid) id: string,
    @Body() dto: SendBackDto,
  ): Promise<QuestionDetailDto> {
    return this.questions.sendBack(principal, id, dto.comment, dto.version);
  }
}
