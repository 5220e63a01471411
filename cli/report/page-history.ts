// The report page's script, part 3: the client history (one lane per client, each op a bar
// from invoke to completion, coloured ok / fail / info; the ops a violation names are
// outlined in red) and, per client, latency and availability over the time window.
export const PAGE_HISTORY_JS = String.raw`
var OPS_MAX = 1500;
var POINTS_MAX = 2000;
var CHART_SLICES = 60;
var CLIENT_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
function clientColour(i) { return CLIENT_COLOURS[i % CLIENT_COLOURS.length]; }
var clientIndex = {};
D.clients.forEach(function (id, i) { clientIndex[id] = i; });
function opEnd(op) { return op.completeUs === null ? END : op.completeUs; }

function drawOp(svg, w, op, y) {
  var x1 = xOf(Math.max(op.invokeUs, view.fromUs), w), x2 = xOf(Math.min(opEnd(op), view.toUs), w);
  var cls = 'op op-' + op.type + (violating[op.id] ? ' violating' : '');
  var g = sv('g', { class: cls, 'data-op': op.id });
  g.appendChild(sv('rect', { x: x1, y: y - 8, width: Math.max(2, x2 - x1), height: 16 }));
  if (x2 - x1 > 40) g.appendChild(sv('text', { x: x1 + 3, y: y + 4, class: 'op-text' }, opText(op)));
  tip(g, D.clients[clientIndex[op.client]] + ' (process ' + op.process + ') ' + opText(op) + ': ' + op.type +
    (op.server ? ', answered by ' + op.server : '') + '; invoked ' + fmtT(op.invokeUs) + ' (event ' + op.invokeEvent + ')' +
    (op.completeUs === null ? ', never completed' : ', completed ' + fmtT(op.completeUs) + ' (event ' + op.completeEvent + ')'));
  svg.appendChild(g);
}

// Too many ops to draw one by one: per client and slice, a stacked bar of ok/fail/info.
function drawOpDensity(svg, w, ops) {
  var slice = (view.toUs - view.fromUs) / SLICES, sw = (w - GUTTER - 8) / SLICES;
  var cells = {};
  ops.forEach(function (op) {
    var s = Math.min(SLICES - 1, Math.max(0, Math.floor((op.invokeUs - view.fromUs) / slice)));
    var key = clientIndex[op.client] + ':' + s;
    var c = cells[key] || (cells[key] = { ok: 0, fail: 0, info: 0, i: clientIndex[op.client], s: s });
    c[op.type]++;
  });
  Object.keys(cells).forEach(function (key) {
    var c = cells[key], total = c.ok + c.fail + c.info, y = 30 + c.i * 24 - 8, off = 0;
    ['ok', 'fail', 'info'].forEach(function (t) {
      if (c[t] === 0) return;
      var hh = (c[t] / total) * 16;
      svg.appendChild(tip(sv('rect', { x: GUTTER + c.s * sw, y: y + off, width: Math.max(1, sw - 1), height: hh, class: 'op-density op-' + t }),
        D.clients[c.i] + ': ' + c.ok + ' ok, ' + c.fail + ' fail, ' + c.info + ' info in this slice'));
      off += hh;
    });
  });
  svg.appendChild(sv('text', { x: GUTTER + 4, y: 22, class: 'note-svg' }, ops.length + ' ops in view: showing ok/fail/info per slice; zoom in to see each op'));
}

function renderHistory() {
  var svg = document.getElementById('history');
  var w = width(), h = 40 + D.clients.length * 24;
  clear(svg);
  svg.setAttribute('width', w);
  svg.setAttribute('height', h);
  axis(svg, w, 12);
  D.clients.forEach(function (id, i) { laneLabel(svg, id, 30 + i * 24, 'client'); });
  var inView = D.ops.filter(function (op) { return visible(op.invokeUs, opEnd(op)); });
  if (inView.length > OPS_MAX) drawOpDensity(svg, w, inView);
  inView.forEach(function (op) {
    if (inView.length <= OPS_MAX || violating[op.id]) drawOp(svg, w, op, 30 + clientIndex[op.client] * 24);
  });
  cursor(svg, w, h);
}

function chartFrame(svg, w, h, yMax, yLabel, fmt) {
  svg.appendChild(sv('line', { x1: GUTTER, x2: w - 8, y1: h - 20, y2: h - 20, class: 'lane' }));
  svg.appendChild(sv('text', { x: 6, y: 14, class: 'axis' }, yLabel));
  svg.appendChild(sv('text', { x: 6, y: 30, class: 'axis' }, fmt(yMax)));
  svg.appendChild(sv('text', { x: 6, y: h - 20, class: 'axis' }, fmt(0)));
}

function legend(box) {
  clear(box);
  D.clients.forEach(function (id, i) {
    var item = el('span', { class: 'legend-item' });
    item.appendChild(el('span', { class: 'swatch', style: 'background:' + clientColour(i) }));
    item.appendChild(document.createTextNode(id));
    box.appendChild(item);
  });
}

function renderLatency() {
  var svg = document.getElementById('latency');
  var w = width(), h = 180;
  clear(svg);
  svg.setAttribute('width', w);
  svg.setAttribute('height', h);
  var pts = D.ops.filter(function (op) { return op.type === 'ok' && op.completeUs !== null && op.completeUs >= view.fromUs && op.completeUs <= view.toUs; });
  var lat = pts.map(function (op) { return op.completeUs - op.invokeUs; }).sort(function (a, b) { return a - b; });
  var yMax = lat.length ? Math.max(1, lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.995))]) : 1;
  chartFrame(svg, w, h, yMax, 'latency of ok ops', fmtMs);
  axis(svg, w, h - 2);
  var every = Math.max(1, Math.ceil(pts.length / POINTS_MAX));
  for (var k = 0; k < pts.length; k += every) {
    var op = pts[k], l = op.completeUs - op.invokeUs;
    var y = h - 20 - Math.min(1, l / yMax) * (h - 40);
    svg.appendChild(tip(sv('circle', { cx: xOf(op.completeUs, w), cy: y, r: 2.2, fill: clientColour(clientIndex[op.client]), class: 'point' + (violating[op.id] ? ' violating' : '') }),
      op.client + ' ' + opText(op) + ': ' + fmtMs(l)));
  }
  if (every > 1) svg.appendChild(sv('text', { x: GUTTER + 4, y: 14, class: 'note-svg' }, 'every ' + every + 'th of ' + pts.length + ' ops shown'));
}

// Availability per client and slice: the fraction of ops completed in the slice that
// completed ok (no point where a client completed nothing).
function renderAvailability() {
  var svg = document.getElementById('availability');
  var w = width(), h = 160;
  clear(svg);
  svg.setAttribute('width', w);
  svg.setAttribute('height', h);
  chartFrame(svg, w, h, 1, 'ok / completed', function (v) { return Math.round(v * 100) + '%'; });
  axis(svg, w, h - 2);
  var slice = (view.toUs - view.fromUs) / CHART_SLICES;
  D.clients.forEach(function (id, i) {
    var ok = new Array(CHART_SLICES).fill(0), all = new Array(CHART_SLICES).fill(0);
    D.ops.forEach(function (op) {
      if (op.client !== id) return;
      var t = op.completeUs === null ? END : op.completeUs;
      var s = Math.floor((t - view.fromUs) / slice);
      if (s < 0 || s >= CHART_SLICES) return;
      all[s]++;
      if (op.type === 'ok') ok[s]++;
    });
    var d = '', pen = 'M';
    for (var s = 0; s < CHART_SLICES; s++) {
      if (all[s] === 0) { pen = 'M'; continue; }
      var x = xOf(view.fromUs + (s + 0.5) * slice, w), y = h - 20 - (ok[s] / all[s]) * (h - 40) + i;
      d += pen + x.toFixed(1) + ' ' + y.toFixed(1) + ' ';
      pen = 'L';
    }
    if (d) svg.appendChild(tip(sv('path', { d: d, class: 'avail', stroke: clientColour(i) }), id + ': ok / completed per slice'));
  });
}
`;
