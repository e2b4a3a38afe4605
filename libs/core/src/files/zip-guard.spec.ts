import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { zipOf } from '../../../../test/support/zip-builder.js';
import { inspectZip, isZipRefusal } from './zip-guard.js';

const zipWith = (name: string, data: Buffer, declaredSize?: number) => zipOf([{ name, data, declaredSize }]);

const limits = { maxUncompressedBytes: 1024 * 1024, maxEntries: 10 };
const tooLarge = { kind: 'too-large', limitBytes: limits.maxUncompressedBytes };

describe('inspecting a ZIP before a spreadsheet library opens it', () => {
  it('counts worksheet rows and real uncompressed bytes', () => {
    const xml = Buffer.from('<sheetData><row r="1"/><row r="2"/><row r="3"/></sheetData>');
    expect(inspectZip(zipWith('xl/worksheets/sheet1.xml', xml), limits)).toEqual({
      uncompressedBytes: xml.length,
      maxWorksheetRows: 3,
    });
  });

  it('adds up every entry, stored or deflated, and counts rows only in worksheets', () => {
    const sheet = Buffer.from('<row/><row/>');
    const strings = Buffer.from('<sst><row/><row/><row/><row/></sst>');
    const zip = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), method: 0 },
      { name: 'xl/sharedStrings.xml', data: strings },
      { name: 'xl/worksheets/sheet1.xml', data: sheet },
      { name: 'xl/worksheets/sheet2.xml', data: Buffer.from('<row/>') },
    ]);
    expect(inspectZip(zip, limits)).toEqual({
      uncompressedBytes: 8 + strings.length + sheet.length + 6,
      maxWorksheetRows: 2,
    });
  });

  it('accepts a sound zip', () => {
    expect(isZipRefusal(inspectZip(zipWith('xl/worksheets/sheet1.xml', Buffer.from('<worksheet/>')), limits))).toBe(
      false,
    );
  });

  it('refuses an entry that expands past the limit even when its headers claim it is small', () => {
    const bomb = Buffer.alloc(2 * 1024 * 1024, 0x41);
    expect(inspectZip(zipWith('xl/sharedStrings.xml', bomb, 10), limits)).toEqual(tooLarge);
  });

  it('refuses an entry that inflates past the size its directory declares, even within the limit', () => {
    expect(inspectZip(zipWith('xl/worksheets/sheet1.xml', Buffer.alloc(5000, 0x41), 1000), limits)).toEqual(tooLarge);
  });

  it('refuses a zip whose directory declares more than the limit, before inflating it', () => {
    // The data inflates to 10 bytes: only the directory's honest claim of 2 MB can have refused it.
    const honest = zipWith('xl/worksheets/sheet1.xml', Buffer.alloc(10, 0x41), 2 * 1024 * 1024);
    expect(inspectZip(honest, limits)).toEqual(tooLarge);
    const many = zipOf(
      Array.from({ length: 3 }, (_, i) => ({ name: `xl/${i}.xml`, data: Buffer.alloc(400 * 1024, 0x41) })),
    );
    expect(inspectZip(many, limits)).toEqual(tooLarge);
  });

  it('refuses more entries than allowed and ZIP64 sizes', () => {
    const eleven = zipOf(Array.from({ length: 11 }, (_, i) => ({ name: `${i}.xml`, data: Buffer.from('<a/>') })));
    expect(inspectZip(eleven, limits)).toEqual({ kind: 'too-many-entries', limit: 10 });
    expect(inspectZip(zipWith('a.xml', Buffer.from('<a/>'), 0xffffffff), limits)).toEqual(tooLarge);
  });

  it('calls anything that is not a well-formed ZIP not-zip', () => {
    expect(inspectZip(Buffer.from('code,name\n'), limits)).toEqual({ kind: 'not-zip' });
    expect(inspectZip(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), limits)).toEqual({
      kind: 'not-zip',
    });
    const truncated = zipWith('a.xml', Buffer.from('<a/>')).subarray(0, 40);
    expect(inspectZip(truncated, limits)).toEqual({ kind: 'not-zip' });
    expect(inspectZip(zipWith('a.xml', Buffer.from('<a/>'), 3000), limits)).toEqual({ kind: 'not-zip' });
    expect(
      inspectZip(zipOf([{ name: 'a.xml', data: Buffer.from('<a/>'), declaredSize: 9, method: 0 }]), limits),
    ).toEqual({
      kind: 'not-zip',
    });
    expect(inspectZip(zipOf([{ name: 'a.xml', data: Buffer.from('<a/>'), method: 12 }]), limits)).toEqual({
      kind: 'not-zip',
    });
    const good = zipWith('a.xml', Buffer.from('<a/>'));
    for (let cut = 4; cut < good.length; cut += 7) {
      const damaged = Buffer.concat(
        [good.subarray(0, cut), Buffer.alloc(good.length - cut, 0xff)].map((b) => new Uint8Array(b)),
      );
      expect(() => inspectZip(damaged, limits)).not.toThrow();
    }
  });

  it('never throws and never accepts more than the limit, whatever bytes are overwritten', () => {
    const good = zipOf([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<row/><row/>'.repeat(50)) },
      { name: 'xl/styles.xml', data: Buffer.from('<styles/>'), method: 0 },
    ]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { minLength: 1, maxLength: 8 }), (edits) => {
        const damaged = Buffer.from(good);
        for (const [at, value] of edits) damaged[at] = value;
        const result = inspectZip(damaged, limits);
        if (!isZipRefusal(result)) expect(result.uncompressedBytes).toBeLessThanOrEqual(limits.maxUncompressedBytes);
      }),
    );
  });
});
