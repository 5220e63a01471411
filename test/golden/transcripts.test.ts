// Each transcript (test/support/transcripts.ts) matches the one checked in, line for line.
import { describe, expect, it } from 'vitest';
import { readTranscript, transcriptDiff, transcriptOf, transcriptPath, TRANSCRIPTS } from '../support/transcripts.js';
import { REGENERATE_COMMAND } from '../support/shipped-scenarios.js';

describe('transcripts', () => {
  it.each(TRANSCRIPTS.map((c) => [c.name, c] as const))('%s matches its checked-in trace', (_name, c) => {
    const diff = transcriptDiff(readTranscript(c), transcriptOf(c));
    const help = `${transcriptPath(c)} no longer matches the run.\n${diff}\nIf the change is meant, run \`${REGENERATE_COMMAND}\` and say why in the commit message.`;
    expect(diff === null, help).toBe(true);
  });

  it('reports the first differing line with context', () => {
    const diff = transcriptDiff('a\nb\nc\nd\n', 'a\nb\nX\nd\n', 1)!;
    expect(diff).toMatch(/^first difference at line 3/);
    expect(diff).toContain('-     3 c');
    expect(diff).toContain('+     3 X');
    expect(transcriptDiff('same\n', 'same\n')).toBeNull();
  });
});
