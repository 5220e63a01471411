// The report page's stylesheet: system fonts only (the page fetches nothing).
export const PAGE_CSS = `
#tooltip { position: fixed; display: none; max-width: 400px; background: #222; color: #fff; padding: 4px 6px; border-radius: 3px; font-size: 12px; pointer-events: none; z-index: 5; white-space: pre-wrap; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #222; background: #fff; }
#main { padding: 8px 16px 40px; }
h1 { font-size: 20px; margin: 8px 0 4px; word-break: break-all; }
h2 { font-size: 15px; margin: 22px 0 6px; border-bottom: 1px solid #ddd; }
h3 { font-size: 14px; margin: 8px 0 4px; color: #a00; }
p.meta { margin: 2px 0; color: #444; }
pre.description { background: #f6f6f6; padding: 6px 8px; white-space: pre-wrap; margin: 6px 0; }
code { background: #f2f2f2; padding: 1px 4px; }
.note { color: #8a5a00; }
.ok { color: #176b17; }
.verdict { font-weight: bold; padding: 1px 6px; border-radius: 3px; color: #fff; background: #777; }
.verdict-pass { background: #2a8a2a; }
.verdict-violation, .verdict-error { background: #c22; }
.verdict-no-progress, .verdict-vacuous, .verdict-unknown, .verdict-budget-exhausted { background: #c80; }
#violation .violation-item { border-left: 4px solid #c22; padding: 2px 10px; margin: 6px 0; background: #fff5f5; }
.explanation { font-weight: bold; }
p.cx { font-family: ui-monospace, monospace; margin: 1px 0; color: #555; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: middle; }
th { background: #f3f3f3; font-weight: 600; }
tr.violating-op td { background: #ffe3e3; }
.controls { position: sticky; top: 0; background: #fff; padding: 6px 0; z-index: 2; border-bottom: 1px solid #eee; }
.controls button { margin-right: 4px; }
#window { margin-left: 8px; font-family: ui-monospace, monospace; }
svg.timeline { display: block; background: #fcfcfc; border: 1px solid #e4e4e4; cursor: grab; touch-action: none; user-select: none; }
.lane { stroke: #bbb; stroke-width: 1; }
.lane-client { stroke-dasharray: 3 3; }
.lane-label { font-size: 12px; fill: #333; }
.lane-label.server { font-weight: 600; }
.axis { font-size: 10px; fill: #666; }
.tick { stroke: #999; }
.cursor { stroke: #06c; stroke-width: 1.5; stroke-dasharray: 4 2; }
.msg { stroke: #8a8a8a; stroke-width: 1; }
.msg-client { stroke: #4a7fc0; }
.msg-dropped { stroke: #d33; stroke-dasharray: 2 2; }
.arrowhead { fill: #777; }
.drop { stroke: #d00; stroke-width: 2; fill: none; }
.density { fill: #7f9fc8; }
.note-svg { font-size: 11px; fill: #8a5a00; }
.band { opacity: 0.35; }
.band-partition { fill: #f0a0a0; }
.band-loss { fill: #f5d090; }
.band-crash { fill: #333; opacity: 0.45; }
.band-pause { fill: #e0c040; }
.band-clog { fill: #b090e0; }
.band-drift { fill: #90d0e0; }
.band-clock { fill: #0077cc; }
.band-text { font-size: 10px; fill: #900; }
.mark { fill: #6a3d9a; }
.mark-became-leader, .mark-became-primary { fill: #1a8a1a; }
.role { stroke: #fff; stroke-width: 0.5; }
.role-down { fill: #444 !important; }
.role-leader, .role-primary { stroke: #060; stroke-width: 1.5; }
.role-text { font-size: 10px; fill: #111; pointer-events: none; }
.op rect { stroke: #555; stroke-width: 0.5; }
.op-ok rect, rect.op-ok { fill: #9fd89f; }
.op-fail rect, rect.op-fail { fill: #d0d0d0; }
.op-info rect, rect.op-info { fill: #f3d36b; }
.op-text { font-size: 10px; fill: #111; pointer-events: none; }
.op.violating rect { stroke: #d00; stroke-width: 3; }
.point.violating { stroke: #d00; stroke-width: 2; }
.avail { fill: none; stroke-width: 1.5; }
.legend-item { margin-right: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
#state-table { overflow-x: auto; }
td.log { font-family: ui-monospace, monospace; white-space: nowrap; }
.entry { display: inline-block; min-width: 16px; text-align: center; margin-right: 1px; font-size: 11px; border: 1px solid #999; }
.entry.committed { font-weight: bold; border-color: #222; }
.log-more { color: #777; font-size: 11px; }
td.role-leader, td.role-primary { font-weight: bold; color: #060; }
td.role-down { color: #a00; }
`;
