import { Module } from '@nestjs/common';
import { QuestionBankModule } from '#question-bank';
import { AttemptRepository } from './attempt.repository.js';
import { AttemptService } from './attempt.service.js';

@Module({
  imports: [QuestionBankModule],
  providers: [AttemptRepository, AttemptService],
  exports: [AttemptService, AttemptRepository],
})
export class QuizEngineModule {}
