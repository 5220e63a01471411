// Chunk 3 of the shipped-scenario runs (see shipped-chunk.ts).
import { describeShippedChunk } from './shipped-chunk.js';

describeShippedChunk(2);
