import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { CourseCompletedEvent } from '../../../libs/contracts/src/index.js';
import { zipOf } from '../../support/zip-builder.js';
import { scormPackageZip, zipBomb } from '../../support/scorm-package.js';
import { startTestApp, type SeededUser, type TestApp } from '../../support/test-app.js';
import { bearer, publishedCourse, seedCourseWorld, TEST_QUEUE } from './course-fixture.js';

const GB2 = 2 * 1024 * 1024 * 1024;

describe('courses', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedCourseWorld>>;
  let organizer: SeededUser;
  let auth: { Authorization: string };

  const count = async (sql: string, params: unknown[] = []) =>
    ((await t.dataSource.query(sql, params)) as { n: number }[])[0]!.n;
  const enrol = (courseId: string, unitId: string, populations: string[], dueAt?: string) =>
    t.http
      .post(`/api/v1/courses/${courseId}/enrolments`)
      .set(auth)
      .send({ unitId, populations, ...(dueAt ? { dueAt } : {}) });
  const waitFor = async (check: () => boolean | Promise<boolean>, ms = 15_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedCourseWorld(t);
    organizer = world.organizer;
    auth = bearer(organizer);
  });
  afterAll(async () => t?.close());

  describe('building and publishing', () => {
    it('refuses to publish a course with no lessons, and it stays a draft', async () => {
      const courseId = (await t.http.post('/api/v1/courses').set(auth).send({ title: 'Khóa rỗng' }).expect(201)).body
        .id as string;
      await t.http.post(`/api/v1/courses/${courseId}/sections`).set(auth).send({ title: 'Phần trống' }).expect(201);
      const refused = await t.http.post(`/api/v1/courses/${courseId}/publish`).set(auth).expect(422);
      expect(refused.body).toMatchObject({ code: 'COURSE_EMPTY', message: expect.stringContaining('chưa có bài học') });
      expect((await t.http.get(`/api/v1/courses/${courseId}`).set(auth).expect(200)).body.status).toBe('draft');
    });

    it('refuses to publish a quiz whose bank has too few published questions (drafts do not count)', async () => {
      const draftBank = (
        await t.http
          .post('/api/v1/question-banks')
          .set(bearer(world.admin))
          .send({ name: 'Ngân hàng nháp' })
          .expect(201)
      ).body.id as string;
      await t.http
        .post(`/api/v1/question-banks/${draftBank}/imports`)
        .set(bearer(world.admin))
        .attach('file', Buffer.from('$CATEGORY: Nháp\n\n::C1::Câu nháp? {=Đúng ~Sai}\n', 'utf8'), 'nhap.gift')
        .expect(201);
      const courseId = (await t.http.post('/api/v1/courses').set(auth).send({ title: 'Khóa có kiểm tra' }).expect(201))
        .body.id as string;
      const sectionId = (
        await t.http.post(`/api/v1/courses/${courseId}/sections`).set(auth).send({ title: 'Kiểm tra' }).expect(201)
      ).body.id as string;
      const quiz = (bankId: string, category: string, count: number) => ({
        title: 'Bài kiểm tra',
        kind: 'quiz',
        quiz: { bankId, blueprint: [{ category, count }], passPercent: 60, durationSeconds: 600, maxAttempts: 2 },
      });
      const tooMany = (
        await t.http
          .post(`/api/v1/course-sections/${sectionId}/lessons`)
          .set(auth)
          .send(quiz(world.bankId, 'Thử nghiệm', 13))
          .expect(201)
      ).body.id as string;
      let refused = await t.http.post(`/api/v1/courses/${courseId}/publish`).set(auth).expect(422);
      expect(refused.body).toMatchObject({ code: 'BLUEPRINT_UNSATISFIABLE', details: { available: 12, wanted: 13 } });
      await t.http.delete(`/api/v1/course-lessons/${tooMany}`).set(auth).expect(204);
      await t.http
        .post(`/api/v1/course-sections/${sectionId}/lessons`)
        .set(auth)
        .send(quiz(draftBank, 'Nháp', 1))
        .expect(201);
      refused = await t.http.post(`/api/v1/courses/${courseId}/publish`).set(auth).expect(422);
      expect(refused.body).toMatchObject({ code: 'BLUEPRINT_UNSATISFIABLE', details: { available: 0 } });
      expect((await t.http.get(`/api/v1/courses/${courseId}`).set(auth).expect(200)).body.status).toBe('draft');
    });

    it('sanitizes rich text, keeps video links only as embed URLs, and checks each kind’s field', async () => {
      const { courseId, sectionId } = await publishedCourse(t, organizer);
      const text = await t.http
        .post(`/api/v1/course-sections/${sectionId}/lessons`)
        .set(auth)
        .send({
          title: 'Văn bản',
          kind: 'text',
          bodyHtml: '<p onclick="x()">An <b>toàn</b><script>alert(1)</script><a href="javascript:alert(1)">bấm</a></p>',
        })
        .expect(201);
      const video = await t.http
        .post(`/api/v1/course-sections/${sectionId}/lessons`)
        .set(auth)
        .send({ title: 'Video', kind: 'video', videoUrl: 'https://youtu.be/aO858HyFbKI?t=30' })
        .expect(201);
      const detail = (await t.http.get(`/api/v1/courses/${courseId}`).set(auth).expect(200)).body;
      const lessons = detail.sections[0].lessons as { id: string; bodyHtml: string; videoUrl: string }[];
      expect(lessons.find((l) => l.id === text.body.id)!.bodyHtml).toBe('<p>An <b>toàn</b><a>bấm</a></p>');
      expect(lessons.find((l) => l.id === video.body.id)!.videoUrl).toBe(
        'https://www.youtube-nocookie.com/embed/aO858HyFbKI?start=30',
      );
      for (const videoUrl of ['javascript:alert(1)', 'https://evil.example/video', 'http://youtube.com/watch?v=short'])
        expect(
          (
            await t.http
              .post(`/api/v1/course-sections/${sectionId}/lessons`)
              .set(auth)
              .send({ title: 'Video xấu', kind: 'video', videoUrl })
              .expect(400)
          ).body.details,
        ).toEqual([expect.objectContaining({ field: 'videoUrl' })]);
      await t.http
        .post(`/api/v1/course-sections/${sectionId}/lessons`)
        .set(auth)
        .send({ title: 'Lẫn lộn', kind: 'text', videoUrl: 'https://youtu.be/aO858HyFbKI' })
        .expect(400);
    });
  });

  describe('SCORM packages', () => {
    let courseId: string;
    const upload = (zip: Buffer, name = 'goi.zip') =>
      t.http.post(`/api/v1/courses/${courseId}/scorm-packages`).set(auth).attach('file', zip, name);
    const packages = () => count('SELECT count(*)::int AS n FROM scorm_package');
    const files = () => count('SELECT count(*)::int AS n FROM scorm_package_file');

    beforeAll(async () => {
      courseId = (await publishedCourse(t, organizer, { title: 'Khóa SCORM' })).courseId;
    });

    it('refuses a zip without a manifest, a ../ entry, absolute and backslash paths, and stores nothing', async () => {
      const before = [await packages(), await files()];
      const cases: [Buffer, string][] = [
        [scormPackageZip({ withoutManifest: true }), 'no-manifest'],
        [scormPackageZip({ extra: [{ name: '../../etc/cron.d/x', data: Buffer.from('x') }] }), 'unsafe-path'],
        [scormPackageZip({ extra: [{ name: 'content/../../ra-ngoai.html', data: Buffer.from('x') }] }), 'unsafe-path'],
        [scormPackageZip({ extra: [{ name: '/etc/passwd', data: Buffer.from('x') }] }), 'unsafe-path'],
        [scormPackageZip({ extra: [{ name: 'content\\..\\..\\x.js', data: Buffer.from('x') }] }), 'unsafe-path'],
        [Buffer.from('không phải zip'), 'not-zip'],
        [zipOf([{ name: 'imsmanifest.xml', data: Buffer.from('<manifest><resources/></manifest>') }]), 'no-sco'],
      ];
      for (const [zip, reason] of cases) {
        const refused = await upload(zip).expect(422);
        expect(refused.body).toMatchObject({ code: 'SCORM_PACKAGE_INVALID', details: { reason } });
      }
      expect([await packages(), await files()]).toEqual(before);
    });

    it('refuses a 2 GB expansion, whether its headers say so or lie, before inflating it all', async () => {
      const honest = zipBomb(GB2);
      const lying = zipBomb(GB2, 1024 * 1024);
      expect(honest.length).toBeLessThan(10 * 1024 * 1024);
      for (const zip of [honest, lying]) {
        const refused = await upload(zip).expect(422);
        expect(refused.body).toMatchObject({ code: 'SCORM_PACKAGE_INVALID', details: { reason: 'too-large' } });
      }
      expect(await packages()).toBe(0);
    });

    it('stores a real package, serves it sandboxed with the API shim, and only with a valid launch token', async () => {
      const stored = await upload(scormPackageZip()).expect(201);
      expect(stored.body).toMatchObject({ launchHref: 'content/index.html', fileCount: 3 });
      const other = await upload(scormPackageZip({ title: 'Gói khác' })).expect(201);
      const detail = await t.http.get(`/api/v1/courses/${courseId}`).set(auth).expect(200);
      const sectionId = detail.body.sections[0].id as string;
      const lessonId = (
        await t.http
          .post(`/api/v1/course-sections/${sectionId}/lessons`)
          .set(auth)
          .send({ title: 'Bài giảng', kind: 'scorm', scormPackageId: stored.body.id })
          .expect(201)
      ).body.id as string;
      const learner = await world.learner(world.units['d1/w1']!);
      await enrol(courseId, world.units.d1!, ['youth']).expect(201);
      const launch = await t.http.post(`/api/v1/lessons/${lessonId}/scorm-launch`).set(bearer(learner)).expect(200);
      expect(launch.body.cmi).toMatchObject({ lessonStatus: 'not attempted', suspendData: '' });
      const page = await t.http.get(launch.body.launchUrl as string).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = page.headers['content-security-policy'] as string;
      expect(csp).toContain('sandbox allow-scripts allow-forms');
      expect(csp).not.toContain('allow-same-origin');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(csp).toContain("frame-ancestors 'self'");
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(page.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(page.text).toMatch(/<head><script src="\/api\/v1\/scorm\/[^"]+\/__haidang_scorm_api\.js"><\/script>/);
      const base = (launch.body.launchUrl as string).replace(/content\/index\.html$/, '');
      const script = await t.http.get(`${base}content/lesson.js`).expect(200);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      const shim = await t.http.get(`${base}__haidang_scorm_api.js`).expect(200);
      expect(shim.text).toContain('window.API');
      expect(shim.text).toContain('"cmi.core.entry":"ab-initio"');
      // The token opens this package only; a changed or foreign token, or a path out of the package, opens nothing.
      const token = base.split('/')[5]!;
      await t.http.get(`/api/v1/scorm/${other.body.id}/${token}/content/index.html`).expect(403);
      await t.http
        .get(`${base.replace(token, token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'))}content/index.html`)
        .expect(403);
      await t.http.get(`${base}content/..%2f..%2fimsmanifest.xml`).expect(404);
      await t.http.get(`${base}nope.html`).expect(404);

      // Progress: saved, resumed, and completed by "passed".
      await t.http
        .put(`/api/v1/lessons/${lessonId}/scorm-progress`)
        .set(bearer(learner))
        .send({
          lessonStatus: 'incomplete',
          lessonLocation: 'trang-2',
          suspendData: 'trang=2',
          sessionTime: '0000:01:00',
        })
        .expect(200);
      const resumed = await t.http.post(`/api/v1/lessons/${lessonId}/scorm-launch`).set(bearer(learner)).expect(200);
      expect(resumed.body.cmi).toMatchObject({
        lessonStatus: 'incomplete',
        lessonLocation: 'trang-2',
        suspendData: 'trang=2',
      });
      const shim2 = await t.http.get(
        `${(resumed.body.launchUrl as string).replace(/content\/index\.html$/, '')}__haidang_scorm_api.js`,
      );
      expect(shim2.text).toContain('"cmi.core.entry":"resume"');
      const passed = await t.http
        .put(`/api/v1/lessons/${lessonId}/scorm-progress`)
        .set(bearer(learner))
        .send({ lessonStatus: 'passed', scoreRaw: 90, scoreMin: 0, scoreMax: 100, sessionTime: '0000:02:30.5' })
        .expect(200);
      expect(passed.body).toMatchObject({ lessonCompleted: true });
      // A later "incomplete" (a package reopened) does not undo the pass.
      await t.http
        .put(`/api/v1/lessons/${lessonId}/scorm-progress`)
        .set(bearer(learner))
        .send({ lessonStatus: 'incomplete' })
        .expect(200);
      const [row] = await t.dataSource.query(
        'SELECT lesson_status, score_raw, total_seconds, suspend_data FROM scorm_progress WHERE lesson_id = $1',
        [lessonId],
      );
      expect(row).toMatchObject({
        lesson_status: 'passed',
        score_raw: 90,
        total_seconds: 210.5,
        suspend_data: 'trang=2',
      });
      await t.http
        .put(`/api/v1/lessons/${lessonId}/scorm-progress`)
        .set(bearer(learner))
        .send({ lessonStatus: 'done-ish' })
        .expect(400);
    });

    it('saves SCORM progress only for enrolled learners (a late joiner of the unit too); a pass sent four times at once completes once', async () => {
      const own = await publishedCourse(t, organizer, { title: 'Khóa SCORM ghi danh' });
      const pkg = (
        await t.http
          .post(`/api/v1/courses/${own.courseId}/scorm-packages`)
          .set(auth)
          .attach('file', scormPackageZip(), 'goi.zip')
          .expect(201)
      ).body.id as string;
      const lessonId = (
        await t.http
          .post(`/api/v1/course-sections/${own.sectionId}/lessons`)
          .set(auth)
          .send({ title: 'Bài giảng', kind: 'scorm', scormPackageId: pkg })
          .expect(201)
      ).body.id as string;
      const save = (u: SeededUser, body: Record<string, unknown>) =>
        t.http.put(`/api/v1/lessons/${lessonId}/scorm-progress`).set(bearer(u)).send(body);
      const saved = (u: SeededUser) =>
        count('SELECT count(*)::int AS n FROM scorm_progress WHERE lesson_id = $1 AND user_id = $2', [lessonId, u.id]);
      await enrol(own.courseId, world.units.d1!, ['youth']).expect(201);
      // Another district's youth is not enrolled: refused, and nothing is written.
      const outsider = await world.learner(world.units['d2/w1']!, 'youth');
      const refused = await save(outsider, { lessonStatus: 'incomplete', suspendData: 'x' }).expect(403);
      expect(refused.body).toMatchObject({ code: 'NOT_ENROLLED' });
      expect(await saved(outsider)).toBe(0);
      // Someone who joined an enrolled unit afterwards is enrolled by their first save, which is written.
      const late = await world.learner(world.units['d1/w2']!, 'youth');
      await save(late, { lessonStatus: 'incomplete', suspendData: 'trang=1', sessionTime: '0000:00:30' }).expect(200);
      expect(await saved(late)).toBe(1);
      const text = await t.http.post(`/api/v1/lessons/${own.lessons[0]}/complete`).set(bearer(late)).expect(200);
      expect(text.body).toMatchObject({ lessonCompleted: true, courseCompleted: false });
      const passed = await Promise.all(
        [1, 2, 3, 4].map(() => save(late, { lessonStatus: 'passed', scoreRaw: 80, sessionTime: '0000:00:10' })),
      );
      expect(passed.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(passed.every((r) => r.body.lessonCompleted === true && r.body.courseCompleted === true)).toBe(true);
      expect(
        await count('SELECT count(*)::int AS n FROM course_lesson_progress WHERE lesson_id = $1 AND user_id = $2', [
          lessonId,
          late.id,
        ]),
      ).toBe(1);
      expect(
        await count("SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'courseId' = $2", [
          TEST_QUEUE,
          own.courseId,
        ]),
      ).toBe(1);
      // Each save's session time counted once; a later "incomplete" does not undo the pass.
      await save(late, { lessonStatus: 'incomplete' }).expect(200);
      const [row] = await t.dataSource.query(
        'SELECT lesson_status, total_seconds FROM scorm_progress WHERE lesson_id = $1 AND user_id = $2',
        [lessonId, late.id],
      );
      expect(row).toMatchObject({ lesson_status: 'passed', total_seconds: 70 });
    });
  });

  describe('enrolment', () => {
    it('refuses to enrol a unit outside the organizer’s subtree, and writes nothing', async () => {
      const { courseId } = await publishedCourse(t, organizer);
      const refused = await enrol(courseId, world.units['d2/w1']!, ['youth']).expect(403);
      expect(refused.body).toMatchObject({ code: 'OUT_OF_SCOPE' });
      expect(await count('SELECT count(*)::int AS n FROM course_enrolment_rule WHERE course_id = $1', [courseId])).toBe(
        0,
      );
      expect(await count('SELECT count(*)::int AS n FROM course_enrolment WHERE course_id = $1', [courseId])).toBe(0);
    });

    it('enrols the subtree’s people of the chosen populations once, and people who join later too', async () => {
      const youngInW1 = await world.learner(world.units['d1/w1']!, 'youth');
      const cadreInW1 = await world.learner(world.units['d1/w1']!, 'cadres');
      const youngInD2 = await world.learner(world.units['d2/w1']!, 'youth');
      const { courseId } = await publishedCourse(t, organizer);
      const made = await enrol(courseId, world.units.d1!, ['youth', 'members'], '2030-01-01T00:00:00+07:00').expect(
        201,
      );
      expect(made.body.enrolled).toBeGreaterThanOrEqual(1);
      // Enrolling again (a changed due date) enrols nobody twice.
      expect((await enrol(courseId, world.units.d1!, ['youth', 'members']).expect(201)).body.enrolled).toBe(0);
      const mine = async (u: SeededUser) =>
        ((await t.http.get('/api/v1/courses/mine').set(bearer(u)).expect(200)).body as { id: string }[]).map(
          (c) => c.id,
        );
      expect(await mine(youngInW1)).toContain(courseId);
      expect(await mine(cadreInW1)).not.toContain(courseId);
      expect(await mine(youngInD2)).not.toContain(courseId);
      const lateJoiner = await world.learner(world.units['d1/w2']!, 'members');
      expect(await mine(lateJoiner)).toContain(courseId);
      expect(await mine(lateJoiner)).toContain(courseId);
      expect(
        await count('SELECT count(*)::int AS n FROM course_enrolment WHERE course_id = $1 AND user_id = $2', [
          courseId,
          lateJoiner.id,
        ]),
      ).toBe(1);
      // A late joiner who never signed in is counted in the progress too.
      const silent = await world.learner(world.units['d1/w2']!, 'youth');
      const progress = await t.http.get(`/api/v1/courses/${courseId}/progress`).set(auth).expect(200);
      const enrolled = await count('SELECT count(*)::int AS n FROM course_enrolment WHERE course_id = $1', [courseId]);
      expect(progress.body.total.enrolled).toBe(enrolled);
      expect(
        await count('SELECT count(*)::int AS n FROM course_enrolment WHERE course_id = $1 AND user_id = $2', [
          courseId,
          silent.id,
        ]),
      ).toBe(1);
      expect(progress.body.units.map((u: { label: string }) => u.label)).toEqual(['Phường Một Hai', 'Phường Một Một']);
    });

    it('takes self-enrolment for open courses only, once', async () => {
      const open = await publishedCourse(t, organizer, { selfEnrolment: true, title: 'Khóa mở' });
      const closed = await publishedCourse(t, organizer, { title: 'Khóa đóng' });
      const someone = await world.learner(world.units['d2/w1']!, 'youth');
      const listed = (await t.http.get('/api/v1/courses/open').set(bearer(someone)).expect(200)).body as {
        id: string;
      }[];
      expect(listed.map((c) => c.id)).toContain(open.courseId);
      expect(listed.map((c) => c.id)).not.toContain(closed.courseId);
      const first = await t.http
        .post(`/api/v1/courses/${open.courseId}/self-enrolment`)
        .set(bearer(someone))
        .expect(200);
      const again = await t.http
        .post(`/api/v1/courses/${open.courseId}/self-enrolment`)
        .set(bearer(someone))
        .expect(200);
      expect([first.body.created, again.body.created]).toEqual([true, false]);
      const refused = await t.http
        .post(`/api/v1/courses/${closed.courseId}/self-enrolment`)
        .set(bearer(someone))
        .expect(403);
      expect(refused.body.code).toBe('COURSE_NOT_OPEN');
    });
  });

  describe('learning and completion', () => {
    it('refuses to complete a lesson of a course one is not enrolled in, and records nothing', async () => {
      const { lessons } = await publishedCourse(t, organizer);
      const outsider = await world.learner(world.units['d2/w1']!, 'youth');
      const refused = await t.http.post(`/api/v1/lessons/${lessons[0]}/complete`).set(bearer(outsider)).expect(403);
      expect(refused.body).toMatchObject({ code: 'NOT_ENROLLED', message: 'Bạn chưa được ghi danh vào khóa học này.' });
      await t.http.get(`/api/v1/lessons/${lessons[0]}`).set(bearer(outsider)).expect(403);
      expect(
        await count('SELECT count(*)::int AS n FROM course_lesson_progress WHERE user_id = $1', [outsider.id]),
      ).toBe(0);
    });

    it('completes a lesson submitted several times at once once, and the course once, with one course.completed job', async () => {
      const { courseId, lessons } = await publishedCourse(t, organizer, {
        title: 'Khóa hoàn thành',
        lessons: [
          { title: 'Đọc 1', kind: 'text', bodyHtml: '<p>1</p>' },
          { title: 'Đọc thêm', kind: 'text', bodyHtml: '<p>2</p>', required: false },
          { title: 'Đọc 2', kind: 'text', bodyHtml: '<p>3</p>' },
        ],
      });
      const learner = await world.learner(world.units['d1/w1']!, 'youth');
      await enrol(courseId, world.units['d1/w1']!, ['youth']).expect(201);
      const outline = (await t.http.get(`/api/v1/courses/${courseId}/outline`).set(bearer(learner)).expect(200)).body;
      expect(outline).toMatchObject({ requiredLessons: 2, completedRequiredLessons: 0, resumeLessonId: lessons[0] });
      await t.http.get(`/api/v1/lessons/${lessons[0]}`).set(bearer(learner)).expect(200);
      const twice = await Promise.all(
        [1, 2, 3, 4].map(() => t.http.post(`/api/v1/lessons/${lessons[0]}/complete`).set(bearer(learner))),
      );
      expect(twice.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(twice.every((r) => r.body.courseCompleted === false && r.body.progress === 0.5)).toBe(true);
      expect(
        await count('SELECT count(*)::int AS n FROM course_lesson_progress WHERE user_id = $1', [learner.id]),
      ).toBe(1);
      const resume = (await t.http.get('/api/v1/courses/mine').set(bearer(learner)).expect(200)).body.find(
        (c: { id: string }) => c.id === courseId,
      );
      expect(resume).toMatchObject({ resumeLessonId: lessons[1], progress: 0.5, completedAt: null });
      const last = await Promise.all(
        [1, 2, 3].map(() => t.http.post(`/api/v1/lessons/${lessons[2]}/complete`).set(bearer(learner))),
      );
      expect(last.every((r) => r.status === 200 && r.body.courseCompleted)).toBe(true);
      const jobs: { data: CourseCompletedEvent }[] = await t.dataSource.query(
        "SELECT data FROM pgboss.job WHERE name = $1 AND data->>'courseId' = $2",
        [TEST_QUEUE, courseId],
      );
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.data).toMatchObject({
        courseId,
        courseTitle: 'Khóa hoàn thành',
        userId: learner.id,
        unitId: world.units['d1/w1'],
        population: 'youth',
        planTargets: ['đ', 'e'],
        scorePercent: null,
      });
      const [enrolment] = await t.dataSource.query(
        'SELECT completion_id FROM course_enrolment WHERE course_id = $1 AND user_id = $2',
        [courseId, learner.id],
      );
      expect(jobs[0]!.data.completionId).toBe(enrolment.completion_id);
      await waitFor(() => world.events.some((e) => e.courseId === courseId));
      // Completing an optional lesson afterwards changes nothing about the completion.
      await t.http.post(`/api/v1/lessons/${lessons[1]}/complete`).set(bearer(learner)).expect(200);
      expect(
        await count("SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'courseId' = $2", [
          TEST_QUEUE,
          courseId,
        ]),
      ).toBe(1);
    });

    it('completes a quiz lesson only when passed at its pass mark, and the course with the quiz score', async () => {
      const { courseId, lessons } = await publishedCourse(t, organizer, {
        title: 'Khóa kiểm tra',
        lessons: [
          { title: 'Đọc', kind: 'text', bodyHtml: '<p>x</p>' },
          {
            title: 'Kiểm tra',
            kind: 'quiz',
            required: false,
            quiz: {
              bankId: world.bankId,
              blueprint: [{ category: 'Thử nghiệm', count: 4 }],
              passPercent: 75,
              durationSeconds: 600,
              maxAttempts: 2,
            },
          },
        ],
      });
      const learner = await world.learner(world.units['d1/w2']!, 'youth');
      await enrol(courseId, world.units.d1!, ['youth']).expect(201);
      await t.http.post(`/api/v1/lessons/${lessons[0]}/complete`).set(bearer(learner)).expect(200);
      await t.http.post(`/api/v1/lessons/${lessons[1]}/complete`).set(bearer(learner)).expect(409);
      const take = async (right: number) => {
        const started = await t.http
          .post(`/api/v1/lessons/${lessons[1]}/quiz-attempts`)
          .set(bearer(learner))
          .expect(201);
        const questions = started.body.questions as { id: string; options: { id: string; text: string }[] }[];
        expect(questions).toHaveLength(4);
        for (const [i, q] of questions.entries()) {
          const option = q.options.find((o) => o.text.startsWith(i < right ? 'Đúng' : 'Sai'))!;
          await t.http
            .put(`/api/v1/attempts/${started.body.attemptId}/answers/${q.id}`)
            .set(bearer(learner))
            .send({ optionIds: [option.id] })
            .expect(200);
        }
        return t.http
          .post(`/api/v1/lessons/${lessons[1]}/quiz-attempts/${started.body.attemptId}/submit`)
          .set(bearer(learner))
          .expect(200);
      };
      const failed = await take(2);
      expect(failed.body).toMatchObject({
        scorePercent: 50,
        passed: false,
        lessonCompleted: false,
        courseCompleted: false,
      });
      const passed = await take(3);
      expect(passed.body).toMatchObject({
        scorePercent: 75,
        passed: true,
        lessonCompleted: true,
        courseCompleted: true,
      });
      await t.http.post(`/api/v1/lessons/${lessons[1]}/quiz-attempts`).set(bearer(learner)).expect(409);
      const jobs: { data: CourseCompletedEvent }[] = await t.dataSource.query(
        "SELECT data FROM pgboss.job WHERE name = $1 AND data->>'courseId' = $2",
        [TEST_QUEUE, courseId],
      );
      expect(jobs.map((j) => j.data.scorePercent)).toEqual([75]);
      const lesson = (await t.http.get(`/api/v1/lessons/${lessons[1]}`).set(bearer(learner)).expect(200)).body;
      expect(lesson.quiz.attempts.map((a: { passed: boolean }) => a.passed)).toEqual([false, true]);
    });

    it('serves a document lesson’s PDF whole and by range, and refuses a file that is not a PDF', async () => {
      const { courseId, sectionId } = await publishedCourse(t, organizer, { title: 'Khóa tài liệu' });
      await t.http
        .post(`/api/v1/courses/${courseId}/documents`)
        .set(auth)
        .attach('file', Buffer.from('<html>not a pdf</html>'), { filename: 'x.pdf', contentType: 'application/pdf' })
        .expect(422);
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100_000, 0x41), Buffer.from('\n%%EOF\n')]);
      const doc = await t.http
        .post(`/api/v1/courses/${courseId}/documents`)
        .set(auth)
        .attach('file', pdf, { filename: 'Tài liệu.pdf', contentType: 'application/pdf' })
        .expect(201);
      const lessonId = (
        await t.http
          .post(`/api/v1/course-sections/${sectionId}/lessons`)
          .set(auth)
          .send({ title: 'Tài liệu', kind: 'document', documentId: doc.body.id })
          .expect(201)
      ).body.id as string;
      const learner = await world.learner(world.units['d1/w1']!, 'youth');
      await enrol(courseId, world.units.d1!, ['youth']).expect(201);
      const buffer = (res: import('superagent').Response, cb: (e: Error | null, b: Buffer) => void) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      };
      const whole = await t.http
        .get(`/api/v1/lessons/${lessonId}/document`)
        .set(bearer(learner))
        .buffer(true)
        .parse(buffer)
        .expect(200);
      expect(Buffer.compare(whole.body as Buffer, pdf)).toBe(0);
      expect(whole.headers['accept-ranges']).toBe('bytes');
      const part = await t.http
        .get(`/api/v1/lessons/${lessonId}/document`)
        .set(bearer(learner))
        .set('Range', 'bytes=0-8')
        .buffer(true)
        .parse(buffer)
        .expect(206);
      expect((part.body as Buffer).toString()).toBe('%PDF-1.4\n');
      expect(part.headers['content-range']).toBe(`bytes 0-8/${pdf.length}`);
      await t.http
        .get(`/api/v1/lessons/${lessonId}/document`)
        .set(bearer(learner))
        .set('Range', `bytes=${pdf.length}-`)
        .expect(416);
      const outsider = await world.learner(world.units['d2/w1']!, 'youth');
      await t.http.get(`/api/v1/lessons/${lessonId}/document`).set(bearer(outsider)).expect(403);
    });
  });

  describe('progress and overdue learners', () => {
    it('counts per unit and population in the organizer’s subtree and exports the overdue list (logged)', async () => {
      const { courseId, lessons } = await publishedCourse(t, organizer, { title: 'Khóa quá hạn' });
      const late = await world.learner(world.units['d1/w1']!, 'youth');
      const done = await world.learner(world.units['d1/w1']!, 'members');
      await enrol(courseId, world.units.d1!, ['youth', 'members'], '2020-01-01T00:00:00+07:00').expect(201);
      await t.http.post(`/api/v1/lessons/${lessons[0]}/complete`).set(bearer(done)).expect(200);
      const progress = (await t.http.get(`/api/v1/courses/${courseId}/progress`).set(auth).expect(200)).body;
      const enrolled = await count('SELECT count(*)::int AS n FROM course_enrolment WHERE course_id = $1', [courseId]);
      expect(progress.total).toMatchObject({ enrolled, completed: 1, overdue: enrolled - 1 });
      expect(progress.populations.find((p: { key: string }) => p.key === 'members')).toMatchObject({
        label: 'Đoàn viên, hội viên',
        completed: 1,
      });
      const overdue = (await t.http.get(`/api/v1/courses/${courseId}/overdue`).set(auth).expect(200)).body;
      expect(overdue.items.map((r: { userId: string }) => r.userId)).toContain(late.id);
      expect(overdue.items.map((r: { userId: string }) => r.userId)).not.toContain(done.id);
      await t.http.get(`/api/v1/courses/${courseId}/progress`).query({ unitId: world.units.d2 }).set(auth).expect(403);
      const file = await t.http
        .get(`/api/v1/courses/${courseId}/overdue/export`)
        .set(auth)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.body as ArrayBuffer);
      const names = wb.worksheets[0]!.getColumn(2).values.map(String);
      expect(names).toContain(`Người dùng ${late.username}`);
      expect(
        await count(
          "SELECT count(*)::int AS n FROM audit_event WHERE action = 'course.export.overdue' AND target = $1",
          [courseId],
        ),
      ).toBe(1);
    });
  });
});
