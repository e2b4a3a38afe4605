import { useEffect, useRef, useState } from 'react';

/** Moments worth telling a screen-reader user about: 5 minutes, 1 minute, 10 seconds left. */
const ANNOUNCE_AT_MS = [300_000, 60_000, 10_000];

/**
 * Time left until a server deadline, on the server's clock (this phone's clock plus the measured offset), ticking
 * four times a second. `announcement` changes only when a threshold above is crossed, for an aria-live region.
 */
export function useCountdown(deadline: string | null, offsetMs: number) {
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState<number | null>(null);
  const last = useRef<number | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const remainingMs = deadline ? Date.parse(deadline) - (now + offsetMs) : Number.POSITIVE_INFINITY;
  useEffect(() => {
    const crossed = ANNOUNCE_AT_MS.find((at) => remainingMs <= at && remainingMs > at - 5_000);
    if (crossed !== undefined && last.current !== crossed) {
      last.current = crossed;
      setAnnouncement(crossed);
    }
  }, [remainingMs]);
  return { remainingMs, announcement };
}
