import { Module } from '@nestjs/common';
import { QuestionBankModule } from '#question-bank';
import { AttemptLedger } from './attempt-ledger.js';
import { AttemptRepository } from './attempt.repository.js';
import { AttemptService } from './attempt.service.js';

@Module({
  imports: [QuestionBankModule],
  providers: [AttemptRepository, AttemptService, AttemptLedger],
  exports: [AttemptService, AttemptLedger],
})
export class QuizEngineModule {}
