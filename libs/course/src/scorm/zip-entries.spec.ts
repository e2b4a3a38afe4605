import { describe, expect, it } from '@jest/globals';
import { crc32, deflateRawSync } from 'node:zlib';
import { readZipEntries } from './zip-entries.js';

/** A minimal zip of deflated entries; `declared` overrides an entry's uncompressed size in the headers. */
function zip(entries: { name: string; data: Buffer; declared?: number }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = deflateRawSync(new Uint8Array(e.data));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(new Uint8Array(e.data)), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.declared ?? e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(e.declared ?? e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(c, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(central.map((b) => new Uint8Array(b)));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end].map((b) => new Uint8Array(b)));
}

const limits = { maxUncompressedBytes: 1024 * 1024, maxEntries: 10 };

describe('readZipEntries', () => {
  it('reads the files with normalized paths, skipping directories', () => {
    const out = readZipEntries(
      zip([
        { name: 'content/', data: Buffer.alloc(0) },
        { name: './content/a.html', data: Buffer.from('<p>a</p>') },
      ]),
      limits,
    );
    expect(out).toEqual([{ path: 'content/a.html', data: Buffer.from('<p>a</p>') }]);
  });

  it('refuses an unsafe path before inflating anything', () => {
    expect(readZipEntries(zip([{ name: '../x', data: Buffer.from('x') }]), limits)).toEqual({
      kind: 'unsafe-path',
      path: '../x',
    });
    expect(
      readZipEntries(
        zip([
          { name: 'a.html', data: Buffer.from('1') },
          { name: './a.html', data: Buffer.from('2') },
        ]),
        limits,
      ),
    ).toMatchObject({ kind: 'unsafe-path' });
  });

  it('refuses more entries than allowed, and more bytes than allowed whether declared or real', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') }));
    expect(readZipEntries(zip(many), limits)).toEqual({ kind: 'too-many-entries', limit: 10 });
    const big = Buffer.alloc(limits.maxUncompressedBytes + 1);
    expect(readZipEntries(zip([{ name: 'big', data: big }]), limits)).toMatchObject({ kind: 'too-large' });
    expect(readZipEntries(zip([{ name: 'liar', data: big, declared: 10 }]), limits)).toMatchObject({
      kind: 'too-large',
    });
    const halves = [0, 1].map((i) => ({ name: `h${i}`, data: Buffer.alloc(limits.maxUncompressedBytes / 2 + 1) }));
    expect(readZipEntries(zip(halves), limits)).toMatchObject({ kind: 'too-large' });
  });

  it('refuses what is not a zip', () => {
    expect(readZipEntries(Buffer.from('hello world, not a zip at all'), limits)).toEqual({ kind: 'not-zip' });
    const truncated = zip([{ name: 'a', data: Buffer.from('abc') }]).subarray(0, 40);
    expect(readZipEntries(truncated, limits)).toEqual({ kind: 'not-zip' });
  });
});
