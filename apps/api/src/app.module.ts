import { type DynamicModule, Module } from '@nestjs/common';
import { CertificateModule } from '#certificate';
import { ContestModule } from '#contest';
import { CoreModule, type CoreModuleOptions } from '#core';
import { CourseModule } from '#course';
import { IdentityModule } from '#identity';
import { LiveContestModule } from '#live-contest';
import { QuestionBankModule } from '#question-bank';
import { QuizEngineModule } from '#quiz-engine';
import { ReportingModule } from '#reporting';

@Module({})
export class AppModule {
  static forRoot(core: CoreModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(core),
        IdentityModule,
        QuestionBankModule,
        QuizEngineModule,
        ContestModule,
        LiveContestModule,
        CourseModule,
        CertificateModule,
        ReportingModule,
      ],
    };
  }
}
