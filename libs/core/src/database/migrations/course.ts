import { LessonFileReferences1796416388023 } from './1796416388023-LessonFileReferences.js';
import { CourseTables1796404826512 } from './1796404826512-CourseTables.js';
/** Migrations of course, oldest first (appended by `npm run db:generate -- Name --lib course`). */
export const COURSE_MIGRATIONS = [CourseTables1796404826512, LessonFileReferences1796416388023];
