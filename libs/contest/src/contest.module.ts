import { Module } from '@nestjs/common';
import { IdentityModule } from '#identity';
import { QuestionBankModule } from '#question-bank';
import { QuizEngineModule } from '#quiz-engine';
import { ContestRepository } from './contest.repository.js';
import { PortalController } from './portal/portal.controller.js';
import { PortalRepository } from './portal/portal.repository.js';
import { PortalService } from './portal/portal.service.js';
import { RoundExportService } from './round-export.service.js';
import { RoundController } from './round.controller.js';
import { RoundService } from './round.service.js';

@Module({
  imports: [IdentityModule, QuestionBankModule, QuizEngineModule],
  controllers: [RoundController, PortalController],
  providers: [ContestRepository, RoundService, RoundExportService, PortalRepository, PortalService],
  exports: [RoundService],
})
export class ContestModule {}
