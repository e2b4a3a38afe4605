import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { inspectZip } from './zip-inspect.js';

/** A one-entry ZIP; `declared` is what the headers claim the entry expands to. */
function zipWith(name: string, data: Buffer, declared = data.length): Buffer {
  const compressed = deflateRawSync(new Uint8Array(data));
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + compressed.length, 16);
  return Buffer.concat([local, n, compressed, central, n, end].map((b) => new Uint8Array(b)));
}

const limits = { maxUncompressedBytes: 1024 * 1024, maxEntries: 10 };

describe('inspecting a ZIP before a spreadsheet library opens it', () => {
  it('counts worksheet rows and real uncompressed bytes', () => {
    const xml = Buffer.from('<sheetData><row r="1"/><row r="2"/><row r="3"/></sheetData>');
    expect(inspectZip(zipWith('xl/worksheets/sheet1.xml', xml), limits)).toEqual({
      uncompressedBytes: xml.length,
      maxWorksheetRows: 3,
    });
  });

  it('refuses an entry that expands past the limit even when its headers claim it is small', () => {
    const bomb = Buffer.alloc(2 * 1024 * 1024, 0x41);
    expect(inspectZip(zipWith('xl/sharedStrings.xml', bomb, 10), limits)).toEqual({
      kind: 'too-large',
      limitBytes: limits.maxUncompressedBytes,
    });
  });

  it('calls anything that is not a well-formed ZIP not-zip', () => {
    expect(inspectZip(Buffer.from('code,name\n'), limits)).toEqual({ kind: 'not-zip' });
    const truncated = zipWith('a.xml', Buffer.from('<a/>')).subarray(0, 40);
    expect(inspectZip(truncated, limits)).toEqual({ kind: 'not-zip' });
    const good = zipWith('a.xml', Buffer.from('<a/>'));
    for (let cut = 4; cut < good.length; cut += 7) {
      const damaged = Buffer.concat(
        [good.subarray(0, cut), Buffer.alloc(good.length - cut, 0xff)].map((b) => new Uint8Array(b)),
      );
      expect(() => inspectZip(damaged, limits)).not.toThrow();
    }
  });
});
