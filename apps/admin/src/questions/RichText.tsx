import DOMPurify from 'dompurify';
import { useMemo } from 'react';

/**
 * Question text as a participant sees it. Plain, Markdown and Moodle text is shown as text (React escapes it), so
 * `<script>`, `<img onerror>` and `{{7*7}}` appear literally. Only text whose format is HTML is rendered as HTML, and
 * then only after DOMPurify has removed scripts, event handlers and javascript: URLs.
 */
export function RichText({ text, format, inline = false }: { text: string; format?: string; inline?: boolean }) {
  const Tag = inline ? 'span' : 'div';
  const html = useMemo(
    () =>
      format === 'html' ? DOMPurify.sanitize(text, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style'] }) : null,
    [text, format],
  );
  if (html !== null) return <Tag className="rich-text" dangerouslySetInnerHTML={{ __html: html }} />;
  return <Tag style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text}</Tag>;
}
