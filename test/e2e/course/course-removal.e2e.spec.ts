import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { scormPackageZip } from '../../support/scorm-package.js';
import { createUser, startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { bearer, publishedCourse, seedCourseWorld } from './course-fixture.js';

/** What an organizer may remove from a course, and what is kept whatever they remove (#16). */
describe('removing from courses', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedCourseWorld>>;
  let organizer: SeededUser;
  let auth: { Authorization: string };

  const count = async (sql: string, params: unknown[] = []) =>
    ((await t.dataSource.query(sql, params)) as { n: number }[])[0]!.n;
  const audit = (action: string, target: string) =>
    t.dataSource.query('SELECT actor_id, details FROM audit_event WHERE action = $1 AND target = $2', [
      action,
      target,
    ]) as Promise<{ actor_id: string; details: Record<string, unknown> }[]>;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2_000, 0x41), Buffer.from('\n%%EOF\n')]);
  const uploadPdf = async (courseId: string, name = 'Tài liệu.pdf') =>
    (
      await t.http
        .post(`/api/v1/courses/${courseId}/documents`)
        .set(auth)
        .attach('file', pdf, { filename: name, contentType: 'application/pdf' })
        .expect(201)
    ).body.id as string;
  const uploadScorm = async (courseId: string) =>
    (
      await t.http
        .post(`/api/v1/courses/${courseId}/scorm-packages`)
        .set(auth)
        .attach('file', scormPackageZip({ title: 'Bài giảng' }), {
          filename: 'bai-giang.zip',
          contentType: 'application/zip',
        })
        .expect(201)
    ).body.id as string;
  const addLesson = async (sectionId: string, body: Record<string, unknown>) =>
    (await t.http.post(`/api/v1/course-sections/${sectionId}/lessons`).set(auth).send(body).expect(201)).body
      .id as string;
  const myCourseIds = async (u: SeededUser) =>
    ((await t.http.get('/api/v1/courses/mine').set(bearer(u)).expect(200)).body as { id: string }[]).map((c) => c.id);

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedCourseWorld(t);
    organizer = world.organizer;
    auth = bearer(organizer);
  });
  afterAll(async () => t?.close());

  describe('a unit’s enrolment', () => {
    it('asks what happens to its learners: those who started always stay with their progress', async () => {
      const { courseId, lessons } = await publishedCourse(t, organizer, {
        title: 'Khóa bỏ ghi danh',
        lessons: [
          { title: 'Đọc 1', kind: 'text', bodyHtml: '<p>1</p>' },
          { title: 'Đọc 2', kind: 'text', bodyHtml: '<p>2</p>' },
        ],
      });
      const started = await world.learner(world.units['d1/w1']!, 'youth');
      const opened = await world.learner(world.units['d1/w1']!, 'youth');
      const never = await world.learner(world.units['d1/w1']!, 'youth');
      const rule = (
        await t.http
          .post(`/api/v1/courses/${courseId}/enrolments`)
          .set(auth)
          .send({ unitId: world.units['d1/w1'], populations: ['youth'] })
          .expect(201)
      ).body as { ruleId: string; enrolled: number };
      expect(rule.enrolled).toBe(3);
      await t.http.post(`/api/v1/lessons/${lessons[0]}/complete`).set(bearer(started)).expect(200);
      await t.http.get(`/api/v1/lessons/${lessons[0]}`).set(bearer(opened)).expect(200);
      // The learner's own cache of "enrolled" must not outlive the removal.
      await t.http.get(`/api/v1/lessons/${lessons[0]}`).set(bearer(never)).expect(200);
      await t.dataSource.query(
        'UPDATE course_enrolment SET last_lesson_id = NULL, last_activity_at = NULL WHERE course_id = $1 AND user_id = $2',
        [courseId, never.id],
      );

      const other = await createUser(t, {
        username: `tochuc2x${Date.now() % 1e6}`,
        roles: ['organizer'],
        unitId: world.units.d2!,
      });
      await t.http.delete(`/api/v1/course-enrolments/${rule.ruleId}`).set(bearer(other)).expect(403);
      await t.http.delete(`/api/v1/course-enrolments/${rule.ruleId}?learners=everyone`).set(auth).expect(400);

      const removed = await t.http
        .delete(`/api/v1/course-enrolments/${rule.ruleId}?learners=remove-not-started`)
        .set(auth)
        .expect(200);
      expect(removed.body).toEqual({ kept: 2, removed: 1 });
      expect(await count('SELECT count(*)::int AS n FROM course_enrolment_rule WHERE id = $1', [rule.ruleId])).toBe(0);
      // Who started keeps the enrolment (no longer tied to the rule) and every bit of progress.
      const kept: { user_id: string; rule_id: string | null }[] = await t.dataSource.query(
        'SELECT user_id, rule_id FROM course_enrolment WHERE course_id = $1 ORDER BY user_id',
        [courseId],
      );
      expect(kept.map((r) => r.user_id).sort()).toEqual([started.id, opened.id].sort());
      expect(kept.every((r) => r.rule_id === null)).toBe(true);
      expect(
        await count('SELECT count(*)::int AS n FROM course_lesson_progress WHERE course_id = $1 AND user_id = $2', [
          courseId,
          started.id,
        ]),
      ).toBe(1);
      expect(await myCourseIds(started)).toContain(courseId);
      await t.http.post(`/api/v1/lessons/${lessons[1]}/complete`).set(bearer(started)).expect(200);
      // Who never started is no longer enrolled, and a late joiner of the unit is not enrolled by a removed rule.
      expect(await myCourseIds(never)).not.toContain(courseId);
      await t.http.post(`/api/v1/lessons/${lessons[0]}/complete`).set(bearer(never)).expect(403);
      const late = await world.learner(world.units['d1/w1']!, 'youth');
      expect(await myCourseIds(late)).not.toContain(courseId);

      expect(await audit('course.enrolment-remove', courseId)).toEqual([
        {
          actor_id: organizer.id,
          details: expect.objectContaining({
            ruleId: rule.ruleId,
            learners: 'remove-not-started',
            kept: 2,
            removed: 1,
          }),
        },
      ]);
      await t.http.delete(`/api/v1/course-enrolments/${rule.ruleId}`).set(auth).expect(404);
    });

    it('keeps everyone enrolled by default, even those who never started', async () => {
      const { courseId } = await publishedCourse(t, organizer, { title: 'Khóa giữ ghi danh' });
      await world.learner(world.units['d1/w2']!, 'members');
      await world.learner(world.units['d1/w2']!, 'members');
      const rule = (
        await t.http
          .post(`/api/v1/courses/${courseId}/enrolments`)
          .set(auth)
          .send({ unitId: world.units['d1/w2'], populations: ['members'], dueAt: '2030-01-01T00:00:00+07:00' })
          .expect(201)
      ).body as { ruleId: string; enrolled: number };
      const res = await t.http.delete(`/api/v1/course-enrolments/${rule.ruleId}`).set(auth).expect(200);
      expect(res.body).toEqual({ kept: rule.enrolled, removed: 0 });
      expect(
        await count('SELECT count(*)::int AS n FROM course_enrolment WHERE course_id = $1 AND due_at IS NOT NULL', [
          courseId,
        ]),
      ).toBe(rule.enrolled);
      expect((await t.http.get(`/api/v1/courses/${courseId}/enrolments`).set(auth).expect(200)).body).toEqual([]);
    });
  });

  describe('documents and SCORM packages', () => {
    it('refuses to delete a file a lesson uses, naming the lessons; deletes it once unused', async () => {
      const { courseId, sectionId } = await publishedCourse(t, organizer, { title: 'Khóa tệp' });
      const docId = await uploadPdf(courseId);
      const pkgId = await uploadScorm(courseId);
      const docLesson = await addLesson(sectionId, { title: 'Đọc tài liệu', kind: 'document', documentId: docId });
      await addLesson(sectionId, { title: 'Xem lại tài liệu', kind: 'document', documentId: docId });
      await addLesson(sectionId, { title: 'Học SCORM', kind: 'scorm', scormPackageId: pkgId });

      const files = (await t.http.get(`/api/v1/courses/${courseId}/files`).set(auth).expect(200)).body;
      expect(files.documents).toEqual([
        expect.objectContaining({
          id: docId,
          fileName: 'Tài liệu.pdf',
          lessons: [
            expect.objectContaining({ title: 'Đọc tài liệu' }),
            expect.objectContaining({ title: 'Xem lại tài liệu' }),
          ],
        }),
      ]);
      expect(files.scormPackages).toEqual([
        expect.objectContaining({
          id: pkgId,
          title: 'Bài giảng',
          lessons: [expect.objectContaining({ title: 'Học SCORM' })],
        }),
      ]);

      const inUse = await t.http.delete(`/api/v1/course-documents/${docId}`).set(auth).expect(409);
      expect(inUse.body).toMatchObject({
        code: 'DOCUMENT_IN_USE',
        message: expect.stringContaining('"Đọc tài liệu", "Xem lại tài liệu"'),
        details: { lessons: [{ title: 'Đọc tài liệu' }, { title: 'Xem lại tài liệu' }] },
      });
      const pkgInUse = await t.http.delete(`/api/v1/scorm-packages/${pkgId}`).set(auth).expect(409);
      expect(pkgInUse.body).toMatchObject({
        code: 'SCORM_PACKAGE_IN_USE',
        message: expect.stringContaining('Học SCORM'),
      });
      expect(
        await count('SELECT count(*)::int AS n FROM scorm_package_file WHERE package_id = $1', [pkgId]),
      ).toBeGreaterThan(0);

      // An unused one goes, with an audit record; an outsider cannot even see it.
      const spare = await uploadPdf(courseId, 'Dự phòng.pdf');
      const other = await createUser(t, {
        username: `tochuc3x${Date.now() % 1e6}`,
        roles: ['organizer'],
        unitId: world.units.d2!,
      });
      await t.http.delete(`/api/v1/course-documents/${spare}`).set(bearer(other)).expect(403);
      await t.http.delete(`/api/v1/course-documents/${spare}`).set(auth).expect(204);
      await t.http.delete(`/api/v1/course-documents/${spare}`).set(auth).expect(404);
      expect(await audit('course.document-delete', courseId)).toEqual([
        { actor_id: organizer.id, details: { fileId: spare } },
      ]);

      // A lesson can no longer be saved with a deleted document; the foreign key guards it too.
      await t.http
        .post(`/api/v1/course-sections/${sectionId}/lessons`)
        .set(auth)
        .send({ title: 'Mất tệp', kind: 'document', documentId: spare })
        .expect(404);
      await expect(
        t.dataSource.query('UPDATE course_lesson SET document_id = $2 WHERE id = $1', [docLesson, spare]),
      ).rejects.toThrow(/foreign key/);
    });

    it('removes a file with the last lesson that used it, keeping one another lesson still shows', async () => {
      const { courseId, sectionId } = await publishedCourse(t, organizer, { title: 'Khóa xóa bài' });
      const docId = await uploadPdf(courseId);
      const pkgId = await uploadScorm(courseId);
      const first = await addLesson(sectionId, { title: 'Tài liệu A', kind: 'document', documentId: docId });
      const second = await addLesson(sectionId, { title: 'Tài liệu B', kind: 'document', documentId: docId });
      const scorm = await addLesson(sectionId, { title: 'SCORM', kind: 'scorm', scormPackageId: pkgId });
      const learner = await world.learner(world.units['d1/w1']!, 'youth');
      await t.http
        .post(`/api/v1/courses/${courseId}/enrolments`)
        .set(auth)
        .send({ unitId: world.units['d1/w1'], populations: ['youth'] })
        .expect(201);
      await t.http.post(`/api/v1/lessons/${first}/complete`).set(bearer(learner)).expect(200);

      await t.http.delete(`/api/v1/course-lessons/${first}`).set(auth).expect(204);
      expect(await count('SELECT count(*)::int AS n FROM course_document WHERE id = $1', [docId])).toBe(1);
      // The learner's record of the lesson is not deleted with it.
      expect(await count('SELECT count(*)::int AS n FROM course_lesson_progress WHERE lesson_id = $1', [first])).toBe(
        1,
      );
      await t.http.delete(`/api/v1/course-lessons/${second}`).set(auth).expect(204);
      expect(await count('SELECT count(*)::int AS n FROM course_document WHERE id = $1', [docId])).toBe(0);
      await t.http.delete(`/api/v1/course-lessons/${scorm}`).set(auth).expect(204);
      expect(await count('SELECT count(*)::int AS n FROM scorm_package WHERE id = $1', [pkgId])).toBe(0);
      expect(await count('SELECT count(*)::int AS n FROM scorm_package_file WHERE package_id = $1', [pkgId])).toBe(0);
      const deletes = await audit('course.lesson-delete', courseId);
      expect(deletes.map((d) => d.details)).toEqual([
        { lessonId: first, lessons: 1, documentIds: [], packageIds: [] },
        { lessonId: second, lessons: 1, documentIds: [docId], packageIds: [] },
        { lessonId: scorm, lessons: 1, documentIds: [], packageIds: [pkgId] },
      ]);
    });

    it('removes a section with its lessons and the files only they used', async () => {
      const { courseId } = await publishedCourse(t, organizer, { title: 'Khóa xóa phần' });
      const sectionId = (
        await t.http.post(`/api/v1/courses/${courseId}/sections`).set(auth).send({ title: 'Phần 2' }).expect(201)
      ).body.id as string;
      const docId = await uploadPdf(courseId);
      await addLesson(sectionId, { title: 'Tài liệu', kind: 'document', documentId: docId });
      await t.http.delete(`/api/v1/course-sections/${sectionId}`).set(auth).expect(204);
      expect(await count('SELECT count(*)::int AS n FROM course_section WHERE id = $1', [sectionId])).toBe(0);
      expect(await count('SELECT count(*)::int AS n FROM course_document WHERE id = $1', [docId])).toBe(0);
      expect((await audit('course.section-delete', courseId))[0]!.details).toMatchObject({
        sectionId,
        lessons: 1,
        documentIds: [docId],
      });
    });
  });

  describe('a course', () => {
    it('deletes a course nobody started, with its outline, files and enrolments', async () => {
      const { courseId, sectionId } = await publishedCourse(t, organizer, { title: 'Khóa xóa được' });
      const docId = await uploadPdf(courseId);
      await addLesson(sectionId, { title: 'Tài liệu', kind: 'document', documentId: docId });
      await world.learner(world.units['d1/w1']!, 'teens');
      await t.http
        .post(`/api/v1/courses/${courseId}/enrolments`)
        .set(auth)
        .send({ unitId: world.units['d1/w1'], populations: ['teens'] })
        .expect(201);
      await t.http.delete(`/api/v1/courses/${courseId}`).set(auth).expect(204);
      await t.http.get(`/api/v1/courses/${courseId}`).set(auth).expect(404);
      for (const table of [
        'course_lesson',
        'course_section',
        'course_document',
        'course_enrolment',
        'course_enrolment_rule',
      ])
        expect(await count(`SELECT count(*)::int AS n FROM ${table} WHERE course_id = $1`, [courseId])).toBe(0);
      expect(await audit('course.delete', courseId)).toEqual([
        { actor_id: organizer.id, details: { title: 'Khóa xóa được', status: 'published' } },
      ]);
    });

    it('keeps a course with completions (certificates exist) and one with progress: archive instead', async () => {
      const { courseId, lessons } = await publishedCourse(t, organizer, {
        title: 'Khóa đã hoàn thành',
        lessons: [
          { title: 'Đọc 1', kind: 'text', bodyHtml: '<p>1</p>' },
          { title: 'Đọc 2', kind: 'text', bodyHtml: '<p>2</p>' },
        ],
      });
      const learner = await world.learner(world.units['d1/w2']!, 'cadres');
      await t.http
        .post(`/api/v1/courses/${courseId}/enrolments`)
        .set(auth)
        .send({ unitId: world.units['d1/w2'], populations: ['cadres'] })
        .expect(201);
      await t.http.post(`/api/v1/lessons/${lessons[0]}/complete`).set(bearer(learner)).expect(200);
      const progress = await t.http.delete(`/api/v1/courses/${courseId}`).set(auth).expect(409);
      expect(progress.body).toMatchObject({ code: 'COURSE_HAS_PROGRESS', details: { learners: 1 } });
      await t.http.post(`/api/v1/lessons/${lessons[1]}/complete`).set(bearer(learner)).expect(200);
      const completed = await t.http.delete(`/api/v1/courses/${courseId}`).set(auth).expect(409);
      expect(completed.body).toMatchObject({
        code: 'COURSE_HAS_COMPLETIONS',
        message: expect.stringContaining('lưu trữ'),
        details: { completions: 1 },
      });
      expect(
        await count(
          'SELECT count(*)::int AS n FROM course_enrolment WHERE course_id = $1 AND completed_at IS NOT NULL',
          [courseId],
        ),
      ).toBe(1);
      await t.http.post(`/api/v1/courses/${courseId}/archive`).set(auth).expect(200);
      expect(await audit('course.delete', courseId)).toEqual([]);
    });
  });

  describe('the quiz blueprint on the server', () => {
    it('answers slot by slot with published questions only, a question taken by one slot not counted twice', async () => {
      const { courseId } = await publishedCourse(t, organizer, { title: 'Khóa kiểm tra đề' });
      const check = (blueprint: { category: string; count: number }[]) =>
        t.http
          .post(`/api/v1/courses/${courseId}/quiz-check`)
          .set(auth)
          .send({ bankId: world.bankId, blueprint, passPercent: 60, durationSeconds: 600, maxAttempts: 1 })
          .expect(200);
      expect((await check([{ category: 'Thử nghiệm', count: 12 }])).body).toEqual({
        fillable: true,
        slots: [{ entry: 0, category: 'Thử nghiệm', difficulty: null, wanted: 12, published: 12, available: 12 }],
      });
      // Two slots on one category of 12: the second gets what the first leaves.
      const split = (
        await check([
          { category: 'Thử nghiệm', count: 8 },
          { category: 'Thử nghiệm', count: 5 },
        ])
      ).body;
      expect(split).toEqual({
        fillable: false,
        slots: [
          expect.objectContaining({ entry: 0, wanted: 8, published: 12, available: 12 }),
          expect.objectContaining({ entry: 1, wanted: 5, published: 12, available: 4 }),
        ],
      });
      // Publishing says the same, naming every slot.
      const draft = (await t.http.post('/api/v1/courses').set(auth).send({ title: 'Khóa nháp đề' }).expect(201)).body
        .id as string;
      const sectionId = (
        await t.http.post(`/api/v1/courses/${draft}/sections`).set(auth).send({ title: 'Phần' }).expect(201)
      ).body.id as string;
      await addLesson(sectionId, {
        title: 'Kiểm tra cuối',
        kind: 'quiz',
        quiz: {
          bankId: world.bankId,
          blueprint: [
            { category: 'Thử nghiệm', count: 8 },
            { category: 'Thử nghiệm', count: 5 },
          ],
          passPercent: 60,
          durationSeconds: 600,
          maxAttempts: 1,
        },
      });
      const refused = await t.http.post(`/api/v1/courses/${draft}/publish`).set(auth).expect(422);
      expect(refused.body).toMatchObject({
        code: 'BLUEPRINT_UNSATISFIABLE',
        details: { lessonTitle: 'Kiểm tra cuối', entry: 1, wanted: 5, available: 4, slots: split.slots },
      });
      // Another unit's organizer can neither probe nor use a bank outside their subtree, even in their own course.
      const other = await createUser(t, {
        username: `tochuc4x${Date.now() % 1e6}`,
        roles: ['organizer'],
        unitId: world.units.d2!,
      });
      const quiz = {
        bankId: world.bankId,
        blueprint: [{ category: 'Thử nghiệm', count: 1 }],
        passPercent: 60,
        durationSeconds: 600,
        maxAttempts: 1,
      };
      await t.http.post(`/api/v1/courses/${courseId}/quiz-check`).set(bearer(other)).send(quiz).expect(403);
      const own = (await t.http.post('/api/v1/courses').set(bearer(other)).send({ title: 'Khóa quận Hai' }).expect(201))
        .body.id as string;
      const ownSection = (
        await t.http.post(`/api/v1/courses/${own}/sections`).set(bearer(other)).send({ title: 'Phần' }).expect(201)
      ).body.id as string;
      const probe = await t.http.post(`/api/v1/courses/${own}/quiz-check`).set(bearer(other)).send(quiz).expect(403);
      expect(probe.body.code).toBe('OUT_OF_SCOPE');
      await t.http
        .post(`/api/v1/course-sections/${ownSection}/lessons`)
        .set(bearer(other))
        .send({ title: 'Kiểm tra', kind: 'quiz', quiz })
        .expect(403);
    });
  });

  describe('a document lesson shown in the page', () => {
    it('gives an enrolled learner a same-origin link that serves ranges and may be framed by the portal only', async () => {
      const { courseId, sectionId } = await publishedCourse(t, organizer, { title: 'Khóa xem PDF' });
      const docId = await uploadPdf(courseId);
      const lessonId = await addLesson(sectionId, { title: 'Tài liệu', kind: 'document', documentId: docId });
      const learner = await world.learner(world.units['d1/w1']!, 'youth');
      const outsider = await world.learner(world.units['d2/w1']!, 'youth');
      await t.http
        .post(`/api/v1/courses/${courseId}/enrolments`)
        .set(auth)
        .send({ unitId: world.units['d1/w1'], populations: ['youth'] })
        .expect(201);
      await t.http.post(`/api/v1/lessons/${lessonId}/document-link`).set(bearer(outsider)).expect(403);
      const link = (await t.http.post(`/api/v1/lessons/${lessonId}/document-link`).set(bearer(learner)).expect(200))
        .body as { url: string; expiresAt: string };
      expect(link.url).toMatch(new RegExp(`^/api/v1/lesson-documents/${docId}/[A-Za-z0-9_-]{70}/`));
      expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now());
      // No bearer token: the frame cannot send one.
      const part = await t.http.get(link.url).set('Range', 'bytes=0-8').expect(206);
      expect(part.headers['content-range']).toBe(`bytes 0-8/${pdf.length}`);
      expect(part.headers['content-type']).toBe('application/pdf');
      expect(part.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(part.headers['content-security-policy']).toBe("frame-ancestors 'self'");
      expect(part.headers['referrer-policy']).toBe('no-referrer');
      const whole = await t.http.get(link.url).expect(200);
      expect(Number(whole.headers['content-length'])).toBe(pdf.length);
      // A token altered, or used for another document, opens nothing.
      const parts = link.url.split('/');
      const token = parts[5]!;
      const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      await t.http.get(`/api/v1/lesson-documents/${docId}/${forged}/x.pdf`).expect(403);
      const otherDoc = await uploadPdf(courseId, 'Khác.pdf');
      await t.http.get(`/api/v1/lesson-documents/${otherDoc}/${token}/x.pdf`).expect(403);
      // A lesson that no longer shows the document no longer serves it.
      await t.http.patch(`/api/v1/course-lessons/${lessonId}`).set(auth).send({ documentId: otherDoc }).expect(204);
      await t.http.get(link.url).expect(404);
    });
  });
});
