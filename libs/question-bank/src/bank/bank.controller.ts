import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal } from '#core';
import { BankResponseDto, CategoryTreeDto, CreateBankDto, ListBanksQueryDto, UpdateBankDto } from '../dto/bank.dto.js';
import { QuestionInputDto } from '../dto/question-input.dto.js';
import { ListQuestionsQueryDto, QuestionDetailDto, QuestionPageDto } from '../dto/question-response.dto.js';
import { BANK_AUTHORS, BANK_READERS } from '../question-bank.roles.js';
import { QuestionService } from '../questions/question.service.js';
import { BankService } from './bank.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('question-banks')
@ApiBearerAuth()
@Controller('question-banks')
export class BankController {
  constructor(
    private readonly banks: BankService,
    private readonly questions: QuestionService,
  ) {}

  @Post()
  @Roles('organizer')
  @ApiOperation({ summary: 'Tạo ngân hàng câu hỏi cho một đơn vị trong phạm vi quản lý' })
  @ApiCreatedResponse({ type: BankResponseDto })
  createBank(@CurrentUser() principal: Principal, @Body() dto: CreateBankDto): Promise<BankResponseDto> {
    return this.banks.create(principal, dto);
  }

  @Get()
  @Roles(...BANK_READERS)
  @ApiOperation({ summary: 'Các ngân hàng của đơn vị mình và đơn vị cấp dưới (đang dùng, hoặc đã lưu trữ)' })
  @ApiOkResponse({ type: BankResponseDto, isArray: true })
  listBanks(@CurrentUser() principal: Principal, @Query() query: ListBanksQueryDto): Promise<BankResponseDto[]> {
    return this.banks.list(principal, query.archived ?? false);
  }

  @Patch(':bankId')
  @Roles('organizer')
  @ApiOperation({ summary: 'Đổi tên, mô tả; lưu trữ hoặc khôi phục ngân hàng' })
  @ApiOkResponse({ type: BankResponseDto })
  updateBank(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
    @Body() dto: UpdateBankDto,
  ): Promise<BankResponseDto> {
    return this.banks.update(principal, bankId, dto);
  }

  @Get(':bankId')
  @Roles(...BANK_READERS)
  @ApiOkResponse({ type: BankResponseDto })
  getBank(@CurrentUser() principal: Principal, @Param('bankId', uuid) bankId: string): Promise<BankResponseDto> {
    return this.banks.get(principal, bankId);
  }

  @Get(':bankId/categories')
  @Roles(...BANK_READERS)
  @ApiOperation({ summary: 'Cây danh mục với số câu hỏi' })
  @ApiOkResponse({ type: CategoryTreeDto })
  getBankCategories(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
  ): Promise<CategoryTreeDto> {
    return this.banks.categories(principal, bankId);
  }

  @Get(':bankId/questions')
  @Roles(...BANK_READERS)
  @ApiOperation({ summary: 'Tìm và lọc câu hỏi (tìm không dấu), phân trang' })
  @ApiOkResponse({ type: QuestionPageDto })
  listQuestions(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
    @Query() query: ListQuestionsQueryDto,
  ): Promise<QuestionPageDto> {
    return this.questions.list(principal, bankId, query);
  }

  @Post(':bankId/questions')
  @Roles(...BANK_AUTHORS)
  @ApiOperation({ summary: 'Tạo một câu hỏi (bản nháp, phiên bản 1)' })
  @ApiCreatedResponse({ type: QuestionDetailDto })
  createQuestion(
    @CurrentUser() principal: Principal,
    @Param('bankId', uuid) bankId: string,
    @Body() dto: QuestionInputDto,
  ): Promise<QuestionDetailDto> {
    return this.questions.create(principal, bankId, dto);
  }
}
