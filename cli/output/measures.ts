// The measures of a run for people and for `--json`: named measures, ok/fail/info and
// latency per op type and per client, availability per client over time. Its own
// section of the summary, below the main table.
import Table from 'cli-table3';
import type { LatencyPercentiles, OpCountsAndLatency } from '../../checkers/measures/op-stats.js';
import type { RunResult } from '../../sim/run.js';

/** `--json` fields: `measures`, `byType`, `byClient`, `availability`, `consistency`. */
export function measuresJson(result: RunResult): Record<string, unknown> {
  const b = result.breakdown;
  return {
    measures: result.measures,
    byType: b?.byType ?? null,
    byClient: b?.byClient ?? null,
    availability: b?.availability ?? null,
    consistency: result.consistency,
  };
}

function ms(us: number | null): string {
  return us === null ? '-' : `${(us / 1000).toFixed(2)}ms`;
}

function latencies(l: LatencyPercentiles): string {
  return `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.p999)}`;
}

function percent(x: number | null): string {
  return x === null ? '-' : `${(x * 100).toFixed(1)}%`;
}

function row(name: string, c: OpCountsAndLatency): string[] {
  return [name, `${c.ok} / ${c.fail} / ${c.info}`, latencies(c.latencyUs)];
}

/** A client's windows as one line: lowest and mean fraction, and the windows at zero. */
function availabilityText(windows: readonly (number | null)[]): string {
  const seen = windows.filter((w): w is number => w !== null);
  if (seen.length === 0) return '-';
  const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
  const zero = seen.filter((w) => w === 0).length;
  return `min ${percent(Math.min(...seen))}  mean ${percent(mean)}  ${zero}/${seen.length} windows at 0`;
}

/** The measures section of the terminal summary. */
export function measuresTable(result: RunResult): string {
  const b = result.breakdown;
  if (b === null) return '';
  const table = new Table({ head: ['by op / client', 'ok / fail / info', 'p50 / p99 / p999'], style: { head: [], border: [] } });
  for (const [f, c] of Object.entries(b.byType)) table.push(row(f, c));
  for (const [client, c] of Object.entries(b.byClient)) table.push(row(client, c));
  const window = `${b.availability.windowUs / 1000}ms`;
  for (const [client, windows] of Object.entries(b.availability.byClient)) {
    table.push([`${client} availability`, { colSpan: 2, content: `${availabilityText(windows)} (${window} windows)` }]);
  }
  const c = result.consistency;
  if (c !== null && c.tVisibility.some((bucket) => bucket.reads > 0)) {
    const curve = c.tVisibility
      .filter((bucket) => bucket.reads > 0)
      .map((bucket) => `${ms(bucket.fromUs)}+ ${percent(bucket.consistent)}`)
      .join(', ');
    table.push(['fresh reads by time since the write', { colSpan: 2, content: curve }]);
  }
  const named = Object.entries(result.measures)
    .filter(([, v]) => v !== null)
    .map(([name, v]) => `${name} ${name.endsWith('Fraction') || name.startsWith('availability') ? percent(v) : name.endsWith('Us') ? ms(v) : String(v)}`);
  return table.toString() + (named.length > 0 ? `\nmeasures ${named.join('  ')}` : '');
}
