import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sanitizeLessonHtml, videoEmbedUrl } from './lesson-content.js';

describe('sanitizeLessonHtml', () => {
  it.each([
    ['<p>An <strong>toàn</strong></p>', '<p>An <strong>toàn</strong></p>'],
    ['<script>alert(1)</script><p>x</p>', '<p>x</p>'],
    ['<img src=x onerror=alert(1)>', '<img>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="jav&#x61;script:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" java\tscript:alert(1)">x</a>', '<a>x</a>'],
    [
      '<a href="https://thanhdoan.vn/a?b=1&amp;c=2">x</a>',
      '<a href="https://thanhdoan.vn/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    ],
    ['<p style="background:url(javascript:x)">x</p>', '<p>x</p>'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['<iframe src="https://evil"></iframe>ok', 'ok'],
    ['<style>body{}</style>ok', 'ok'],
    ['<!-- <script>x</script> -->ok', 'ok'],
    ['<p>1 < 2 & 3 > 2</p>', '<p>1 &lt; 2 &amp; 3 &gt; 2</p>'],
    ['<b><i>x</b>', '<b><i>x</i></b>'],
    ['<p>unclosed', '<p>unclosed</p>'],
    [
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="ảnh">',
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="ảnh">',
    ],
    ['<img src="data:text/html;base64,PHNjcmlwdD4=">', '<img>'],
    ['<td colspan="2" onclick="x">a</td>', '<td colspan="2">a</td>'],
  ])('%s → %s', (input, output) => {
    expect(sanitizeLessonHtml(input)).toBe(output);
  });

  it('never lets a script, an event handler or a javascript: URL through, whatever the input (as text it is harmless)', () => {
    const pieces = fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '=',
      '/',
      ' ',
      'script',
      'img',
      'a',
      'p',
      'onerror',
      'href',
      'src',
      'javascript:',
      'x',
      '<script>',
      '</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:x">',
      '&#',
      '&lt;',
      '<!--',
      '-->',
      'style',
      'iframe',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const out = sanitizeLessonHtml(parts.join(''));
        expect(out).not.toMatch(/<script/i);
        expect(out).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
        expect(out).not.toMatch(/(href|src)="[^"]*javascript:/i);
        expect(out).not.toMatch(/<(iframe|style|svg)/i);
      }),
      { numRuns: 500 },
    );
  });
});

describe('videoEmbedUrl', () => {
  it.each([
    ['https://www.youtube.com/watch?v=aO858HyFbKI', 'https://www.youtube-nocookie.com/embed/aO858HyFbKI'],
    ['https://m.youtube.com/watch?v=aO858HyFbKI&t=42s', 'https://www.youtube-nocookie.com/embed/aO858HyFbKI?start=42'],
    ['https://youtu.be/aO858HyFbKI', 'https://www.youtube-nocookie.com/embed/aO858HyFbKI'],
    ['https://www.youtube.com/shorts/aO858HyFbKI', 'https://www.youtube-nocookie.com/embed/aO858HyFbKI'],
    ['https://www.youtube.com/embed/aO858HyFbKI', 'https://www.youtube-nocookie.com/embed/aO858HyFbKI'],
    ['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871'],
    ['https://player.vimeo.com/video/76979871', 'https://player.vimeo.com/video/76979871'],
    ['https://video.doan.vn/xem/1', 'https://video.doan.vn/xem/1', ['video.doan.vn']],
  ])('%s → %s', (...[input, output, hosts]: [string, string, string[]?]) => {
    expect(videoEmbedUrl(input, hosts)).toBe(output);
  });

  it.each([
    'javascript:alert(1)',
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/watch?v=aO858HyFbKI"><script>',
    'https://evil.example/watch?v=aO858HyFbKI',
    'https://user:pw@youtube.com/watch?v=aO858HyFbKI',
    'http://video.doan.vn/xem/1',
    'không phải link',
  ])('refuses %s', (input) => {
    expect(videoEmbedUrl(input, ['video.doan.vn'])).toBeNull();
  });
});
