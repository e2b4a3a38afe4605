import { walkZip, type ZipRefusal } from '#core';

/** Why a package's zip was refused before anything of it was stored. */
export type ZipReadRefusal = ZipRefusal | { kind: 'unsafe-path'; path: string };

export interface ZipFileEntry {
  /** The normalized path inside the package (see checkedEntryPath). */
  path: string;
  data: Buffer;
}

export interface ZipReadLimits {
  maxUncompressedBytes: number;
  maxEntries: number;
}

/**
 * A path inside a package made safe to serve, or null when it must be refused: a backslash (Windows separators can
 * hide `..\`), an absolute path or drive letter, a `..` segment, a NUL or control character, an empty name. `.`
 * segments and repeated slashes are dropped. Directory entries (ending in `/`) come back with their slash.
 */
export function checkedEntryPath(name: string): string | null {
  if (!name || name.includes('\\') || /[\u0000-\u001f\u007f]/.test(name)) return null;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return null;
  const segments = name.split('/');
  const isDirectory = name.endsWith('/');
  const kept: string[] = [];
  for (const segment of segments) {
    if (segment === '..') return null;
    if (segment === '' || segment === '.') continue;
    kept.push(segment);
  }
  if (!kept.length) return null;
  return kept.join('/') + (isDirectory ? '/' : '');
}

/**
 * Reads every file of a package's zip through core's guard (walkZip: entry count, real inflated size measured with a
 * hard ceiling, never trusted from the headers), refusing it whole on the first problem; a path that could escape
 * the package is refused from the names alone, before anything is inflated, and two entries with one name too.
 */
export function readZipEntries(buffer: Buffer, limits: ZipReadLimits): ZipFileEntry[] | ZipReadRefusal {
  const files: ZipFileEntry[] = [];
  const seen = new Set<string>();
  const refused = walkZip<{ kind: 'unsafe-path'; path: string }>(buffer, limits, {
    names: (names) => {
      const unsafe = names.find((name) => checkedEntryPath(name) === null);
      return unsafe === undefined ? undefined : { kind: 'unsafe-path', path: unsafe.slice(0, 200) };
    },
    entry: (name, content) => {
      const path = checkedEntryPath(name)!;
      if (path.endsWith('/')) return undefined;
      // Two entries with one name (or names equal once normalized): which one would be served is not obvious.
      if (seen.has(path)) return { kind: 'unsafe-path', path: path.slice(0, 200) };
      seen.add(path);
      // A copy: a stored entry's content is a view of the whole upload, which need not outlive the request.
      files.push({ path, data: Buffer.from(content) });
      return undefined;
    },
  });
  return refused ?? files;
}
