// The report page's script, part 2: the space-time diagram (one lane per node, messages
// as arrows, drops as crosses, fault bands shaded, protocol events as ticks) and the role
// and term lanes of the servers. Only what is inside the time window is drawn; past
// ARROWS_MAX messages in view, each lane shows how many it sent per slice instead.
export const PAGE_LANES_JS = String.raw`
var LANE_H = 28;
var ARROWS_MAX = 1500;
var MARKS_MAX = 1000;
var SLICES = 120;
var nodeIndex = {};
D.nodes.forEach(function (id, i) { nodeIndex[id] = i; });
function laneY(i) { return 30 + i * LANE_H; }

function drawBands(svg, w, h) {
  D.faults.forEach(function (b) {
    var end = b.endUs === null ? END : b.endUs;
    if (!visible(b.startUs, end)) return;
    var x1 = Math.max(GUTTER, xOf(b.startUs, w));
    var x2 = Math.min(w, xOf(end, w));
    if (b.kind === 'clock-step') {
      b.nodes.forEach(function (n) {
        var y = laneY(nodeIndex[n]);
        svg.appendChild(tip(sv('path', { d: 'M' + x1 + ' ' + (y - 11) + ' l5 -6 l-10 0 z', class: 'band-clock' }), b.text + ' at ' + fmtT(b.startUs)));
      });
      return;
    }
    var label = b.text + ' from ' + fmtT(b.startUs) + (b.endUs === null ? ' to the end' : ' to ' + fmtT(end));
    if (b.kind === 'partition' || b.kind === 'loss' || b.nodes.length === 0) {
      var r = sv('rect', { x: x1, y: 14, width: Math.max(2, x2 - x1), height: h - 14, class: 'band band-' + b.kind });
      svg.appendChild(tip(r, label));
      svg.appendChild(sv('text', { x: x1 + 3, y: 24, class: 'band-text' }, b.text));
      return;
    }
    b.nodes.forEach(function (n) {
      var y = laneY(nodeIndex[n]);
      svg.appendChild(tip(sv('rect', { x: x1, y: y - 10, width: Math.max(2, x2 - x1), height: 20, class: 'band band-' + b.kind }), label));
    });
  });
}

function messagesInView() {
  var m = D.messages, out = [];
  for (var k = 0; k < m.from.length; k++) {
    if (m.atUs[k] >= view.fromUs && m.sentUs[k] <= view.toUs) out.push(k);
  }
  return out;
}

function cross(svg, x, y, text) {
  svg.appendChild(tip(sv('path', { d: 'M' + (x - 4) + ' ' + (y - 4) + ' l8 8 m0 -8 l-8 8', class: 'drop' }), text));
}

function drawMessages(svg, w, ks) {
  var m = D.messages;
  var shown = ks.length <= ARROWS_MAX;
  var drops = 0;
  ks.forEach(function (k) {
    var y1 = laneY(m.from[k]), y2 = laneY(m.to[k]);
    var x1 = xOf(m.sentUs[k], w), x2 = xOf(m.atUs[k], w);
    var what = D.labels[m.label[k]] + ' ' + D.nodes[m.from[k]] + ' -> ' + D.nodes[m.to[k]] +
      ' sent ' + fmtT(m.sentUs[k]) + ' (event ' + m.event[k] + ')';
    if (m.fate[k] === 1) { drops++; if (drops <= ARROWS_MAX) cross(svg, x1, y1, what + ': lost on the way'); return; }
    if (m.fate[k] === 2) {
      drops++;
      if (drops > ARROWS_MAX) return;
      if (shown) svg.appendChild(sv('line', { x1: x1, y1: y1, x2: x2, y2: y2, class: 'msg msg-dropped' }));
      cross(svg, x2, y2, what + ': dropped at arrival');
      return;
    }
    if (!shown) return;
    var cls = m.to[k] >= D.servers.length || m.from[k] >= D.servers.length ? 'msg msg-client' : 'msg';
    svg.appendChild(tip(sv('line', { x1: x1, y1: y1, x2: x2, y2: y2, class: cls, 'marker-end': 'url(#arrow)' }), what + ', arrived ' + fmtT(m.atUs[k])));
  });
  if (!shown) drawDensity(svg, w, ks);
}

// Too many arrows to read: per lane, a bar per slice of the window, its height the
// number of messages the node sent in that slice.
function drawDensity(svg, w, ks) {
  var m = D.messages, counts = [], max = 1;
  D.nodes.forEach(function () { counts.push(new Array(SLICES).fill(0)); });
  var slice = (view.toUs - view.fromUs) / SLICES;
  ks.forEach(function (k) {
    var s = Math.floor((m.sentUs[k] - view.fromUs) / slice);
    if (s < 0 || s >= SLICES || m.from[k] < 0) return;
    var c = ++counts[m.from[k]][s];
    if (c > max) max = c;
  });
  var sw = (w - GUTTER - 8) / SLICES;
  counts.forEach(function (row, i) {
    row.forEach(function (c, s) {
      if (c === 0) return;
      var hgt = Math.max(1, (c / max) * (LANE_H - 6));
      svg.appendChild(tip(sv('rect', { x: GUTTER + s * sw, y: laneY(i) - hgt / 2, width: Math.max(1, sw - 1), height: hgt, class: 'density' }),
        D.nodes[i] + ' sent ' + c + ' messages in this slice'));
    });
  });
  svg.appendChild(sv('text', { x: GUTTER + 4, y: 12, class: 'note-svg' },
    ks.length + ' messages in view: showing messages sent per slice; zoom in (wheel) to see arrows'));
}

function drawMarks(svg, w) {
  var inView = D.marks.filter(function (mk) { return mk.timeUs >= view.fromUs && mk.timeUs <= view.toUs; });
  if (inView.length > MARKS_MAX) return;
  inView.forEach(function (mk) {
    var x = xOf(mk.timeUs, w), y = laneY(mk.node);
    svg.appendChild(tip(sv('rect', { x: x - 1.5, y: y - 9, width: 3, height: 6, class: 'mark mark-' + D.labels[mk.label] }),
      D.nodes[mk.node] + ' ' + mk.text + ' at ' + fmtT(mk.timeUs) + ' (event ' + mk.event + ')'));
  });
}

function renderSpacetime() {
  var svg = document.getElementById('spacetime');
  var w = width(), h = laneY(D.nodes.length - 1) + 20;
  clear(svg);
  svg.setAttribute('width', w);
  svg.setAttribute('height', h);
  var defs = sv('defs');
  var marker = sv('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto' });
  marker.appendChild(sv('path', { d: 'M0 0 L8 4 L0 8 z', class: 'arrowhead' }));
  defs.appendChild(marker);
  // Arrows that start or end outside the window are cut at the plot's edges.
  var clip = sv('clipPath', { id: 'spacetime-clip' });
  clip.appendChild(sv('rect', { x: GUTTER, y: 0, width: Math.max(0, w - GUTTER - 8), height: h }));
  defs.appendChild(clip);
  svg.appendChild(defs);
  function plot() { return svg.appendChild(sv('g', { 'clip-path': 'url(#spacetime-clip)' })); }
  drawBands(plot(), w, h);
  D.nodes.forEach(function (id, i) {
    svg.appendChild(sv('line', { x1: GUTTER, x2: w - 8, y1: laneY(i), y2: laneY(i), class: i < D.servers.length ? 'lane' : 'lane lane-client' }));
    laneLabel(svg, id, laneY(i), i < D.servers.length ? 'server' : 'client');
  });
  var front = plot();
  drawMessages(front, w, messagesInView());
  drawMarks(front, w);
  axis(svg, w, 12);
  cursor(svg, w, h);
}

// Role and term per server: a segment per change of (role, term), from the snapshots.
var roleSegments = {};
D.servers.forEach(function (id) {
  var segs = [], snaps = D.snapshots[id] || [];
  snaps.forEach(function (s) {
    var last = segs[segs.length - 1];
    if (last && last.role === s.role && last.term === s.term) return;
    if (last) last.endUs = s.timeUs;
    segs.push({ role: s.role, term: s.term, startUs: s.timeUs, endUs: END });
  });
  roleSegments[id] = segs;
});

function renderRoles() {
  var svg = document.getElementById('roles');
  var w = width(), h = 24 + D.servers.length * 22;
  clear(svg);
  svg.setAttribute('width', w);
  svg.setAttribute('height', h);
  axis(svg, w, 12);
  D.servers.forEach(function (id, i) {
    var y = 18 + i * 22;
    laneLabel(svg, id, y + 9, 'server');
    roleSegments[id].forEach(function (s) {
      if (!visible(s.startUs, s.endUs)) return;
      var x1 = Math.max(GUTTER, xOf(s.startUs, w)), x2 = Math.min(w - 8, xOf(s.endUs, w));
      var r = sv('rect', { x: x1, y: y, width: Math.max(1, x2 - x1), height: 18, class: 'role role-' + s.role, fill: termColour(s.term) });
      svg.appendChild(tip(r, id + ' ' + s.role + (s.term !== null ? ' ' + D.eraName + ' ' + s.term : '') + ' from ' + fmtT(s.startUs) + ' to ' + fmtT(s.endUs)));
      if (x2 - x1 > 34) svg.appendChild(sv('text', { x: x1 + 3, y: y + 13, class: 'role-text' }, s.role + (s.term !== null ? ' ' + s.term : '')));
    });
  });
  cursor(svg, w, h);
}
`;
