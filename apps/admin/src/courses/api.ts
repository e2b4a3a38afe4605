import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { filenameFrom, saveBlob } from '../lib/download';

export type CourseSummary = Schemas['CourseSummaryDto'];
/** A lesson as the editor shows it (names of stored files and the quiz's shortfalls when the API gives them). */
export type Lesson = Schemas['LessonDto'] & { documentName?: string | null; scormTitle?: string | null };
export type Section = Omit<Schemas['SectionDto'], 'lessons'> & { lessons: Lesson[] };
export type Course = Omit<Schemas['CourseDetailDto'], 'sections'> & { sections: Section[] };
export type LessonBody = Schemas['UpdateLessonDto'] & { title: string };
// certificateTemplateId is a nullable uuid; the generator types the null form oddly, so it is restated here.
export type CourseUpdate = Omit<Schemas['UpdateCourseDto'], 'certificateTemplateId'> & {
  certificateTemplateId?: string | null;
};

export const courseKeys = {
  list: ['courses'] as const,
  one: (id: string) => ['course', id] as const,
  rules: (id: string) => ['course', id, 'enrolments'] as const,
  files: (id: string) => ['course', id, 'files'] as const,
  progress: (id: string, unitId: string) => ['course', id, 'progress', unitId] as const,
  overdue: (id: string, unitId: string, page: number) => ['course', id, 'overdue', unitId, page] as const,
};

const file = (f: File) => ({
  body: { file: f as unknown as string },
  // The generated type says string (OpenAPI "binary"); the browser sends the File itself as multipart.
  bodySerializer: (body: { file: string }) => {
    const form = new FormData();
    form.append('file', body.file as unknown as File);
    return form;
  },
});

