// Progress of one long run on a terminal (stderr): virtual time reached, events per
// second, then "checking" while the linearizability search runs. Drawn at most every
// 200ms and only after the first second (FAULTLINE_PROGRESS_AFTER_MS changes that wait), so
// short runs print nothing; erased when done.
import { humanDurationUs } from './text.js';
import { err } from './stdio.js';

const FIRST_AFTER_MS_DEFAULT = 1_000;
const EVERY_MS = 200;

export interface RunProgress {
  readonly running: (virtualUs: number, events: number) => void;
  readonly checking: (historyEvents: number) => void;
  readonly done: () => void;
}

/** The wait before the first progress line: a whole number of milliseconds, else the default. */
function progressWaitMs(raw: string | undefined): number {
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : FIRST_AFTER_MS_DEFAULT;
}

export function runProgress(durationUs: number, enabled: boolean): RunProgress {
  if (!enabled) return { running: () => {}, checking: () => {}, done: () => {} };
  const firstAfterMs = progressWaitMs(process.env.FAULTLINE_PROGRESS_AFTER_MS);
  const started = performance.now();
  let drawnAt = -Infinity;
  let shown = false;
  const draw = (text: string, force: boolean) => {
    const now = performance.now();
    if (!force && (now - started < firstAfterMs || now - drawnAt < EVERY_MS)) return;
    drawnAt = now;
    shown = true;
    err(`\r${text}\x1b[K`);
  };
  return {
    running: (virtualUs, events) => {
      const perSecond = Math.round(events / Math.max(0.001, (performance.now() - started) / 1000));
      draw(`running: ${humanDurationUs(virtualUs)} of ${humanDurationUs(durationUs)} virtual, ${perSecond.toLocaleString('en-US')} events/s`, false);
    },
    checking: (historyEvents) => {
      draw(`checking linearizability of ${historyEvents.toLocaleString('en-US')} history events...`, true);
    },
    done: () => {
      if (shown) err('\r\x1b[K');
    },
  };
}
