/**
 * A small SCORM 1.2 package written in code: the demo course's lecture and the tests' package (test/support/
 * scorm-package.ts zips it). Its page finds the API the standard way, initializes, resumes from lesson_location, and
 * on "Hoàn thành" sets the status and a score, commits and finishes — what iSpring or Captivate output does.
 */
export function sampleScormFiles(
  title = 'Bài giảng: Nhận diện lừa đảo trực tuyến',
  options: { extraScript?: string } = {},
): { path: string; data: Buffer }[] {
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="haidang-mau" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1">
      <title>${escapeXml(title)}</title>
      <item identifier="item1" identifierref="res1"><title>${escapeXml(title)}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="content/index.html">
      <file href="content/index.html"/>
      <file href="content/lesson.js"/>
    </resource>
  </resources>
</manifest>
`;
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>body{font-family:sans-serif;margin:1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<p id="trang">Trang 1/2: Kẻ gian thường giả danh cơ quan nhà nước, ngân hàng hoặc người quen để xin mã OTP.</p>
<p>Không bao giờ cung cấp mã OTP, mật khẩu cho bất kỳ ai, kể cả người tự xưng là công an hay nhân viên ngân hàng.</p>
<button id="tiep" type="button">Trang tiếp</button>
<button id="xong" type="button">Hoàn thành</button>
<p id="trang-thai" role="status"></p>
<script src="lesson.js"></script>
</body>
</html>
`;
  const script = `(function () {
  function findAPI(win) {
    var tries = 0;
    while (win.API == null && win.parent != null && win.parent != win && tries < 10) { tries++; win = win.parent; }
    return win.API;
  }
  var api = null;
  try { api = findAPI(window); } catch (e) { api = null; }
  var status = document.getElementById('trang-thai');
  if (!api) { status.textContent = 'Không tìm thấy LMS.'; return; }
  api.LMSInitialize('');
  var location = api.LMSGetValue('cmi.core.lesson_location');
  if (location) status.textContent = 'Tiếp tục từ ' + location;
  if (api.LMSGetValue('cmi.core.lesson_status') === 'not attempted') api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
  api.LMSCommit('');
  document.getElementById('tiep').onclick = function () {
    document.getElementById('trang').textContent = 'Trang 2/2: Gặp dấu hiệu lừa đảo, hãy báo ngay cho công an phường.';
    api.LMSSetValue('cmi.core.lesson_location', 'trang-2');
    api.LMSSetValue('cmi.suspend_data', 'trang=2');
    api.LMSCommit('');
  };
  document.getElementById('xong').onclick = function () {
    api.LMSSetValue('cmi.core.score.raw', '90');
    api.LMSSetValue('cmi.core.score.min', '0');
    api.LMSSetValue('cmi.core.score.max', '100');
    api.LMSSetValue('cmi.core.lesson_status', 'passed');
    api.LMSSetValue('cmi.core.session_time', '0000:05:30.00');
    api.LMSCommit('');
    api.LMSFinish('');
    status.textContent = 'Đã hoàn thành bài giảng.';
  };
  ${options.extraScript ?? ''}
})();
`;
  return [
    { path: 'imsmanifest.xml', data: Buffer.from(manifest, 'utf8') },
    { path: 'content/index.html', data: Buffer.from(html, 'utf8') },
    { path: 'content/lesson.js', data: Buffer.from(script, 'utf8') },
  ];
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
