// Transcripts: small runs whose whole trace, one line per event as `faultline run --trace`
// prints it (without colour), is checked in under test/golden/transcripts/ and compared
// line by line. A transcript shows what changed in a run where a trace hash only says that
// something did. `npm run golden:update` rewrites them with the golden hashes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEvent, formatTime } from '../../cli/output/describe.js';
import { PROTOCOLS } from '../../protocols/registry.js';
import { runScenario } from '../../sim/run.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import type { TraceEvent } from '../../sim/trace.js';

export const TRANSCRIPTS_DIR = join('test', 'golden', 'transcripts');

export interface TranscriptCase {
  /** File name under TRANSCRIPTS_DIR, without `.txt`. */
  readonly name: string;
  /** A shipped scenario, cut down by overrides (`--set` syntax) to a few hundred events. */
  readonly file: string;
  readonly overrides: readonly string[];
}

export const TRANSCRIPTS: readonly TranscriptCase[] = [
  { name: 'raft-election-and-writes', file: 'scenarios/raft/happy-path.yaml', overrides: ['duration=300ms', 'settle=0', 'nodes=3', 'clients=1', 'workload.rate=20/s'] },
  { name: 'paxos-proposals', file: 'scenarios/paxos/happy-path.yaml', overrides: ['duration=100ms', 'settle=0', 'nodes=3', 'clients=2', 'workload.rate=40/s'] },
  { name: '2pc-vote-no', file: 'scenarios/2pc/vote-no.yaml', overrides: ['duration=100ms', 'settle=0', 'clients=1', 'workload.rate=50/s'] },
];

/** The run's trace, one line per event, ending with its verdict and trace hash. */
export function transcriptOf(c: TranscriptCase): string {
  const scenario = loadScenarioFile(c.file, { protocols: PROTOCOLS, overrides: c.overrides });
  const lines: string[] = [`# ${c.file} ${c.overrides.join(' ')} (seed ${scenario.seed})`];
  const result = runScenario(scenario, PROTOCOLS.get(scenario.protocol)!, {
    traceSink: (e: TraceEvent) => lines.push(`${formatTime(e.timeUs)} ${describeEvent(e)}`),
  });
  lines.push(`# verdict ${result.verdict}, ${result.stats.events} events, trace hash ${result.traceHash}`);
  return `${lines.join('\n')}\n`;
}

export const transcriptPath = (c: TranscriptCase) => join(TRANSCRIPTS_DIR, `${c.name}.txt`);

export function writeTranscripts(): void {
  for (const c of TRANSCRIPTS) writeFileSync(transcriptPath(c), transcriptOf(c));
}

/** Where two transcripts first differ, with a few lines of context, or null when they agree. */
export function transcriptDiff(expected: string, actual: string, contextLines = 3): string | null {
  if (expected === actual) return null;
  const want = expected.split('\n');
  const got = actual.split('\n');
  let at = 0;
  while (at < want.length && at < got.length && want[at] === got[at]) at++;
  const from = Math.max(0, at - contextLines);
  const show = (lines: string[], mark: string) =>
    lines.slice(from, at + contextLines + 1).map((l, k) => `${from + k === at ? mark : ' '} ${String(from + k + 1).padStart(5)} ${l}`);
  return [
    `first difference at line ${at + 1} (golden ${want.length} lines, now ${got.length})`,
    'golden:',
    ...show(want, '-'),
    'now:',
    ...show(got, '+'),
  ].join('\n');
}

export const readTranscript = (c: TranscriptCase) => readFileSync(transcriptPath(c), 'utf8');
