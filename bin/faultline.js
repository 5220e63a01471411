#!/usr/bin/env node
// The CLI, compiled to dist/ by `npm run build` (also run by `prepare` on a clone's
// `npm install` and by `prepack` before `npm pack`/`npm publish`).
import '../dist/cli/main.js';
