import { crc32, constants, deflateRawSync } from 'node:zlib';
import { sampleScormFiles } from '../../libs/course/src/index.js';
import { zipOf, type ZipEntry } from './zip-builder.js';

/**
 * A real SCORM 1.2 package as a zip: imsmanifest.xml (one SCO) and a page whose script finds the API, calls
 * LMSInitialize, LMSSetValue and LMSCommit, and on "Hoàn thành" sets passed with a score and finishes. The same
 * package the demo course plays (libs/course/src/scorm/sample-package.ts). `extraScript` runs inside the page's
 * script (e.g. an attempt to reach the parent window); `extra` adds entries.
 */
export function scormPackageZip(
  options: { title?: string; extraScript?: string; extra?: ZipEntry[]; withoutManifest?: boolean } = {},
): Buffer {
  const files = sampleScormFiles(options.title, { extraScript: options.extraScript ?? '' })
    .filter((f) => !(options.withoutManifest && f.path === 'imsmanifest.xml'))
    .map((f) => ({ name: f.path, data: f.data }));
  return zipOf([...files, ...(options.extra ?? [])]);
}

const zeroCrcs = new Map<number, number>();

/**
 * A zip whose one entry inflates to `totalBytes` of zeros (a bomb), built without ever holding that much: one MiB of
 * zeros is deflated once with a full flush (a byte-aligned block that refers to nothing before it) and that block is
 * repeated, then a final empty block ends the stream. `declaredBytes` is what the headers claim (default: the truth).
 */
export function zipBomb(totalBytes: number, declaredBytes = totalBytes, name = 'content/video.bin'): Buffer {
  const MiB = 1024 * 1024;
  if (totalBytes % MiB !== 0) throw new Error('totalBytes must be whole MiB');
  const zeros = Buffer.alloc(MiB);
  const block = deflateRawSync(new Uint8Array(zeros), { finishFlush: constants.Z_FULL_FLUSH });
  const copies = totalBytes / MiB;
  // 0x03 0x00: a final, fixed-Huffman block holding only end-of-block.
  const body = Buffer.concat([...Array.from({ length: copies }, () => new Uint8Array(block)), new Uint8Array([3, 0])]);
  // CRC-32 of `copies` MiB of zeros, the slow but sure way (a few thousand updates), once per size.
  let crc = zeroCrcs.get(copies);
  if (crc === undefined) {
    crc = 0;
    for (let i = 0; i < copies; i++) crc = crc32(new Uint8Array(zeros), crc);
    zeroCrcs.set(copies, crc);
  }
  return rawZip([
    ...sampleScormFiles().map((f) => {
      const data = deflateRawSync(new Uint8Array(f.data));
      return { name: f.path, body: data, crc: crc32(new Uint8Array(f.data)), size: f.data.length, method: 8 };
    }),
    { name, body, crc, size: declaredBytes, method: 8 },
  ]);
}

interface RawEntry {
  name: string;
  body: Buffer;
  crc: number;
  size: number;
  method: number;
}

/** A zip from entries already compressed (sizes as given, so a test may lie about them). */
function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.body.length, 18);
    local.writeUInt32LE(e.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.body.length, 20);
    central.writeUInt32LE(e.size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.body);
    centrals.push(central, name);
    offset += 30 + name.length + e.body.length;
  }
  const directory = Buffer.concat(centrals.map((b) => new Uint8Array(b)));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end].map((b) => new Uint8Array(b)));
}
