// The report page's script, part 1: the data, helpers that build DOM and SVG nodes (text
// only ever goes in through textContent: nothing from a scenario, a protocol or a history
// is parsed as HTML), the shared time window with zoom and pan, and the header and
// violation panels. Plain ES2017 in a string: the page has no build step and no network.
export const PAGE_CORE_JS = String.raw`
var D = JSON.parse(document.getElementById('report-data').textContent);
var SVGNS = 'http://www.w3.org/2000/svg';
var GUTTER = 92;
var END = Math.max(1, D.meta.endUs);
var view = { fromUs: 0, toUs: END, atUs: Math.round(END / 2) };
var renderers = [];
var pending = false;

function el(tag, attrs, text) {
  var e = document.createElement(tag);
  for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function sv(tag, attrs, text) {
  var e = document.createElementNS(SVGNS, tag);
  for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
// Tooltips: the text rides on the element and one box shows it on hover (a <title> per
// element doubled the nodes the browser lays out on big runs).
function tip(node, text) {
  node.tipText = text;
  return node;
}
function tooltips() {
  var box = el('div', { id: 'tooltip', role: 'tooltip' });
  document.body.appendChild(box);
  document.addEventListener('pointerover', function (ev) {
    var t = ev.target;
    while (t && t.tipText === undefined && t.tagName !== 'svg' && t !== document.body) t = t.parentNode;
    if (!t || t.tipText === undefined) { box.style.display = 'none'; return; }
    box.textContent = t.tipText;
    box.style.display = 'block';
    box.style.left = Math.min(ev.clientX + 12, window.innerWidth - 420) + 'px';
    box.style.top = (ev.clientY + 14) + 'px';
  });
}
function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}
function fmtT(us) {
  if (us === null || us === undefined) return '-';
  var span = view.toUs - view.fromUs;
  var digits = span < 2000 ? 6 : span < 200000 ? 4 : 3;
  return (us / 1e6).toFixed(digits) + 's';
}
function fmtMs(us) {
  return (us / 1000).toFixed(us < 10000 ? 2 : 1) + 'ms';
}
// Read once per redraw: asking for a width after a renderer changed the page forces a
// layout of the whole page, which cost more than drawing on a 100,000-event run.
var frameWidth = 0;
function width() {
  return frameWidth || Math.max(640, document.getElementById('main').clientWidth - 8);
}
function xOf(us, w) {
  return GUTTER + ((us - view.fromUs) / (view.toUs - view.fromUs)) * (w - GUTTER - 8);
}
function usOf(x, w) {
  return view.fromUs + ((x - GUTTER) / (w - GUTTER - 8)) * (view.toUs - view.fromUs);
}
function visible(a, b) {
  return b >= view.fromUs && a <= view.toUs;
}
function termColour(term) {
  if (term === null || term === undefined) return '#ccc';
  return 'hsl(' + ((term * 67) % 360) + ',55%,72%)';
}
function redraw() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(function () {
    pending = false;
    var t0 = performance.now(), parts = [];
    frameWidth = 0;
    frameWidth = width();
    for (var i = 0; i < renderers.length; i++) {
      var t = performance.now();
      renderers[i]();
      parts.push(renderers[i].name + '=' + Math.round(performance.now() - t));
    }
    // How long drawing took (ms), for benchmarks and the curious.
    document.body.setAttribute('data-render-ms', String(Math.round(performance.now() - t0)));
    document.body.setAttribute('data-render-parts', parts.join(' '));
    document.getElementById('window').textContent = fmtT(view.fromUs) + ' .. ' + fmtT(view.toUs);
    document.body.setAttribute('data-ready', 'true');
  });
}
function setWindow(fromUs, toUs) {
  var span = Math.max(10, toUs - fromUs);
  if (span >= END) { fromUs = 0; toUs = END; } else {
    fromUs = Math.min(Math.max(0, fromUs), END - span);
    toUs = fromUs + span;
  }
  view.fromUs = fromUs;
  view.toUs = toUs;
  redraw();
}
function zoomAt(us, factor) {
  setWindow(us - (us - view.fromUs) * factor, us + (view.toUs - us) * factor);
}
function setAt(us) {
  view.atUs = Math.min(END, Math.max(0, Math.round(us)));
  redraw();
}
function focusOn(fromUs, toUs) {
  var pad = Math.max(1000, (toUs - fromUs) * 0.25);
  setWindow(fromUs - pad, toUs + pad);
}

// Zoom with the wheel around the pointer, pan by dragging, click to pick the state time.
function interactive(svg) {
  var drag = null;
  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var w = svg.clientWidth || width();
    zoomAt(usOf(ev.offsetX, w), ev.deltaY > 0 ? 1.25 : 0.8);
  }, { passive: false });
  svg.addEventListener('pointerdown', function (ev) {
    drag = { x: ev.clientX, from: view.fromUs, to: view.toUs, moved: false };
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', function (ev) {
    if (drag === null) return;
    var dx = ev.clientX - drag.x;
    if (Math.abs(dx) > 3) drag.moved = true;
    if (!drag.moved) return;
    var w = svg.clientWidth || width();
    var dUs = (dx / (w - GUTTER - 8)) * (drag.to - drag.from);
    setWindow(drag.from - dUs, drag.to - dUs);
  });
  svg.addEventListener('pointerup', function (ev) {
    if (drag !== null && !drag.moved && ev.offsetX > GUTTER) setAt(usOf(ev.offsetX, svg.clientWidth || width()));
    drag = null;
  });
}
function axis(svg, w, y) {
  var span = view.toUs - view.fromUs;
  var step = Math.pow(10, Math.floor(Math.log10(span / 6)));
  if (span / step > 12) step *= 5; else if (span / step > 6) step *= 2;
  for (var t = Math.ceil(view.fromUs / step) * step; t <= view.toUs; t += step) {
    var x = xOf(t, w);
    svg.appendChild(sv('line', { x1: x, x2: x, y1: y - 4, y2: y, class: 'tick' }));
    svg.appendChild(sv('text', { x: x, y: y - 6, class: 'axis', 'text-anchor': 'middle' }, fmtT(t)));
  }
}
function cursor(svg, w, h) {
  if (view.atUs < view.fromUs || view.atUs > view.toUs) return;
  var x = xOf(view.atUs, w);
  svg.appendChild(sv('line', { x1: x, x2: x, y1: 0, y2: h, class: 'cursor' }));
}
function laneLabel(svg, text, y, cls) {
  svg.appendChild(sv('text', { x: 6, y: y + 4, class: 'lane-label ' + (cls || '') }, text));
}
function opText(op) {
  var s = op.f + (op.key !== null ? ' ' + op.key : '') + (op.value !== '' ? ' ' + op.value : '');
  return op.output !== null ? s + ' -> ' + op.output : s;
}
var opById = {};
D.ops.forEach(function (op) { opById[op.id] = op; });
var violating = {};
D.violations.forEach(function (v) { v.opIds.forEach(function (id) { violating[id] = true; }); });

function renderHeader() {
  var m = D.meta;
  var h = document.getElementById('header');
  h.appendChild(el('h1', { id: 'scenario-name' }, m.scenario));
  var line = el('p', { class: 'meta' });
  line.appendChild(el('span', { class: 'verdict verdict-' + m.verdict }, m.verdict.toUpperCase()));
  line.appendChild(el('span', {}, (m.asExpected ? ' as expected' : ' NOT as expected') + (m.reason ? ': ' + m.reason : '')));
  h.appendChild(line);
  h.appendChild(el('p', { class: 'meta' }, 'protocol ' + m.protocol + (m.variant ? ' (variant ' + m.variant + ')' : '') +
    ', seed ' + m.seed + ', ' + D.servers.length + ' servers, ' + D.clients.length + ' clients, ' + fmtT(m.endUs) +
    ' virtual, ' + m.events + ' trace events, trace hash ' + m.traceHash));
  if (m.description) h.appendChild(el('pre', { class: 'description' }, m.description));
  h.appendChild(el('p', { class: 'meta' }, 'replay: ')).appendChild(el('code', {}, m.replay));
  var L = D.limits;
  if (L.messagesKept < L.messagesTotal || L.marksKept < L.marksTotal || L.snapshotsKept < L.snapshotsTotal) {
    h.appendChild(el('p', { class: 'note' }, 'This report keeps the first ' + L.messagesKept + ' of ' + L.messagesTotal +
      ' messages, ' + L.marksKept + ' of ' + L.marksTotal + ' protocol events and ' + L.snapshotsKept + ' of ' +
      L.snapshotsTotal + ' server states; the trace (run --out) has everything.'));
  }
}

function renderViolations() {
  var box = document.getElementById('violation');
  if (D.violations.length === 0) {
    box.appendChild(el('p', { class: 'ok' }, 'No violation: the history is linearizable and every invariant held.'));
    return;
  }
  D.violations.forEach(function (v) {
    var sec = el('div', { class: 'violation-item' });
    sec.appendChild(el('h3', {}, 'violation: ' + v.check));
    sec.appendChild(el('p', { class: 'explanation' }, v.message));
    if (v.eventIndex !== null) sec.appendChild(el('p', {}, 'at event ' + v.eventIndex + (v.timeUs !== null ? ', ' + fmtT(v.timeUs) : '')));
    var ops = v.opIds.map(function (id) { return opById[id]; }).filter(Boolean);
    if (ops.length > 0) {
      var table = el('table', { class: 'ops' });
      var head = el('tr');
      ['client', 'process', 'op', 'result', 'answered by', 'invoked', 'completed'].forEach(function (c) { head.appendChild(el('th', {}, c)); });
      table.appendChild(head);
      ops.forEach(function (op) {
        var tr = el('tr', { class: 'violating-op', 'data-op': op.id });
        [op.client, op.process, opText(op), op.type, op.server || '-',
          fmtT(op.invokeUs) + ' (event ' + op.invokeEvent + ')',
          op.completeUs === null ? 'never' : fmtT(op.completeUs) + ' (event ' + op.completeEvent + ')'].forEach(function (c) { tr.appendChild(el('td', {}, c)); });
        table.appendChild(tr);
      });
      sec.appendChild(table);
    }
    v.lines.forEach(function (l) { sec.appendChild(el('p', { class: 'cx' }, l)); });
    var from = Infinity, to = -Infinity;
    ops.forEach(function (op) { from = Math.min(from, op.invokeUs); to = Math.max(to, op.completeUs === null ? END : op.completeUs); });
    if (ops.length === 0 && v.timeUs !== null) { from = v.timeUs; to = v.timeUs; }
    if (from <= to) {
      var b = el('button', { class: 'show-violation' }, 'show in the timelines');
      b.addEventListener('click', function () { focusOn(from, to); setAt(to); });
      sec.appendChild(b);
    }
    box.appendChild(sec);
  });
}
`;
