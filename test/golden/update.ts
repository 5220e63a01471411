// Regenerate the golden files: test/golden/trace-hashes.json (every shipped scenario at its
// own seed, and its trace hash) and the transcripts in test/golden/transcripts/. Run it with
// `npm run golden:update` (it compiles first), look at `git diff test/golden`, and say in the
// commit message why each hash that moved had to move.
import { GOLDEN_HASHES_FILE, readGoldenHashes, writeGoldenHashes, type GoldenHashes } from '../support/shipped-scenarios.js';
import { TRANSCRIPTS, TRANSCRIPTS_DIR, writeTranscripts } from '../support/transcripts.js';

function previous(): GoldenHashes {
  try {
    return readGoldenHashes();
  } catch {
    return {};
  }
}

const before = previous();
const after = writeGoldenHashes();
const moved = Object.keys(after).filter((file) => before[file]?.traceHash !== after[file]!.traceHash);
const gone = Object.keys(before).filter((file) => after[file] === undefined);
for (const file of moved) process.stdout.write(`${before[file] === undefined ? 'new  ' : 'moved'} ${file}\n`);
for (const file of gone) process.stdout.write(`gone  ${file}\n`);
process.stdout.write(`${GOLDEN_HASHES_FILE}: ${Object.keys(after).length} scenarios, ${moved.length} new or moved, ${gone.length} gone\n`);
writeTranscripts();
process.stdout.write(`${TRANSCRIPTS_DIR}: ${TRANSCRIPTS.length} transcripts written (see git diff)\n`);
