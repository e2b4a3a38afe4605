import { PlanReport1796404420228 } from './1796404420228-PlanReport.js';
/** Migrations of reporting, oldest first (appended by `npm run db:generate -- Name --lib reporting`). */
export const REPORTING_MIGRATIONS = [PlanReport1796404420228];
