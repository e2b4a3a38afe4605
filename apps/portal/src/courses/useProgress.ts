import { useCallback, useEffect, useRef, useState } from 'react';
import { queueProgress, readProgressOutbox, sendProgress, type NewProgress, type ProgressOutcome } from './outbox';

const RETRY_MS = 5000;

/**
 * A lesson page's link to the progress outbox: queue an entry and send it at once; when the network is away the
 * page says so and retries (and again on the browser's `online`), until nothing is left on the phone.
 */
export function useProgress(onOutcome: (o: ProgressOutcome) => void) {
  const [offline, setOffline] = useState(!navigator.onLine);
  const [waiting, setWaiting] = useState(0);
  const running = useRef<Promise<unknown> | null>(null);
  const again = useRef(false);
  const outcome = useRef(onOutcome);
  outcome.current = onOutcome;

  const flush = useCallback((): Promise<unknown> => {
    if (running.current) {
      again.current = true;
      return running.current;
    }
    const run = (async () => {
      let result: 'done' | 'offline';
      do {
        again.current = false;
        result = await sendProgress((o) => {
          setOffline(o.kind === 'offline');
          outcome.current(o);
        });
      } while (again.current && result === 'done');
      setWaiting((await readProgressOutbox()).length);
    })();
    running.current = run.finally(() => (running.current = null));
    return running.current;
  }, []);

  const queue = useCallback(
    async (entry: NewProgress) => {
      await queueProgress(entry);
      setWaiting((await readProgressOutbox()).length);
      await flush();
    },
    [flush],
  );

  useEffect(() => {
    void flush();
    const online = () => void flush();
    const goOffline = () => setOffline(true);
    window.addEventListener('online', online);
    window.addEventListener('offline', goOffline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', goOffline);
    };
  }, [flush]);

  useEffect(() => {
    if (!offline || waiting === 0) return;
    const timer = setInterval(() => void flush(), RETRY_MS);
    return () => clearInterval(timer);
  }, [offline, waiting, flush]);

  return { queue, offline, waiting };
}
