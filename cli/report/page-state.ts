// The report page's script, part 4: the state-at-time panel (each server's role, term,
// commit index and log, one box per entry coloured by term: the Raft paper's Figure 8
// picture) for the moment picked with the slider or by clicking a timeline; then start.
export const PAGE_STATE_JS = String.raw`
var LOG_BOXES_MAX = 48;

function snapshotAt(id, us) {
  var snaps = D.snapshots[id] || [], lo = 0, hi = snaps.length - 1, found = null;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (snaps[mid].timeUs <= us) { found = snaps[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

// logTerms is [start, term, start, term, ...]: run k covers start_k .. start_(k+1) - 1.
function termAtIndex(runs, index) {
  var term = null;
  for (var k = 0; k + 1 < runs.length; k += 2) { if (runs[k] <= index) term = runs[k + 1]; else break; }
  return term;
}

function logCell(s) {
  var td = el('td', { class: 'log' });
  if (s.logTerms === null || s.lastIndex === null) { td.textContent = '-'; return td; }
  var first = Math.max(s.logTerms.length ? s.logTerms[0] : 1, s.lastIndex - LOG_BOXES_MAX + 1);
  if (first > 1) td.appendChild(el('span', { class: 'log-more' }, (first - 1) + ' earlier '));
  for (var i = first; i <= s.lastIndex; i++) {
    var t = termAtIndex(s.logTerms, i);
    var box = el('span', { class: 'entry' + (s.commitIndex !== null && i <= s.commitIndex ? ' committed' : ''), style: 'background:' + termColour(t) }, t === null ? '?' : t);
    box.setAttribute('title', 'index ' + i + ', term ' + t + (s.commitIndex !== null && i <= s.commitIndex ? ', committed' : ''));
    td.appendChild(box);
  }
  return td;
}

function renderState() {
  var box = document.getElementById('state-table');
  var slider = document.getElementById('state-time');
  slider.value = String(view.atUs);
  document.getElementById('state-at').textContent = fmtT(view.atUs);
  clear(box);
  var fieldNames = [];
  D.servers.forEach(function (id) {
    (D.snapshots[id] || []).slice(0, 1).forEach(function (s) {
      Object.keys(s.fields).forEach(function (f) { if (fieldNames.indexOf(f) < 0) fieldNames.push(f); });
    });
  });
  var table = el('table', { class: 'state' });
  var head = el('tr');
  ['server', 'role', D.eraName, 'commit', 'last index'].concat(fieldNames, ['log (one box per entry, its term; bold: committed)']).forEach(function (c) { head.appendChild(el('th', {}, c)); });
  table.appendChild(head);
  D.servers.forEach(function (id) {
    var s = snapshotAt(id, view.atUs), tr = el('tr', { 'data-server': id });
    tr.appendChild(el('td', {}, id));
    if (s === null) { tr.appendChild(el('td', { colspan: 5 + fieldNames.length }, 'not started')); table.appendChild(tr); return; }
    tr.appendChild(el('td', { class: 'role-cell role-' + s.role }, s.role));
    [s.term, s.commitIndex, s.lastIndex].forEach(function (v) { tr.appendChild(el('td', {}, v === null ? '-' : v)); });
    fieldNames.forEach(function (f) { tr.appendChild(el('td', {}, s.fields[f] === undefined || s.fields[f] === null ? '-' : s.fields[f])); });
    tr.appendChild(logCell(s));
    table.appendChild(tr);
  });
  box.appendChild(table);
}

function start() {
  tooltips();
  renderHeader();
  renderViolations();
  var slider = document.getElementById('state-time');
  slider.max = String(END);
  slider.addEventListener('input', function () { setAt(Number(slider.value)); });
  ['spacetime', 'roles', 'history', 'latency', 'availability'].forEach(function (id) { interactive(document.getElementById(id)); });
  document.getElementById('zoom-in').addEventListener('click', function () { zoomAt((view.fromUs + view.toUs) / 2, 0.5); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomAt((view.fromUs + view.toUs) / 2, 2); });
  document.getElementById('zoom-reset').addEventListener('click', function () { setWindow(0, END); });
  document.getElementById('pan-left').addEventListener('click', function () { var s = view.toUs - view.fromUs; setWindow(view.fromUs - s / 3, view.toUs - s / 3); });
  document.getElementById('pan-right').addEventListener('click', function () { var s = view.toUs - view.fromUs; setWindow(view.fromUs + s / 3, view.toUs + s / 3); });
  document.addEventListener('keydown', function (ev) {
    if (ev.target && ev.target.tagName === 'INPUT') return;
    if (ev.key === '+' || ev.key === '=') zoomAt(view.atUs, 0.5);
    else if (ev.key === '-') zoomAt(view.atUs, 2);
    else if (ev.key === 'ArrowLeft') setAt(view.atUs - (view.toUs - view.fromUs) / 100);
    else if (ev.key === 'ArrowRight') setAt(view.atUs + (view.toUs - view.fromUs) / 100);
  });
  legend(document.getElementById('legend'));
  renderers.push(renderSpacetime, renderRoles, renderHistory, renderLatency, renderAvailability, renderState);
  window.addEventListener('resize', redraw);
  var first = D.violations.length > 0 ? D.violations[0].opIds.map(function (id) { return opById[id]; }).filter(Boolean) : [];
  if (first.length > 0) setAt(first[first.length - 1].invokeUs);
  else if (D.violations.length > 0 && D.violations[0].timeUs !== null) setAt(D.violations[0].timeUs);
  redraw();
}
start();
`;
