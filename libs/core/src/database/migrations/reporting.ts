import { PlanReport1796404420228 } from './1796404420228-PlanReport.js';
import { PlanReportIdentityVersion1796410000000 } from './1796410000000-PlanReportIdentityVersion.js';
/** Migrations of reporting, oldest first (appended by `npm run db:generate -- Name --lib reporting`). */
export const REPORTING_MIGRATIONS = [PlanReport1796404420228, PlanReportIdentityVersion1796410000000];
