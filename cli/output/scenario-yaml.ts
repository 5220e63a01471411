// Scenario files written by faultline (run --nemesis-out, shrink): YAML with a comment on
// top saying where the file came from, each fault entry on one line as people write them.
import { writeFileSync } from 'node:fs';
import { Document, isMap, isSeq } from 'yaml';
import { UsageError } from '../errors.js';

/** One fault entry as a line of YAML: `{ at: 1.2s, crash: [ leader ], for: 2s }`. */
export function faultLine(entry: Record<string, unknown>): string {
  return new Document(entry, { flow: true }).toString({ lineWidth: 0 }).trim();
}

export function scenarioYaml(doc: Record<string, unknown>, comment: readonly string[]): string {
  const yaml = new Document(doc);
  const faults = yaml.get('faults');
  if (isSeq(faults)) for (const item of faults.items) if (isMap(item)) item.flow = true;
  yaml.commentBefore = comment.map((line) => ` ${line}`).join('\n');
  return yaml.toString({ lineWidth: 0 });
}

/** Write a scenario file; a path that cannot be written is bad input (exit 2). */
export function writeScenarioFile(path: string, doc: Record<string, unknown>, comment: readonly string[]): void {
  try {
    writeFileSync(path, scenarioYaml(doc, comment));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new UsageError(`${path}: cannot write the scenario (${typeof code === 'string' ? code : 'unwritable'})`);
  }
}
