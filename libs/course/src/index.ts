export * from './course.module.js';
export { DemoCourse } from './demo/demo-course.js';
export { readScormManifest, checkedEntryPath, type ManifestResult } from './scorm/manifest.js';
export { sampleScormFiles } from './scorm/sample-package.js';
export { DEMO_COURSE_TITLE } from './demo/demo-course.js';
export { VIDEO_EMBED_ORIGINS } from './authoring/lesson-content.js';

// Registered with TypeORM by the app (apps/api/src/entities.ts); the classes themselves stay inside the library.
import { CourseDocument } from './entities/course-document.entity.js';
import { CourseLesson } from './entities/course-lesson.entity.js';
import { CourseSection } from './entities/course-section.entity.js';
import { Course } from './entities/course.entity.js';
import { CourseEnrolmentRule } from './entities/enrolment-rule.entity.js';
import { CourseEnrolment } from './entities/enrolment.entity.js';
import { LessonProgress } from './entities/lesson-progress.entity.js';
import { ScormPackage, ScormPackageFile } from './entities/scorm-package.entity.js';
import { ScormProgress } from './entities/scorm-progress.entity.js';
export const COURSE_ENTITIES: (new () => object)[] = [
  Course,
  CourseSection,
  CourseLesson,
  CourseDocument,
  ScormPackage,
  ScormPackageFile,
  CourseEnrolmentRule,
  CourseEnrolment,
  LessonProgress,
  ScormProgress,
];
