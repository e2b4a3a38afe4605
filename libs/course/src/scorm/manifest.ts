import { XMLParser } from 'fast-xml-parser';
import { checkedEntryPath } from './zip-entries.js';

export { checkedEntryPath };

export type ManifestResult =
  | { ok: true; title: string; launchHref: string }
  | {
      ok: false;
      reason: 'no-manifest' | 'invalid-xml' | 'not-scorm-12' | 'no-sco' | 'launch-missing';
      message: string;
    };

type Node = Record<string, unknown>;

const asArray = (v: unknown): Node[] =>
  v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is Node => typeof x === 'object');

/** An attribute by its local name, whatever its prefix and case (`adlcp:scormtype`, `adlcp:scormType`). */
function attr(node: Node, local: string): string | undefined {
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith('@_')) continue;
    const name = key.slice(2).split(':').pop()!;
    if (name.toLowerCase() === local.toLowerCase() && (typeof value === 'string' || typeof value === 'number'))
      return String(value);
  }
  return undefined;
}

/** A child element by its local name, whatever its namespace prefix. */
function child(node: Node, local: string): unknown {
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    if (key.split(':').pop() === local) return value;
  }
  return undefined;
}

function text(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim();
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']).trim();
  return '';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
  // A manifest needs no entities of its own: the five XML ones are still decoded, DOCTYPE ones are refused below.
  processEntities: true,
  trimValues: true,
});

/**
 * Reads a SCORM 1.2 package's imsmanifest.xml: the launch page is the href of the resource with
 * adlcp:scormtype="sco" that the default organization's first item points at (or else the first SCO resource), with
 * the resources' xml:base applied. `files` are the package's normalized paths; the launch page must be one of them.
 */
export function readScormManifest(xml: string | undefined, files: ReadonlySet<string>): ManifestResult {
  if (xml === undefined)
    return { ok: false, reason: 'no-manifest', message: 'Gói không có tệp imsmanifest.xml ở thư mục gốc.' };
  if (/<!ENTITY/i.test(xml))
    return { ok: false, reason: 'invalid-xml', message: 'imsmanifest.xml không được khai báo thực thể (ENTITY).' };
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch {
    return { ok: false, reason: 'invalid-xml', message: 'imsmanifest.xml không phải XML hợp lệ.' };
  }
  const manifest = asArray(child(doc, 'manifest'))[0];
  if (!manifest) return { ok: false, reason: 'invalid-xml', message: 'imsmanifest.xml thiếu phần tử <manifest>.' };
  const metadata = asArray(child(manifest, 'metadata'))[0];
  const version = metadata ? text(child(metadata, 'schemaversion')) : '';
  if (/2004|CAM 1\.3/i.test(version))
    return { ok: false, reason: 'not-scorm-12', message: 'Chỉ hỗ trợ gói SCORM 1.2 (gói này là SCORM 2004).' };

  const resourcesNode = asArray(child(manifest, 'resources'))[0] ?? {};
  const base = (attr(resourcesNode, 'base') ?? '').trim();
  const resources = asArray(child(resourcesNode, 'resource'));
  const scos = resources.filter((r) => (attr(r, 'scormtype') ?? '').toLowerCase() === 'sco' && attr(r, 'href'));

  const organizations = asArray(child(manifest, 'organizations'))[0] ?? {};
  const orgs = asArray(child(organizations, 'organization'));
  const defaultId = attr(organizations, 'default');
  const org = orgs.find((o) => attr(o, 'identifier') === defaultId) ?? orgs[0];
  const title = (org && text(child(org, 'title'))) || 'Bài giảng SCORM';

  const firstRef = org ? firstItemRef(org) : undefined;
  const launch = scos.find((r) => attr(r, 'identifier') === firstRef) ?? scos[0];
  if (!launch)
    return { ok: false, reason: 'no-sco', message: 'imsmanifest.xml không có tài nguyên adlcp:scormtype="sco".' };

  const href = `${base}${(attr(launch, 'base') ?? '').trim()}${attr(launch, 'href')!.trim()}`;
  const [pathPart, ...rest] = href.split(/(?=[?#])/);
  const path = checkedEntryPath(decodeURIComponentSafe(pathPart ?? ''));
  if (!path || path.endsWith('/') || !files.has(path))
    return {
      ok: false,
      reason: 'launch-missing',
      message: `Trang khởi chạy "${href.slice(0, 200)}" không có trong gói.`,
    };
  return { ok: true, title: title.slice(0, 200), launchHref: path + rest.join('') };
}

function firstItemRef(node: Node): string | undefined {
  for (const item of asArray(child(node, 'item'))) {
    const ref = attr(item, 'identifierref');
    if (ref) return ref;
    const nested = firstItemRef(item);
    if (nested) return nested;
  }
  return undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
