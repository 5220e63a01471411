// The report as one HTML file: the stylesheet and script inline, the run's data as JSON in
// a non-executing script element, no fetch of any kind (a Content-Security-Policy forbids
// it, and only the page's own script, by its hash, may run: an injected handler or script
// element would be refused even if escaping failed).
import { createHash } from 'node:crypto';
import type { ReportData } from './model.js';
import { PAGE_CORE_JS } from './page-core.js';
import { PAGE_HISTORY_JS } from './page-history.js';
import { PAGE_LANES_JS } from './page-lanes.js';
import { PAGE_STATE_JS } from './page-state.js';
import { PAGE_CSS } from './page-style.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON that is safe inside a script element: no `<` (so no `</script>` or `<!--`), no `>`,
 * `&`, and no line separators JavaScript once treated as newlines.
 */
const SCRIPT_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

export function scriptSafeJson(value: unknown): string {
  // One pass: reports run to megabytes.
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]!);
}

/** The page's whole script, one IIFE (nothing leaks into the page's globals). */
export const PAGE_SCRIPT = `(function () {\n'use strict';\n${PAGE_CORE_JS}${PAGE_LANES_JS}${PAGE_HISTORY_JS}${PAGE_STATE_JS}})();\n`;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

const SECTIONS = `
<section><h2>Violations</h2><div id="violation"></div></section>
<div class="controls">
  <button id="zoom-in" title="zoom in (+, or the wheel)">zoom in</button><button id="zoom-out" title="zoom out (-)">zoom out</button>
  <button id="pan-left" title="earlier">&larr;</button><button id="pan-right" title="later">&rarr;</button>
  <button id="zoom-reset">whole run</button><span id="window"></span>
  <span class="hint">wheel: zoom; drag: pan; click: state at that moment</span>
</div>
<section><h2>Space-time diagram</h2><svg id="spacetime" class="timeline" role="img" aria-label="messages between nodes over time"></svg></section>
<section><h2>Roles and terms</h2><svg id="roles" class="timeline" role="img" aria-label="each server's role and term over time"></svg></section>
<section><h2>Client history</h2><svg id="history" class="timeline" role="img" aria-label="client operations over time"></svg></section>
<section><h2>Latency and availability per client</h2><div id="legend"></div>
  <svg id="latency" class="timeline" role="img" aria-label="latency of ok operations"></svg>
  <svg id="availability" class="timeline" role="img" aria-label="fraction of operations completed ok"></svg></section>
<section id="state"><h2>State at <span id="state-at"></span></h2>
  <input id="state-time" type="range" min="0" step="1" style="width:100%"><div id="state-table"></div></section>`;

export function renderReportHtml(data: ReportData): string {
  const title = `${data.meta.scenario} seed ${data.meta.seed}: ${data.meta.verdict}`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${sha256Base64(PAGE_SCRIPT)}'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} (faultline report)</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<div id="main">
<header id="header"></header>
<noscript><p>This report draws its timelines with JavaScript; the run's data is in the page source as JSON.</p></noscript>
${SECTIONS}
</div>
<script type="application/json" id="report-data">${scriptSafeJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
