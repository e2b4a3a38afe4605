import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { IdentityDirectory } from '#identity';
import { CourseRepository } from '../course.repository.js';
import { LearningRepository } from '../learning/learning.repository.js';
import { sanitizeLessonHtml, videoEmbedUrl } from '../authoring/lesson-content.js';
import { mimeTypeOf } from '../scorm/mime-types.js';
import { sampleScormFiles } from '../scorm/sample-package.js';

export const DEMO_COURSE_TITLE = 'An toàn thông tin mạng cho đoàn viên';
const DEMO_UNIT_CODE = 'phuong-le-chan';

const TEXT = `<h2>Vì sao cần an toàn thông tin mạng?</h2>
<p>Mỗi đoàn viên dùng mạng xã hội hằng ngày. Một mật khẩu yếu hay một đường link lạ có thể làm lộ thông tin của
chính mình, gia đình và tổ chức Đoàn.</p>
<ul>
<li>Dùng mật khẩu dài, khác nhau cho từng tài khoản, bật xác thực hai lớp.</li>
<li>Không bấm vào đường link lạ, không cài ứng dụng ngoài kho chính thức.</li>
<li>Kiểm tra nguồn tin trước khi chia sẻ; báo cáo tin giả, tin xấu độc.</li>
</ul>`;

/**
 * The demo's course (DESIGN.md §5): a text lesson, a video link, a small SCORM 1.2 lecture and a quiz from the demo
 * bank, counting toward targets đ and e, published and enrolled to Đoàn phường Lê Chân for members and youth (the
 * demo learner thisinh.an is youth). Loaded once, on the first start with demo data.
 */
@Injectable()
export class DemoCourse {
  constructor(
    private readonly courses: CourseRepository,
    private readonly learning: LearningRepository,
    private readonly identity: IdentityDirectory,
    private readonly clock: Clock,
  ) {}

  async seedDemoCourse(bankId: string | null): Promise<string | null> {
    const unit = await this.identity.unitByCode(DEMO_UNIT_CODE);
    if (!unit) return null;
    const courseId = await this.courses.insertCourse({
      title: DEMO_COURSE_TITLE,
      description:
        'Khóa bồi dưỡng về an toàn thông tin mạng, nhận diện lừa đảo trực tuyến và ứng xử trên mạng xã hội (dữ liệu demo).',
      status: 'draft',
      selfEnrolment: true,
      planTargets: ['đ', 'e'],
      populations: ['cadres', 'members', 'youth'],
      unitId: unit.id,
    });
    const basics = await this.courses.insertSection(courseId, 'Phần 1. Những điều cần biết');
    await this.courses.insertLesson(courseId, basics, {
      kind: 'text',
      title: 'An toàn thông tin mạng là gì',
      required: true,
      bodyHtml: sanitizeLessonHtml(TEXT),
    });
    await this.courses.insertLesson(courseId, basics, {
      kind: 'video',
      title: 'Video: Cảnh giác với lừa đảo trực tuyến',
      required: false,
      videoUrl: videoEmbedUrl('https://www.youtube.com/watch?v=aO858HyFbKI'),
    });
    const files = sampleScormFiles();
    const packageId = await this.courses.insertPackage(
      {
        courseId,
        title: 'Bài giảng: Nhận diện lừa đảo trực tuyến',
        launchHref: 'content/index.html',
        fileCount: files.length,
        totalBytes: String(files.reduce((n, f) => n + f.data.length, 0)),
        uploadedBy: null,
      },
      files.map((f) => ({ path: f.path, mimeType: mimeTypeOf(f.path), data: f.data })),
    );
    await this.courses.insertLesson(courseId, basics, {
      kind: 'scorm',
      title: 'Bài giảng tương tác: Nhận diện lừa đảo',
      required: true,
      scormPackageId: packageId,
    });
    if (bankId) {
      const check = await this.courses.insertSection(courseId, 'Phần 2. Kiểm tra');
      await this.courses.insertLesson(courseId, check, {
        kind: 'quiz',
        title: 'Bài kiểm tra cuối khóa',
        required: true,
        quiz: {
          bankId,
          blueprint: [{ category: 'Pháp luật', count: 5 }],
          passPercent: 60,
          durationSeconds: 900,
          maxAttempts: 3,
        },
      });
    }
    await this.courses.setStatus(courseId, 'published', this.clock.now());
    const ruleId = await this.learning.insertRule({
      courseId,
      unitId: unit.id,
      populations: ['members', 'youth'],
      dueAt: new Date(this.clock.nowMs() + 60 * 24 * 3600 * 1000),
      createdBy: null,
    });
    await this.learning.materializeRule(ruleId);
    return courseId;
  }
}
