import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CourseRepository } from '../course.repository.js';
import type { ScormPackage } from '../entities/scorm-package.entity.js';
import { LaunchTokens } from './launch-token.js';
import { checkedEntryPath } from './manifest.js';
import { isHtml } from './mime-types.js';
import { ScormProgressWriter } from './scorm-progress.js';
import { scormShimScript, SHIM_FILE } from './scorm-shim.js';

/**
 * The headers every file of a package is served with. `sandbox allow-scripts allow-forms` (never allow-same-origin)
 * makes each page an opaque origin even when opened outside the portal's frame: its scripts run, but cannot read the
 * portal's storage or cookies, reach into the parent window, or read another package's pages. Only the portal
 * (same origin) may frame it; no Referer carries the launch token out to a third party.
 */
const SANDBOX_HEADERS: Record<string, string> = {
  'content-security-policy': "sandbox allow-scripts allow-forms; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  // Not same-origin: the sandboxed page is an opaque origin, so its own scripts and images (and the API shim) would
  // be refused as cross-origin loads. The launch token in the path is what keeps the files private.
  'cross-origin-resource-policy': 'cross-origin',
  'cache-control': 'private, max-age=3600',
};

const MAX_PACKAGES_CACHED = 1_000;

@Injectable()
export class ScormContent {
  private readonly packages = new Map<string, Promise<ScormPackage | null>>();

  constructor(
    private readonly repo: CourseRepository,
    private readonly tokens: LaunchTokens,
    private readonly progress: ScormProgressWriter,
  ) {}

  /** The launch URL of a package for a learner and lesson (same origin as the portal, under the API prefix). */
  async launchUrl(pkg: ScormPackage, lessonId: string, userId: string): Promise<{ url: string; expiresAt: Date }> {
    const { token, expiresAt } = await this.tokens.sign(pkg.id, lessonId, userId);
    return { url: `/api/v1/scorm/${pkg.id}/${token}/${encodeURI(pkg.launchHref)}`, expiresAt };
  }

  async serve(packageId: string, token: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    for (const [name, value] of Object.entries(SANDBOX_HEADERS)) reply.header(name, value);
    const claims = await this.tokens.verify(packageId, token);
    if (!claims) {
      await reply.code(403).type('text/plain; charset=utf-8').send('Liên kết bài giảng đã hết hạn hoặc không hợp lệ.');
      return;
    }
    const prefix = `/scorm/${packageId}/${token}/`;
    const pathname = req.url.split('?')[0]!;
    const at = pathname.indexOf(prefix);
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(at + prefix.length));
    } catch {
      relative = '';
    }
    const path = at === -1 ? null : checkedEntryPath(relative);
    if (!path || path.endsWith('/')) {
      await reply.code(404).type('text/plain; charset=utf-8').send('Không có tệp này trong gói.');
      return;
    }
    if (path === SHIM_FILE) {
      const state = await this.progress.stateOf(claims.lessonId, claims.userId);
      await reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(scormShimScript({ ...state, studentId: claims.userId }));
      return;
    }
    const pkg = await this.packageOf(packageId);
    const file = pkg ? await this.repo.packageFile(packageId, path) : null;
    if (!file) {
      await reply.code(404).type('text/plain; charset=utf-8').send('Không có tệp này trong gói.');
      return;
    }
    const body = isHtml(file.mimeType)
      ? withShim(file.data, `/api/v1/scorm/${packageId}/${token}/${SHIM_FILE}`)
      : file.data;
    await reply.type(file.mimeType).send(body);
  }

  private packageOf(id: string): Promise<ScormPackage | null> {
    let hit = this.packages.get(id);
    if (!hit) {
      hit = this.repo.findPackage(id);
      if (this.packages.size >= MAX_PACKAGES_CACHED) this.packages.delete(this.packages.keys().next().value!);
      this.packages.set(id, hit);
      hit.then(
        (p) => !p && this.packages.delete(id),
        () => this.packages.delete(id),
      );
    }
    return hit;
  }
}

/** The page with the API shim loaded first (before any script of the package looks for window.API). */
export function withShim(html: Buffer, shimUrl: string): Buffer {
  const tag = `<script src="${shimUrl}"></script>`;
  const text = html.toString('utf8');
  const head = /<head(\s[^>]*)?>/i.exec(text);
  if (head)
    return Buffer.from(text.slice(0, head.index + head[0].length) + tag + text.slice(head.index + head[0].length));
  const htmlTag = /<html(\s[^>]*)?>/i.exec(text);
  if (htmlTag)
    return Buffer.from(
      text.slice(0, htmlTag.index + htmlTag[0].length) + tag + text.slice(htmlTag.index + htmlTag[0].length),
    );
  const doctype = /^\s*<!doctype[^>]*>/i.exec(text);
  const at = doctype ? doctype[0].length : 0;
  return Buffer.from(text.slice(0, at) + tag + text.slice(at));
}
