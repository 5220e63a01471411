// `--out DIR`: the run's history (JSON and Jepsen EDN), its trace (JSON lines, streamed
// as the run goes so memory stays flat) and the result (the `--json` object).
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { historyToEdn, historyToJson } from '../../checkers/formats/history-io.js';
import type { HistoryOp } from '../../checkers/history.js';
import type { TraceEvent } from '../../sim/trace.js';
import { UsageError } from '../errors.js';

const FLUSH_CHARS = 1 << 16;

/** Streams trace events to `file` as JSON lines. */
export class TraceFileWriter {
  private readonly fd: number;
  private buffer = '';

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
  }

  write(event: TraceEvent): void {
    this.buffer += JSON.stringify(event) + '\n';
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}

/**
 * `mkdir -p DIR`, one level at a time. Node's own recursive mkdir retries forever on some
 * paths (under /proc it keeps getting ENOENT), so a bad --out would hang instead of failing.
 */
export function prepareOutDir(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  try {
    for (const d of missing) mkdirSync(d);
    accessSync(dir, constants.W_OK);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    throw new UsageError(`--out ${dir}: cannot create or write the directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function writeRunFiles(dir: string, history: readonly HistoryOp[], resultJson: unknown): string[] {
  const files = {
    'history.json': historyToJson(history),
    'history.edn': historyToEdn(history),
    'result.json': JSON.stringify(resultJson, null, 2) + '\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return [...Object.keys(files).map((name) => join(dir, name)), join(dir, 'trace.jsonl')];
}
