import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRootLogger } from '../../../libs/core/src/index.js';
import { DEMO_COURSE_TITLE } from '../../../libs/course/src/index.js';
import { seedOnFirstStart } from '../../../apps/api/src/seed.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** What a newcomer sees of courses after the first start with demo data. */
describe('the demo course', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedOnFirstStart(t.app, { ...t.config, loadDemoData: true }, createRootLogger('silent'));
    const login = await t.http.post('/api/v1/auth/login').send({ username: 'thisinh.an', password: 'HaiDang@2025' });
    token = login.body.accessToken as string;
  });
  afterAll(async () => t?.close());

  it('is published, counts toward đ and e, and is in the demo learner’s courses with four lessons', async () => {
    const mine = (await t.http.get('/api/v1/courses/mine').set('Authorization', `Bearer ${token}`).expect(200)).body;
    const course = mine.find((c: { title: string }) => c.title === DEMO_COURSE_TITLE);
    expect(course).toMatchObject({ planTargets: ['đ', 'e'], progress: 0, overdue: false });
    const outline = (
      await t.http.get(`/api/v1/courses/${course.id}/outline`).set('Authorization', `Bearer ${token}`).expect(200)
    ).body;
    const kinds = outline.sections.flatMap((s: { lessons: { kind: string }[] }) => s.lessons.map((l) => l.kind));
    expect(kinds).toEqual(['text', 'video', 'scorm', 'quiz']);
    const scorm = outline.sections[0].lessons[2].id as string;
    const launch = await t.http
      .post(`/api/v1/lessons/${scorm}/scorm-launch`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const page = await t.http.get(launch.body.launchUrl as string).expect(200);
    expect(page.text).toContain('__haidang_scorm_api.js');
  });
});
