/** The name the shim is served under inside every package's path (no package file may take it). */
export const SHIM_FILE = '__haidang_scorm_api.js';

/** The run-time data a package resumes with, as the shim hands it to LMSGetValue. */
export interface ShimState {
  lessonStatus: string;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  suspendData: string;
  lessonLocation: string;
  totalSeconds: number;
  studentId: string;
}

function scormTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = String(Math.floor(s / 3600)).padStart(4, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

/**
 * The SCORM 1.2 API object (`window.API`) a package's pages find in their own window (SCORM's API discovery looks at
 * the window itself before its parents). It answers the package synchronously from its own copy of the data model,
 * seeded with the learner's saved state, and forwards every call to the portal with postMessage; the portal's runtime
 * (scorm-again) validates and saves. The frame is an opaque origin: it cannot read the portal, and the portal only
 * listens to messages whose source is its frame. See libs/course/SCORM.md.
 */
export function scormShimScript(state: ShimState): string {
  const notAttempted = state.lessonStatus === 'not attempted';
  const values: Record<string, string> = {
    'cmi.core.student_id': state.studentId,
    'cmi.core.student_name': '',
    'cmi.core.lesson_location': state.lessonLocation,
    'cmi.core.credit': 'credit',
    'cmi.core.lesson_status': state.lessonStatus,
    'cmi.core.entry': notAttempted ? 'ab-initio' : 'resume',
    'cmi.core.score.raw': state.scoreRaw === null ? '' : String(state.scoreRaw),
    'cmi.core.score.min': state.scoreMin === null ? '' : String(state.scoreMin),
    'cmi.core.score.max': state.scoreMax === null ? '' : String(state.scoreMax),
    'cmi.core.total_time': scormTime(state.totalSeconds),
    'cmi.core.lesson_mode': 'normal',
    'cmi.core.exit': '',
    'cmi.core.session_time': '',
    'cmi.suspend_data': state.suspendData,
    'cmi.launch_data': '',
    'cmi.comments': '',
    'cmi.comments_from_lms': '',
  };
  // JSON inside a script: "</script>" and U+2028/2029 cannot end it or break it.
  const json = JSON.stringify(values)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `(function () {
  'use strict';
  var values = ${json};
  var readOnly = { 'cmi.core.student_id': 1, 'cmi.core.student_name': 1, 'cmi.core.credit': 1, 'cmi.core.entry': 1,
    'cmi.core.total_time': 1, 'cmi.core.lesson_mode': 1, 'cmi.launch_data': 1, 'cmi.comments_from_lms': 1 };
  var writeOnly = { 'cmi.core.exit': 1, 'cmi.core.session_time': 1 };
  var state = 'new';
  var lastError = '0';
  var messages = { '0': 'No error', '101': 'General exception', '201': 'Invalid argument error',
    '301': 'Not initialized', '401': 'Not implemented error', '403': 'Element is read only',
    '404': 'Element is write only', '405': 'Incorrect data type' };
  function post(method, args) {
    try { window.parent.postMessage({ source: 'haidang-scorm', version: 1, method: method, args: args }, location.origin); }
    catch (e) { /* no parent: nothing to tell */ }
  }
  function fail(code) { lastError = code; return 'false'; }
  function running() { if (state !== 'running') { lastError = '301'; return false; } return true; }
  window.API = {
    LMSInitialize: function (arg) {
      if (arg !== '' && arg !== undefined) return fail('201');
      if (state === 'running') return fail('101');
      state = 'running'; lastError = '0'; post('LMSInitialize', ['']); return 'true';
    },
    LMSFinish: function (arg) {
      if (arg !== '' && arg !== undefined) return fail('201');
      if (!running()) return 'false';
      state = 'finished'; lastError = '0'; post('LMSFinish', ['']); return 'true';
    },
    LMSGetValue: function (element) {
      if (!running()) return '';
      element = String(element);
      if (writeOnly[element]) { lastError = '404'; return ''; }
      if (!Object.prototype.hasOwnProperty.call(values, element)) {
        lastError = element.indexOf('._count') > 0 ? '0' : '401';
        return element.indexOf('._count') > 0 ? '0' : '';
      }
      lastError = '0'; return values[element];
    },
    LMSSetValue: function (element, value) {
      if (!running()) return 'false';
      element = String(element); value = String(value);
      if (readOnly[element]) return fail('403');
      if (element.indexOf('cmi.') !== 0) return fail('201');
      values[element] = value; lastError = '0'; post('LMSSetValue', [element, value]); return 'true';
    },
    LMSCommit: function (arg) {
      if (arg !== '' && arg !== undefined) return fail('201');
      if (!running()) return 'false';
      lastError = '0'; post('LMSCommit', ['']); return 'true';
    },
    LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: function (code) { return messages[String(code)] || ''; },
    LMSGetDiagnostic: function (code) { return messages[String(code || lastError)] || ''; }
  };
  window.addEventListener('pagehide', function () { if (state === 'running') post('LMSCommit', ['']); });
})();
`;
}
