import { Module } from '@nestjs/common';
import { IdentityModule } from '#identity';
import { QuestionBankModule } from '#question-bank';
import { QuizEngineModule } from '#quiz-engine';
import { CourseAccess } from './authoring/course-access.js';
import { CourseAuthoring } from './authoring/course-authoring.js';
import { CourseFiles } from './authoring/course-files.js';
import { CourseController } from './course.controller.js';
import { CourseRepository } from './course.repository.js';
import { DemoCourse } from './demo/demo-course.js';
import { LearnerController } from './learner.controller.js';
import { CourseCatalog } from './learning/course-catalog.js';
import { CourseCompletion } from './learning/course-completion.js';
import { Enrolments } from './learning/enrolments.js';
import { LearnerCourses } from './learning/learner-courses.js';
import { LearningRepository } from './learning/learning.repository.js';
import { QuizLessons } from './learning/quiz-lessons.js';
import { CourseProgress } from './progress/course-progress.js';
import { ProgressRepository } from './progress/progress.repository.js';
import { LaunchTokens } from './scorm/launch-token.js';
import { LessonDocumentController } from './lesson-document.controller.js';
import { ScormContent } from './scorm/scorm-content.js';
import { ScormPackages } from './scorm/scorm-packages.js';
import { ScormProgressWriter } from './scorm/scorm-progress.js';
import { ScormContentController } from './scorm-content.controller.js';

@Module({
  imports: [IdentityModule, QuestionBankModule, QuizEngineModule],
  controllers: [LearnerController, CourseController, ScormContentController, LessonDocumentController],
  providers: [
    CourseRepository,
    LearningRepository,
    ProgressRepository,
    CourseAccess,
    CourseAuthoring,
    CourseFiles,
    CourseCatalog,
    CourseCompletion,
    Enrolments,
    LearnerCourses,
    QuizLessons,
    CourseProgress,
    LaunchTokens,
    ScormContent,
    ScormPackages,
    ScormProgressWriter,
    DemoCourse,
  ],
  exports: [DemoCourse],
})
export class CourseModule {}
