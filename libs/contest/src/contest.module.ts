import { Module } from '@nestjs/common';
import { IdentityModule } from '#identity';
import { QuestionBankModule } from '#question-bank';
import { QuizEngineModule } from '#quiz-engine';
import { ContestParticipation } from './contest-participation.js';
import { ContestRepository } from './contest.repository.js';
import { ManagementController } from './management/management.controller.js';
import { ManagementRepository } from './management/management.repository.js';
import { RoundManagement } from './management/round-management.js';
import { PortalController } from './portal/portal.controller.js';
import { PortalRepository } from './portal/portal.repository.js';
import { PortalService } from './portal/portal.service.js';
import { RoundController } from './round.controller.js';
import { DemoContest } from './rounds/demo-contest.js';
import { PapersAhead } from './rounds/papers-ahead.js';
import { ROUND_PARTS } from './rounds/round-parts.js';
import { RoundClosing } from './rounds/round-closing.js';

@Module({
  imports: [IdentityModule, QuestionBankModule, QuizEngineModule],
  controllers: [RoundController, PortalController, ManagementController],
  providers: [
    ContestRepository,
    ContestParticipation,
    ...ROUND_PARTS,
    PortalRepository,
    PortalService,
    ManagementRepository,
    RoundManagement,
  ],
  exports: [DemoContest, PapersAhead, RoundClosing],
})
export class ContestModule {}