/** Every call the course screens make, through the generated client. */
export const courseApi = {
  list: () => unwrap(api.GET('/api/v1/courses')),
  create: (body: Schemas['CreateCourseDto']) => unwrap(api.POST('/api/v1/courses', { body })),
  get: async (courseId: string) =>
    (await unwrap(api.GET('/api/v1/courses/{courseId}', { params: { path: { courseId } } }))) as Course,
  update: (courseId: string, body: CourseUpdate) =>
    unwrap(api.PATCH('/api/v1/courses/{courseId}', { params: { path: { courseId } }, body: body as never })),
  publish: (courseId: string) =>
    unwrap(api.POST('/api/v1/courses/{courseId}/publish', { params: { path: { courseId } } })),
  addSection: (courseId: string, title: string) =>
    unwrap(api.POST('/api/v1/courses/{courseId}/sections', { params: { path: { courseId } }, body: { title } })),
  updateSection: (sectionId: string, body: Schemas['UpdateSectionDto']) =>
    unwrap(api.PATCH('/api/v1/course-sections/{sectionId}', { params: { path: { sectionId } }, body })),
  removeSection: (sectionId: string) =>
    unwrap(api.DELETE('/api/v1/course-sections/{sectionId}', { params: { path: { sectionId } } })),
  reorder: (courseId: string, outline: { id: string; lessonIds: string[] }[]) =>
    unwrap(
      api.PUT('/api/v1/courses/{courseId}/outline', {
        params: { path: { courseId } },
        body: { sections: outline.map((s) => ({ sectionId: s.id, lessonIds: s.lessonIds })) },
      }),
    ),
  addLesson: (sectionId: string, body: Schemas['CreateLessonDto']) =>
    unwrap(api.POST('/api/v1/course-sections/{sectionId}/lessons', { params: { path: { sectionId } }, body })),
  updateLesson: (lessonId: string, body: LessonBody) =>
    unwrap(api.PATCH('/api/v1/course-lessons/{lessonId}', { params: { path: { lessonId } }, body })),
  removeLesson: (lessonId: string) =>
    unwrap(api.DELETE('/api/v1/course-lessons/{lessonId}', { params: { path: { lessonId } } })),
  uploadDocument: (courseId: string, f: File) =>
    unwrap(api.POST('/api/v1/courses/{courseId}/documents', { params: { path: { courseId } }, ...file(f) })),
  uploadScorm: (courseId: string, f: File) =>
    unwrap(api.POST('/api/v1/courses/{courseId}/scorm-packages', { params: { path: { courseId } }, ...file(f) })),
  enrol: (courseId: string, body: Schemas['CreateEnrolmentDto']) =>
    unwrap(api.POST('/api/v1/courses/{courseId}/enrolments', { params: { path: { courseId } }, body })),
  rules: (courseId: string) =>
    unwrap(api.GET('/api/v1/courses/{courseId}/enrolments', { params: { path: { courseId } } })),
  progress: (courseId: string, unitId?: string) =>
    unwrap(
      api.GET('/api/v1/courses/{courseId}/progress', {
        params: { path: { courseId }, query: unitId ? { unitId } : {} },
      }),
    ),
  overdue: (courseId: string, unitId: string | undefined, page: number) =>
    unwrap(
      api.GET('/api/v1/courses/{courseId}/overdue', {
        params: { path: { courseId }, query: { ...(unitId ? { unitId } : {}), page, pageSize: 50 } },
      }),
    ),
  downloadOverdue: async (courseId: string, unitId?: string) => {
    const { data, response, error } = await api.GET('/api/v1/courses/{courseId}/overdue/export', {
      params: { path: { courseId }, query: unitId ? { unitId } : {} },
      parseAs: 'blob',
    });
    if (!response.ok || !data) await unwrap(Promise.resolve({ error, response }));
    saveBlob(data as Blob, filenameFrom(response, 'hoc-vien-qua-han.xlsx'));
  },
  archive: (courseId: string) =>
    unwrap(api.POST('/api/v1/courses/{courseId}/archive', { params: { path: { courseId } } })),
  remove: (courseId: string) => unwrap(api.DELETE('/api/v1/courses/{courseId}', { params: { path: { courseId } } })),
  files: (courseId: string) => unwrap(api.GET('/api/v1/courses/{courseId}/files', { params: { path: { courseId } } })),
  removeDocument: (documentId: string) =>
    unwrap(api.DELETE('/api/v1/course-documents/{documentId}', { params: { path: { documentId } } })),
  removeScorm: (packageId: string) =>
    unwrap(api.DELETE('/api/v1/scorm-packages/{packageId}', { params: { path: { packageId } } })),
  removeRule: (ruleId: string, learners: 'keep' | 'remove-not-started') =>
    unwrap(api.DELETE('/api/v1/course-enrolments/{ruleId}', { params: { path: { ruleId }, query: { learners } } })),
  /** The server's answer to "can this blueprint be drawn now", line by line (what publishing checks). */
  quizCheck: (courseId: string, body: Schemas['LessonQuizDto']) =>
    unwrap(api.POST('/api/v1/courses/{courseId}/quiz-check', { params: { path: { courseId } }, body })),
  banks: () => unwrap(api.GET('/api/v1/question-banks')),
  /** The bank's categories as a flat list of paths with their question counts. */
  categories: async (bankId: string) => {
    const tree = await unwrap(api.GET('/api/v1/question-banks/{bankId}/categories', { params: { path: { bankId } } }));
    const flat: { path: string; total: number }[] = [];
    const walk = (nodes: Schemas['CategoryNodeDto'][]) => {
      for (const n of nodes) {
        flat.push({ path: n.path, total: n.total });
        walk(n.children);
      }
    };
    walk(tree.roots);
    return flat;
  },
  units: (parentId?: string) => unwrap(api.GET('/api/v1/units', { params: { query: parentId ? { parentId } : {} } })),
  /** The certificate templates the organizer may pick for completion (the certificate library's list). */
  certificateTemplates: () => unwrap(api.GET('/api/v1/certificate-templates')),
};
