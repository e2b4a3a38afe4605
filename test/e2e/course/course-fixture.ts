import { DOMAIN_EVENTS, type CourseCompletedEvent, type Population } from '../../../libs/contracts/src/index.js';
import { JobQueue } from '../../../libs/core/src/index.js';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, type SeededUser, type TestApp } from '../../support/test-app.js';
import { seedPublishedBank } from '../contest/contest-fixture.js';

export const TEST_QUEUE = 'test.course-completed';

/** The small tree, a bank of quận Một with 12 published questions (category "Thử nghiệm"), an organizer there. */
export async function seedCourseWorld(t: TestApp) {
  const units: UnitIds = await seedSmallTree(t);
  // Owned by quận Một: an organizer builds quizzes from banks of their own subtree only.
  const { admin, bankId } = await seedPublishedBank(t, units.d1!, 12);
  const organizer = await createUser(t, {
    username: `tochuc${Date.now() % 1e7}`,
    roles: ['organizer'],
    unitId: units.d1!,
  });
  // A listener of course.completed, as certificate and reporting are: its queue gets one job per completion.
  const events: CourseCompletedEvent[] = [];
  await t.app.get(JobQueue).subscribe<CourseCompletedEvent>(DOMAIN_EVENTS.courseCompleted, TEST_QUEUE, async (e) => {
    events.push(e);
  });
  let n = 0;
  const learner = async (unitId: string, population: Population | null = 'youth'): Promise<SeededUser> => {
    const user = await createUser(t, { username: `hv${n++}x${Date.now() % 1e6}`, roles: ['participant'], unitId });
    await t.dataSource.query('UPDATE app_user SET population = $2 WHERE id = $1', [user.id, population]);
    return user;
  };
  return { units, admin, bankId, organizer, events, learner };
}

export const bearer = (u: SeededUser) => ({ Authorization: `Bearer ${u.token}` });

/** A published course in quận Một: one text lesson and one video (optional), plus what `build` adds. */
export async function publishedCourse(
  t: TestApp,
  organizer: SeededUser,
  options: { selfEnrolment?: boolean; lessons?: Record<string, unknown>[]; title?: string } = {},
) {
  const auth = bearer(organizer);
  const courseId = (
    await t.http
      .post('/api/v1/courses')
      .set(auth)
      .send({
        title: options.title ?? 'Khóa thử',
        selfEnrolment: options.selfEnrolment ?? false,
        planTargets: ['đ', 'e'],
      })
      .expect(201)
  ).body.id as string;
  const sectionId = (
    await t.http.post(`/api/v1/courses/${courseId}/sections`).set(auth).send({ title: 'Phần 1' }).expect(201)
  ).body.id as string;
  const lessons: string[] = [];
  for (const lesson of options.lessons ?? [{ title: 'Đọc', kind: 'text', bodyHtml: '<p>Nội dung</p>' }])
    lessons.push(
      (await t.http.post(`/api/v1/course-sections/${sectionId}/lessons`).set(auth).send(lesson).expect(201)).body
        .id as string,
    );
  await t.http.post(`/api/v1/courses/${courseId}/publish`).set(auth).expect(200);
  return { courseId, sectionId, lessons };
}
