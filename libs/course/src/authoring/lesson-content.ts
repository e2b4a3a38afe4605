/*
 * What a lesson's author may put in it, checked without I/O: rich text rebuilt from an allowlist, video links turned
 * into embed URLs of known players. Pure functions, tested in lesson-content.spec.ts.
 */

/** Elements kept (with their allowed attributes); everything else is dropped, its text kept. */
const ALLOWED: Record<string, readonly string[]> = {
  p: [],
  br: [],
  hr: [],
  strong: [],
  b: [],
  em: [],
  i: [],
  u: [],
  s: [],
  sub: [],
  sup: [],
  span: [],
  div: [],
  blockquote: [],
  code: [],
  pre: [],
  h2: [],
  h3: [],
  h4: [],
  ul: [],
  ol: ['start'],
  li: [],
  a: ['href', 'title'],
  img: ['src', 'alt', 'width', 'height'],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
  figure: [],
  figcaption: [],
};
const VOID = new Set(['br', 'hr', 'img']);
/** Elements dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'template',
  'noscript',
  'svg',
  'math',
  'textarea',
  'select',
  'title',
  'head',
  'xmp',
  'noembed',
  'noframes',
  'plaintext',
]);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** A link or image address kept only when it is http(s) (or mailto for links, data:image for images). */
function safeUrl(raw: string, element: string): string | null {
  // Browsers ignore controls and whitespace inside a scheme ("java\tscript:"): so does this check.
  const value = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (element === 'img' && /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=]+$/i.test(value)) return value;
  if (element === 'a' && value.startsWith('#')) return value;
  if (element === 'a' && /^mailto:[^:]+$/i.test(value)) return value;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

function keptAttributes(element: string, attrs: [string, string][]): string {
  const allowed = ALLOWED[element] ?? [];
  let out = '';
  for (const [name, value] of attrs) {
    if (!allowed.includes(name)) continue;
    if (name === 'href' || name === 'src') {
      const url = safeUrl(value, element);
      if (url === null) continue;
      out += ` ${name}="${escapeAttr(url)}"`;
      if (element === 'a' && !url.startsWith('#')) out += ' rel="noopener noreferrer nofollow" target="_blank"';
    } else if (['width', 'height', 'colspan', 'rowspan', 'start'].includes(name)) {
      if (/^\d{1,4}$/.test(value.trim())) out += ` ${name}="${value.trim()}"`;
    } else {
      out += ` ${name}="${escapeAttr(decodeEntities(value).slice(0, 500))}"`;
    }
  }
  return out;
}

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/**
 * Rich text for a lesson, rebuilt from what it says: only the elements and attributes above survive; scripts, styles,
 * frames, event handlers, `style` attributes and javascript:/data: links are gone; text is re-escaped. The output is
 * written by this function, never copied through, so markup it does not understand ends up as text, not as HTML.
 * (DOMPurify needs a DOM, which the server does not have; the portal still passes the result through DOMPurify.)
 */
export function sanitizeLessonHtml(input: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let dropping: string | null = null;
  let i = 0;
  const text = (s: string) => {
    if (!dropping && s) out.push(escapeText(decodeEntities(s)));
  };
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt === -1) {
      text(input.slice(i));
      break;
    }
    text(input.slice(i, lt));
    if (input.startsWith('<!--', lt)) {
      const end = input.indexOf('-->', lt + 4);
      i = end === -1 ? input.length : end + 3;
      continue;
    }
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(input.slice(lt));
    if (!tag) {
      if (/^<[!?/]/.test(input.slice(lt, lt + 2))) {
        // A doctype, processing instruction or broken end tag: skipped whole.
        const end = input.indexOf('>', lt);
        i = end === -1 ? input.length : end + 1;
      } else {
        text('<');
        i = lt + 1;
      }
      continue;
    }
    i = lt + tag[0].length;
    const closing = tag[1] === '/';
    const name = tag[2]!.toLowerCase();
    if (dropping) {
      if (closing && name === dropping) dropping = null;
      continue;
    }
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing && !tag[3]!.trim().endsWith('/')) dropping = name;
      continue;
    }
    if (!(name in ALLOWED)) continue;
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at === -1) continue;
      while (open.length > at) out.push(`</${open.pop()}>`);
      continue;
    }
    const attrs: [string, string][] = [];
    for (const m of tag[3]!.matchAll(ATTRIBUTE)) attrs.push([m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '']);
    out.push(`<${name}${keptAttributes(name, attrs)}>`);
    if (!VOID.has(name)) open.push(name);
  }
  while (open.length) out.push(`</${open.pop()}>`);
  return out.join('');
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

/**
 * The embed URL for a video link, or null when it is not a link this platform embeds: YouTube (watch, youtu.be,
 * shorts, embed; played from youtube-nocookie.com), Vimeo, or an https page of one of `ownHosts` (the union's own
 * video hosts, kept as given). The server never fetches it; the portal plays it in a sandboxed frame.
 */
export function videoEmbedUrl(raw: string, ownHosts: readonly string[] = UNION_VIDEO_HOSTS): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const host = url.hostname.toLowerCase().replace(/^(www|m)\./, '');
  const start = /^\d{1,6}$/.test(url.searchParams.get('t')?.replace(/s$/, '') ?? '')
    ? `?start=${url.searchParams.get('t')!.replace(/s$/, '')}`
    : '';
  const youtube = (id: string | null | undefined) =>
    id && YOUTUBE_ID.test(id) ? `https://www.youtube-nocookie.com/embed/${id}${start}` : null;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const [, first, second] = url.pathname.split('/');
    if (url.pathname === '/watch') return youtube(url.searchParams.get('v'));
    if (first === 'embed' || first === 'shorts' || first === 'live') return youtube(second);
    return null;
  }
  if (host === 'youtu.be') return youtube(url.pathname.slice(1));
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = /^\/(?:video\/)?(\d{1,12})\/?$/.exec(url.pathname)?.[1];
    return id ? `https://player.vimeo.com/video/${id}` : null;
  }
  if (url.protocol === 'https:' && ownHosts.includes(host) && !url.hash) return url.href;
  return null;
}

/**
 * The union's own video hosts whose https pages may be embedded as they are (the portal's frame-src must list the
 * same ones). Empty until the union names them.
 */
export const UNION_VIDEO_HOSTS: readonly string[] = [];

/** The origins the portal's Content-Security-Policy frame-src must allow for video lessons. */
export const VIDEO_EMBED_ORIGINS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'] as const;
