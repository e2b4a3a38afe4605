export * from './reporting.module.js';
export * from './demo-plan-report.js';
export * from './plan-targets.js';

// Registered with TypeORM by the app (apps/api/src/entities.ts); the classes themselves stay inside the library.
import { PlanAchiever } from './entities/plan-achiever.entity.js';
import { PlanCompletion } from './entities/plan-completion.entity.js';
import { PlanEntry } from './entities/plan-entry.entity.js';
import { PlanReportVersion } from './entities/plan-report-version.entity.js';
import { PlanTally } from './entities/plan-tally.entity.js';
export const REPORTING_ENTITIES: (new () => object)[] = [
  PlanCompletion,
  PlanAchiever,
  PlanTally,
  PlanEntry,
  PlanReportVersion,
];
