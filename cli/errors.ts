// Operating errors (bad input) are not bugs: one line, exit code 2, no stack trace.
import { HistoryFormatError } from '../checkers/errors.js';
import { ScenarioError } from '../sim/scenario/errors.js';

/** A bad command line: an unreadable option value, a missing file, a bad seed range. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_AS_EXPECTED = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_BAD_INPUT = 2;
/** A capture bound no node and the scenario says that skips the run (expect.emptyCapture: skipped). */
export const EXIT_SKIPPED = 4;

/** The one line to print for an input error, or null when `error` is a real bug. */
export function inputErrorLine(error: unknown): string | null {
  if (error instanceof ScenarioError || error instanceof UsageError) return error.message;
  if (error instanceof HistoryFormatError) return error.oneLine();
  return null;
}
