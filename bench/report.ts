// The HTML report on a big run: scenarios/raft/random-faults.yaml stretched to 80 virtual
// seconds (about 110,000 trace events).
//   collect-cpu     CPU time to run the scenario while keeping what the report draws
//   plain-run-cpu   the same run without (what `run` costs anyway), for comparison
//   html-size       the report file's size
//   load-ms         chromium: from navigation to the first full drawing (needs /usr/bin/chromium)
//   zoom-ms         chromium: one wheel zoom to the redrawn page, median of 10
// Run it compiled (`npm run bench report`, or `node dist/bench/main.js report`).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectRun } from '../cli/report/collect.js';
import { renderReportHtml } from '../cli/report/html.js';
import { loadScenario } from '../cli/scenario-input.js';
import { runScenario } from '../sim/run.js';
import type { BenchResult } from './main.js';
import { benchScenarioFile, cpuMsOf } from './common.js';

const SCENARIO = 'scenarios/raft/random-faults.yaml';
const SET = ['duration=80s', 'nemesis.stop=77s'];
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ZOOMS = 10;
/** In the page: wheel in at the diagram's middle, then wait two frames (the redraw runs in the first). */
const ZOOM_ONCE = `new Promise((resolve) => {
  const svg = document.getElementById('spacetime');
  const r = svg.getBoundingClientRect();
  const t0 = performance.now();
  svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, clientX: r.x + r.width / 2, clientY: r.y + 60, bubbles: true, cancelable: true }));
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
})`;

/** CPU milliseconds, rounded (for the report's figures). */
function cpuMs(work: () => void): number {
  return Math.round(cpuMsOf(work));
}

async function inBrowser(path: string): Promise<BenchResult[]> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const started = performance.now();
    await page.goto(`file://${path}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    const loadMs = Math.round(performance.now() - started);
    const zooms: number[] = [];
    for (let i = 0; i < ZOOMS; i++) {
      // Wheel in, then wait two frames: the redraw runs in the first.
      zooms.push((await page.evaluate(ZOOM_ONCE)) as number);
    }
    zooms.sort((a, b) => a - b);
    const zoomMs = Math.round(zooms[Math.floor(zooms.length / 2)]!);
    return [
      { name: 'load-ms', value: loadMs, unit: 'ms', detail: 'navigation to the first full drawing, whole run in view' },
      { name: 'zoom-ms', value: zoomMs, unit: 'ms', detail: `one wheel zoom to the next frame, median of ${ZOOMS} (max ${Math.round(zooms[zooms.length - 1]!)}ms)` },
    ];
  } finally {
    await browser.close();
  }
}

export async function benchReport(): Promise<BenchResult[]> {
  const { scenario, protocol } = loadScenario(benchScenarioFile(SCENARIO), { set: SET });
  let html = '';
  let events = 0;
  cpuMs(() => runScenario({ ...scenario, seed: 1001 }, protocol)); // warm-up
  const collect = cpuMs(() => {
    const { data } = collectRun(scenario, protocol, SET);
    events = data.meta.events;
    html = renderReportHtml(data);
  });
  const plain = cpuMs(() => runScenario(scenario, protocol));
  const results: BenchResult[] = [
    { name: 'collect-cpu', value: collect, unit: 'ms', detail: `${events.toLocaleString('en-US')} trace events, run + report data + HTML` },
    { name: 'plain-run-cpu', value: plain, unit: 'ms', detail: 'the same run and checks without a report' },
    { name: 'html-size', value: Math.round(html.length / 1024), unit: 'KiB' },
  ];
  if (!existsSync(CHROMIUM)) return [...results, { name: 'browser', value: 0, unit: '-', detail: `skipped: ${CHROMIUM} not found` }];
  const path = join(mkdtempSync(join(tmpdir(), 'faultline-bench-')), 'report.html');
  writeFileSync(path, html);
  return [...results, ...(await inBrowser(path))];
}
