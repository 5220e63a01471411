// The HTML report in a real browser: Debian's chromium driven by playwright-core (never a
// downloaded browser). Without /usr/bin/chromium these tests skip with a message, except
// in CI (CI=true), where chromium must be there (.ci/run installs it).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRun } from '../../cli/report/collect.js';
import { renderReportHtml } from '../../cli/report/html.js';
import type { ReportData } from '../../cli/report/model.js';
import { loadScenario } from '../../cli/scenario-input.js';
import { decodePng, nonBackgroundFraction } from './png.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env['CI'] === 'true';
const FAILOVER = 'scenarios/primary-backup/failover-loses-writes.yaml';
const HOSTILE = `</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'"&`;

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`report browser tests SKIPPED: ${CHROMIUM} not found. Install it with \`apt-get install -y chromium\` (README: "Browser tests").`);
}

describe('browser tests in CI', () => {
  it.runIf(IN_CI)('have chromium (CI=true: .ci/run installs it)', () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing in CI`).toBe(true);
  });
});

function reportOf(file: string, set: string[] = []): ReportData {
  const { scenario, protocol } = loadScenario(file, { set });
  return collectRun(scenario, protocol, set).data;
}

describe.skipIf(!HAVE_CHROMIUM)('the HTML report in chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-report-'));

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Open a report; collect script errors and every request that is not the file itself. */
  async function open(data: ReportData, name: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const path = join(dir, name);
    writeFileSync(path, renderReportHtml(data));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => {
      if (r.url() !== `file://${path}`) requests.push(r.url());
    });
    await page.goto(`file://${path}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return { page, errors, requests };
  }

  it('draws every part, fetches nothing, and highlights the violation', async () => {
    const data = reportOf(FAILOVER);
    const { page, errors, requests } = await open(data, 'failover.html');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('#spacetime line.lane').count()).toBe(data.nodes.length);
    expect(await page.locator('#roles rect.role').count()).toBeGreaterThanOrEqual(data.servers.length);
    expect(await page.locator('#history .op').count()).toBeGreaterThan(0);
    expect(await page.locator('#latency circle').count()).toBeGreaterThan(0);
    expect(await page.locator('#availability path').count()).toBe(data.clients.length);
    expect(await page.locator('#state-table tr[data-server]').count()).toBe(data.servers.length);
    // The violation: its sentence, a row per op it names, and those ops outlined in the history.
    const v = data.violations.find((x) => x.check === 'linearizability')!;
    expect(v.opIds.length).toBeGreaterThan(0);
    expect(await page.locator('#violation .explanation').first().textContent()).toBe(v.message);
    expect(await page.locator('#violation tr.violating-op').count()).toBe(v.opIds.length);
    const outlined = await page.locator('#history .op.violating').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-op'))));
    expect(outlined.sort()).toEqual([...v.opIds].sort());
    await page.close();
  });

  it('renders a screenshot that is not blank', async () => {
    const { page } = await open(reportOf(FAILOVER), 'shot.html');
    const png = decodePng(await page.screenshot({ fullPage: false }));
    expect(png.width).toBe(1280);
    // A blank page is one colour; the report's header, tables and timelines cover much more.
    expect(nonBackgroundFraction(png)).toBeGreaterThan(0.05);
    const diagram = decodePng(await page.locator('#spacetime').screenshot());
    expect(nonBackgroundFraction(diagram)).toBeGreaterThan(0.02);
    await page.close();
  });

  it('zooms, pans and moves the state panel', async () => {
    const { page } = await open(reportOf(FAILOVER), 'zoom.html');
    const windowText = () => page.locator('#window').textContent();
    const whole = await windowText();
    // 3,000-odd messages: the whole run shows them summarised per slice; zoomed in, as arrows.
    expect(await page.locator('#spacetime rect.density').count()).toBeGreaterThan(0);
    expect(await page.locator('#spacetime line.msg').count()).toBe(0);
    await page.click('#zoom-in');
    await expect.poll(windowText).not.toBe(whole);
    const zoomed = await windowText();
    await page.click('#pan-right');
    await expect.poll(windowText).not.toBe(zoomed);
    for (let i = 0; i < 3; i++) await page.click('#zoom-in');
    await expect.poll(() => page.locator('#spacetime line.msg').count()).toBeGreaterThan(0);
    await page.click('#zoom-reset');
    await expect.poll(windowText).toBe(whole);
    const box = (await page.locator('#spacetime').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 40);
    await page.mouse.wheel(0, -400);
    await expect.poll(windowText).not.toBe(whole);
    // Early on, n1 is the primary; after its crash at 3s it is down.
    await page.locator('#state-time').fill('1000000');
    await expect.poll(() => page.locator('#state-table tr[data-server="n1"] td').nth(1).textContent()).toBe('primary');
    await page.locator('#state-time').fill('4000000');
    await expect.poll(() => page.locator('#state-table tr[data-server="n1"] td').nth(1).textContent()).toBe('down');
    await page.close();
  });

  it('shows a hostile scenario name and description as text and never runs them', async () => {
    const source = readFileSync('scenarios/primary-backup/happy-path.yaml', 'utf8')
      .replace(/^name: .*$/m, `name: ${JSON.stringify(HOSTILE)}`)
      .replace(/^description: \|\n(  .*\n)+/m, `description: ${JSON.stringify(HOSTILE)}\n`);
    const file = join(dir, 'hostile.yaml');
    writeFileSync(file, source);
    const data = reportOf(file, ['duration=2s']);
    expect(data.meta.scenario).toBe(HOSTILE);
    const { page, errors } = await open(data, 'hostile.html');
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#scenario-name').textContent()).toBe(HOSTILE);
    expect(await page.locator('pre.description').textContent()).toBe(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.title()).toContain(HOSTILE);
    await page.close();
  });
});
