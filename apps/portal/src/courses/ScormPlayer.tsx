import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n';
import { api } from '../api/client';
import { errorMessage, unwrap } from '../api/errors';
import { Loading } from '../layout/Loading';
import type { ScormCmi } from './outbox';

/**
 * The SCORM 1.2 calls the package's frame forwards (the API's shim served with the package, libs/course/src/scorm/
 * scorm-shim.ts: `{source: 'haidang-scorm', version: 1, method, args}`, answered in the frame from its own copy of the
 * data model, so nothing is posted back), and nothing else.
 */
const ALLOWED = new Set(['LMSInitialize', 'LMSFinish', 'LMSSetValue', 'LMSCommit']);
const SAVING = new Set(['LMSCommit', 'LMSFinish']);
const STATUSES = ['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted'] as const;

interface ShimMessage {
  source: 'haidang-scorm';
  version: 1;
  method: string;
  args: unknown[];
}

const isShimMessage = (data: unknown): data is ShimMessage =>
  typeof data === 'object' &&
  data !== null &&
  (data as ShimMessage).source === 'haidang-scorm' &&
  (data as ShimMessage).version === 1 &&
  typeof (data as ShimMessage).method === 'string' &&
  Array.isArray((data as ShimMessage).args);

type Runtime = {
  cmi: {
    core: {
      lesson_status: string;
      lesson_location: string;
      score: { raw: string; min: string; max: string };
    };
    suspend_data: string;
  };
  loadFromJSON(json: Record<string, unknown>, element?: string): void;
} & Record<string, unknown>;

const num = (s: string): number | null => (s === '' || !Number.isFinite(Number(s)) ? null : Number(s));

/**
 * What the API stores of a run (cmi.core.*), read from the runtime after a commit. session_time is write-only in
 * SCORM 1.2 (the runtime throws on reading it), so the last value the package set is passed in.
 */
function cmiOf(rt: Runtime, sessionTime: string): ScormCmi {
  const core = rt.cmi.core;
  const status = (STATUSES as readonly string[]).includes(core.lesson_status)
    ? (core.lesson_status as ScormCmi['lessonStatus'])
    : 'incomplete';
  return {
    lessonStatus: status,
    scoreRaw: num(core.score.raw),
    scoreMin: num(core.score.min),
    scoreMax: num(core.score.max),
    suspendData: rt.cmi.suspend_data ?? '',
    lessonLocation: core.lesson_location ?? '',
    sessionTime,
  };
}

/**
 * Plays a SCORM 1.2 package: its launch page in a sandboxed frame (scripts and forms, but an opaque origin, so it can
 * reach neither this page, its storage and token, nor another course's data), and scorm-again's SCORM 1.2 runtime
 * here, loaded only when a package is opened. The frame's shim (served with the package) posts each call; only calls
 * from that frame are taken. Each LMSCommit/LMSFinish hands the run's cmi.core to `onCommit`
 * (the progress outbox).
 */
export function ScormPlayer({
  lessonId,
  title,
  onCommit,
}: {
  lessonId: string;
  title: string;
  onCommit: (cmi: ScormCmi) => void;
}) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const [launchUrl, setLaunchUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const commit = useRef(onCommit);
  commit.current = onCommit;

  useEffect(() => {
    let runtime: Runtime | null = null;
    let sessionTime = '';
    let cancelled = false;
    const onMessage = (ev: MessageEvent) => {
      // Only the package's own frame is listened to; its runtime (scorm-again) checks every value before it counts.
      if (!runtime || !frame.current || ev.source !== frame.current.contentWindow) return;
      const msg = ev.data as unknown;
      if (!isShimMessage(msg) || !ALLOWED.has(msg.method)) return;
      const args = msg.args.slice(0, 2).map((a) => String(a ?? ''));
      let result: unknown;
      try {
        result = (runtime[msg.method] as (...a: string[]) => unknown).apply(runtime, args);
      } catch {
        // A call the runtime refuses changes nothing.
      }
      if (msg.method === 'LMSSetValue' && args[0] === 'cmi.core.session_time' && result === 'true')
        sessionTime = args[1]!;
      if (SAVING.has(msg.method)) commit.current(cmiOf(runtime, sessionTime));
    };
    void (async () => {
      try {
        const launch = await unwrap(
          api.POST('/api/v1/lessons/{lessonId}/scorm-launch', { params: { path: { lessonId } } }),
        );
        // Only the SCORM 1.2 part of scorm-again, in a chunk of its own (its typings describe a default export; the
        // ESM build names it).
        const { Scorm12API } = (await import('scorm-again/scorm12')) as unknown as {
          Scorm12API: new (settings: Record<string, unknown>) => unknown;
        };
        if (cancelled) return;
        const rt = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 }) as unknown as Runtime;
        const saved = launch.cmi;
        const resuming = !!(saved.suspendData || saved.lessonLocation) || saved.lessonStatus !== 'not attempted';
        try {
          rt.loadFromJSON({
            core: {
              lesson_status: saved.lessonStatus,
              lesson_location: saved.lessonLocation ?? '',
              entry: resuming ? 'resume' : 'ab-initio',
              score: {
                raw: saved.scoreRaw === null || saved.scoreRaw === undefined ? '' : String(saved.scoreRaw),
                min: saved.scoreMin === null || saved.scoreMin === undefined ? '' : String(saved.scoreMin),
                max: saved.scoreMax === null || saved.scoreMax === undefined ? '' : String(saved.scoreMax),
              },
            },
            suspend_data: saved.suspendData ?? '',
          });
        } catch {
          // A saved value the runtime will not take (an old package's odd status) starts the run afresh.
        }
        runtime = rt;
        window.addEventListener('message', onMessage);
        setLaunchUrl(launch.launchUrl);
      } catch (e) {
        if (!cancelled) setError(e);
      }
    })();
    return () => {
      cancelled = true;
      window.removeEventListener('message', onMessage);
      runtime = null;
    };
  }, [lessonId]);

  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!launchUrl) return <Loading />;
  return (
    <Box
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'hidden', bgcolor: '#fff', height: '70vh' }}
    >
      <iframe
        ref={frame}
        src={launchUrl}
        title={t('lesson.scormTitle', { title })}
        sandbox="allow-scripts allow-forms"
        referrerPolicy="no-referrer"
        style={{ width: '100%', height: '100%', border: 0, display: 'block' }}
      />
    </Box>
  );
}
