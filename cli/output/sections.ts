// The run summary as sections of labelled figures: `operations`, `network`, `protocol`,
// `checks`, `run`. Each figure is shown by default or only with --verbose. A new kind of
// figure (per client, per operation type) is one more section in runSections(); the
// renderer lays any section out the same way: its title, then `label value` items joined
// by ` · `, wrapped at item boundaries to the terminal width.
import chalk from 'chalk';
import type { RunResult } from '../../sim/run.js';
import { PROTOCOLS } from '../../protocols/registry.js';
import { measureSections } from './measures.js';
import { count, humanDurationUs, wrapWords } from './text.js';

export interface Figure {
  readonly label: string;
  readonly value: string;
  /** Shown only with --verbose. */
  readonly verbose?: boolean;
}

export interface Section {
  readonly title: string;
  readonly figures: readonly Figure[];
}

const TITLE_WIDTH = 11;
const KEEP = '\u001f';

export function renderSections(sections: readonly Section[], verbose: boolean, width: number): string[] {
  const lines: string[] = [];
  for (const section of sections) {
    const items = section.figures.filter((f) => verbose || !f.verbose).map((f) => (f.label === '' ? f.value : `${f.label} ${f.value}`));
    if (items.length === 0) continue;
    const indent = ' '.repeat(TITLE_WIDTH);
    // Wrap whole items: a placeholder that is not whitespace keeps each item on one line.
    const wrapped = wrapWords(items.map((i) => i.replace(/ /g, KEEP)).join(' · '), width - TITLE_WIDTH);
    wrapped.forEach((line, i) => {
      const text = line.split(KEEP).join(' ');
      lines.push(i === 0 ? `${chalk.bold(section.title.padEnd(TITLE_WIDTH - 1))} ${text}` : `${indent}${text}`);
    });
  }
  return lines;
}

function latency(us: number | null): string {
  return us === null ? '-' : humanDurationUs(us);
}

export function runSections(result: RunResult): Section[] {
  const s = result.stats;
  const m = s.messages;
  const droppedBy = Object.entries(m.droppedBy).filter(([, n]) => n > 0).map(([why, n]) => `${why} ${count(n)}`);
  const sections: Section[] = [
    {
      title: 'operations',
      figures: [
        { label: '', value: `${count(s.ops.ok)} ok, ${count(s.ops.fail)} failed, ${count(s.ops.info)} unknown outcome` },
        // Open loop: an op falls due while every client is busy or down, so it is never sent.
        ...(s.ops.skipped > 0 ? [{ label: '', value: `${count(s.ops.skipped)} skipped (due while every client was busy or down)` }] : []),
        { label: 'invoked', value: count(s.ops.invoked), verbose: true },
        { label: 'latency', value: `p50 ${latency(s.latencyUs.p50)}, p99 ${latency(s.latencyUs.p99)}` },
      ],
    },
    {
      title: 'network',
      figures: [
        { label: 'messages', value: `${count(m.sent)} sent, ${count(m.delivered)} delivered, ${count(m.dropped)} dropped` },
        { label: 'dropped by', value: droppedBy.length > 0 ? droppedBy.join(', ') : 'none', verbose: true },
        { label: 'duplicated', value: count(m.duplicated), verbose: true },
        { label: 'per op', value: m.perOp === null ? '-' : String(m.perOp) },
        { label: 'bytes', value: count(m.bytes), verbose: true },
      ],
    },
    { title: 'protocol', figures: protocolFigures(result) },
    { title: 'checks', figures: checkFigures(result) },
    ...measureSections(result),
    {
      title: 'run',
      figures: [
        { label: 'virtual time', value: humanDurationUs(s.virtualTimeUs) },
        { label: 'events', value: count(s.events) },
        { label: 'faults', value: count(s.faults) },
        { label: 'speed', value: s.speedup === null ? '-' : `${count(s.speedup)}x real time` },
        { label: 'wall time', value: s.wallMs === null ? '-' : humanDurationUs(s.wallMs * 1000), verbose: true },
        { label: 'trace events', value: count(s.traceEvents), verbose: true },
        { label: 'trace hash', value: result.traceHash, verbose: true },
      ],
    },
  ];
  return sections;
}

/** Protocol figures with the protocol's own labels; names ending in `Us` are durations. */
function protocolFigures(result: RunResult): Figure[] {
  const labels = PROTOCOLS.get(result.protocol)?.statLabels ?? {};
  return Object.entries(result.stats.protocol).map(([name, value]) => ({
    label: labels[name] ?? name.replace(/Us$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(),
    value: /Us$/.test(name) ? humanDurationUs(value) : count(value),
  }));
}

/** One figure per checked history (`main` unlabelled), and the drain when there was one. */
function checkFigures(result: RunResult): Figure[] {
  const figures: Figure[] = result.histories.map((h) => {
    const time = h.elapsedMs === null ? '' : `, ${humanDurationUs(h.elapsedMs * 1000)}`;
    const mode = h.mode === 'report' ? ', report only' : '';
    return { label: h.history === 'main' ? '' : h.history, value: `${h.verdict} (${h.model}${time}${mode})` };
  });
  figures.push({ label: 'search steps', value: result.histories.map((h) => count(h.steps)).join(' + ') || '-', verbose: true });
  if (result.drain.configuredUs > 0) figures.push({ label: 'drain', value: `${humanDurationUs(result.drain.usedUs)} of ${humanDurationUs(result.drain.configuredUs)}` });
  return figures;
}
