import { Module } from '@nestjs/common';
import { IdentityModule } from '#identity';
import { QuestionBankModule } from '#question-bank';
import { QuizEngineModule } from '#quiz-engine';
import { ContestRepository } from './contest.repository.js';
import { RoundExportService } from './round-export.service.js';
import { RoundController } from './round.controller.js';
import { RoundService } from './round.service.js';

@Module({
  imports: [IdentityModule, QuestionBankModule, QuizEngineModule],
  controllers: [RoundController],
  providers: [ContestRepository, RoundService, RoundExportService],
  exports: [RoundService],
})
export class ContestModule {}
