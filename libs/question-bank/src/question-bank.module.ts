import { Module } from '@nestjs/common';
import { IdentityModule } from '#identity';
import { BankAccess } from './bank/bank-access.js';
import { BankController } from './bank/bank.controller.js';
import { BankRepository } from './bank/bank.repository.js';
import { BankService } from './bank/bank.service.js';
import { QuestionFileController } from './files/question-file.controller.js';
import { ImportController } from './imports/import.controller.js';
import { ImportService } from './imports/import.service.js';
import { QuestionBankReader } from './question-bank.reader.js';
import { PgQuestionBankReader } from './questions/pg-question-bank.reader.js';
import { QuestionController } from './questions/question.controller.js';
import { QuestionRepository } from './questions/question.repository.js';
import { QuestionService } from './questions/question.service.js';

@Module({
  imports: [IdentityModule],
  // ImportController first: its /question-banks/import-template.xlsx must match before /question-banks/:bankId.
  controllers: [ImportController, BankController, QuestionController, QuestionFileController],
  providers: [
    BankAccess,
    BankRepository,
    BankService,
    ImportService,
    QuestionRepository,
    QuestionService,
    { provide: QuestionBankReader, useClass: PgQuestionBankReader },
  ],
  exports: [QuestionBankReader, ImportService],
})
export class QuestionBankModule {}
