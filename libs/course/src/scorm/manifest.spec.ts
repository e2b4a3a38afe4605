import { describe, expect, it } from '@jest/globals';
import { readScormManifest } from './manifest.js';
import { sampleScormFiles } from './sample-package.js';
import { checkedEntryPath } from './zip-entries.js';

const files = (...paths: string[]) => new Set(paths);

const manifest = (resources: string, organizations = '', metadata = '') => `<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">${metadata}
  <organizations default="o1">${organizations}</organizations>
  <resources>${resources}</resources>
</manifest>`;

describe('readScormManifest', () => {
  it('finds the launch page of the sample package', () => {
    const pkg = sampleScormFiles('Bài mẫu');
    const xml = pkg.find((f) => f.path === 'imsmanifest.xml')!.data.toString('utf8');
    expect(readScormManifest(xml, new Set(pkg.map((f) => f.path)))).toEqual({
      ok: true,
      title: 'Bài mẫu',
      launchHref: 'content/index.html',
    });
  });

  it('takes the SCO the default organization’s first item points at, with xml:base and a query kept', () => {
    const xml = manifest(
      `<resource identifier="asset" type="webcontent" adlcp:scormtype="asset" href="a.html"/>
       <resource identifier="r1" adlcp:scormtype="sco" href="one.html"/>
       <resource identifier="r2" adlcp:scormType="sco" xml:base="pages/" href="two.html?x=1"/>`,
      `<organization identifier="o0"><title>Khác</title><item identifierref="r1"/></organization>
       <organization identifier="o1"><title>Chính</title><item identifier="i"><item identifierref="r2"/></item></organization>`,
    );
    expect(readScormManifest(xml, files('one.html', 'pages/two.html'))).toEqual({
      ok: true,
      title: 'Chính',
      launchHref: 'pages/two.html?x=1',
    });
  });

  it('refuses what cannot be played', () => {
    expect(readScormManifest(undefined, files())).toMatchObject({ ok: false, reason: 'no-manifest' });
    expect(readScormManifest('<manifest><oops', files())).toMatchObject({ ok: false, reason: 'invalid-xml' });
    expect(readScormManifest('<note>hi</note>', files())).toMatchObject({ ok: false, reason: 'invalid-xml' });
    expect(readScormManifest('<!DOCTYPE m [<!ENTITY a "aaaaaaaa">]><manifest>&a;</manifest>', files())).toMatchObject({
      ok: false,
      reason: 'invalid-xml',
    });
    expect(
      readScormManifest(manifest('<resource identifier="r" adlcp:scormtype="asset" href="a.html"/>'), files('a.html')),
    ).toMatchObject({ ok: false, reason: 'no-sco' });
    expect(
      readScormManifest(manifest('<resource identifier="r" adlcp:scormtype="sco" href="missing.html"/>'), files()),
    ).toMatchObject({ ok: false, reason: 'launch-missing' });
    expect(
      readScormManifest(
        manifest('<resource identifier="r" adlcp:scormtype="sco" href="../../x.html"/>'),
        files('x.html'),
      ),
    ).toMatchObject({ ok: false, reason: 'launch-missing' });
    expect(
      readScormManifest(
        manifest(
          '<resource identifier="r" adlcp:scormType="sco" href="a.html"/>',
          '',
          '<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>',
        ),
        files('a.html'),
      ),
    ).toMatchObject({ ok: false, reason: 'not-scorm-12' });
  });
});

describe('checkedEntryPath', () => {
  it('keeps ordinary paths, dropping . segments and repeated slashes', () => {
    expect(checkedEntryPath('content/index.html')).toBe('content/index.html');
    expect(checkedEntryPath('./content//a b/ảnh.png')).toBe('content/a b/ảnh.png');
    expect(checkedEntryPath('content/')).toBe('content/');
    expect(checkedEntryPath('..hidden/file..js')).toBe('..hidden/file..js');
  });

  it.each([
    ['../x'],
    ['content/../../x'],
    ['a/..'],
    ['/etc/passwd'],
    ['C:/Windows/x'],
    ['c:x'],
    ['content\\..\\x'],
    ['a\u0000b'],
    ['a\nb'],
    [''],
    ['./'],
  ])('refuses %j', (name) => {
    expect(checkedEntryPath(name)).toBeNull();
  });
});
