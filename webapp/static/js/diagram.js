/*
 * Alur: show a BPMN diagram with bpmn-js (viewer) or edit and save it (modeler).
 *
 * The page includes exactly one bpmn-js UMD bundle (each defines window.BpmnJS):
 *   viewer:  vendor/bpmn-js/bpmn-navigated-viewer.production.min.js
 *   modeler: vendor/bpmn-js/bpmn-modeler.production.min.js
 * plus vendor/bpmn-js/assets/{diagram-js.css,bpmn-js.css,bpmn-font/css/bpmn.css},
 * css/diagram.css and then this script, and a container such as:
 *
 *   <div id="canvas"
 *        data-diagram-url="/processes/x/diagram.bpmn"
 *        data-mode="viewer"                       (or "modeler")
 *        data-save-url="/processes/x/diagram"     (modeler only)
 *        data-highlight='["step_05"]'></div>     (optional: ids to mark)
 *
 * Optional: an element with id="canvas-status" (or the id given in
 * data-status-id) for messages; otherwise one is created after the canvas.
 * Saving needs <meta name="csrf-token" content="...">.
 *
 * State for tests and other scripts: window.alurDiagram =
 *   { done, ready, warnings: [string], error: string|null, mode, bpmnjs,
 *     save(): Promise<{ok, status, problems}>, lastSave }
 * "done" is set when loading finished either way, "ready" only on success.
 * The canvas element also fires "alur:diagram-done" (detail = window.alurDiagram).
 *
 * No build step: plain ES2017, no framework.
 */
(function () {
  'use strict';

  var HIGHLIGHT_MARKER = 'alur-highlight';
  var PROBLEM_MARKER = 'alur-problem';
  /* Below this scale labels are unreadable; a highlighted task is then shown
     at this scale, centred, instead of the whole (long) diagram. */
  var MIN_READABLE_ZOOM = 0.75;

  var state = {
    done: false,
    ready: false,
    warnings: [],
    error: null,
    mode: null,
    highlighted: [],
    bpmnjs: null,
    lastSave: null,
    save: function () {
      return Promise.reject(new Error('Diagram belum siap atau bukan mode modeler'));
    }
  };
  window.alurDiagram = state;

  function messageOf(err) {
    if (!err) { return 'kesalahan tidak dikenal'; }
    return err.message || String(err);
  }

  function parseHighlight(raw) {
    if (!raw) { return []; }
    try {
      var ids = JSON.parse(raw);
      return Array.isArray(ids) ? ids.filter(function (id) { return typeof id === 'string'; }) : [];
    } catch (e) {
      console.warn('alur: data-highlight is not a JSON array of ids:', raw);
      return [];
    }
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : null;
  }

  /* ---- status area ---------------------------------------------------- */

  function StatusArea(container) {
    var id = container.getAttribute('data-status-id') || (container.id || 'canvas') + '-status';
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement('div');
      el.id = id;
      container.parentNode.insertBefore(el, container.nextSibling);
    }
    el.classList.add('alur-diagram-status');
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
    this.el = el;
  }

  /* kind: "info" | "warning" | "error"; items: optional list of strings or
     {text, elementId} shown under the message. */
  StatusArea.prototype.show = function (kind, text, items, onItemClick) {
    var el = this.el;
    el.textContent = '';
    el.setAttribute('data-kind', kind);
    var p = document.createElement('p');
    p.className = 'alur-diagram-status-message';
    p.textContent = text;
    el.appendChild(p);
    if (items && items.length) {
      var ul = document.createElement('ul');
      ul.className = 'alur-diagram-status-list';
      items.forEach(function (item) {
        var li = document.createElement('li');
        var label = typeof item === 'string' ? item : item.text;
        if (item.elementId && onItemClick) {
          var b = document.createElement('button');
          b.type = 'button';
          b.className = 'alur-diagram-problem-link';
          b.textContent = label;
          b.addEventListener('click', function () { onItemClick(item.elementId); });
          li.appendChild(b);
        } else {
          li.textContent = label;
        }
        ul.appendChild(li);
      });
      el.appendChild(ul);
    }
  };

  /* ---- loading -------------------------------------------------------- */

  async function fetchXml(url) {
    var response = await fetch(url, {
      credentials: 'same-origin',
      headers: { 'Accept': 'application/xml, text/xml, */*' }
    });
    if (!response.ok) {
      throw new Error('HTTP ' + response.status + ' untuk ' + url);
    }
    return response.text();
  }

  function warningText(w) {
    var msg = messageOf(w);
    var el = w && w.element;
    if (el && el.id && msg.indexOf(el.id) === -1) {
      msg += ' (' + el.id + ')';
    }
    return msg;
  }

  function applyHighlight(bpmnjs, ids) {
    var registry = bpmnjs.get('elementRegistry');
    var canvas = bpmnjs.get('canvas');
    var applied = [];
    ids.forEach(function (id) {
      if (registry.get(id)) {
        canvas.addMarker(id, HIGHLIGHT_MARKER);
        applied.push(id);
      } else {
        console.warn('alur: highlighted element not in diagram:', id);
      }
    });
    return applied;
  }

  /* Fit the whole diagram; if that makes it too small to read and a task is
     highlighted, zoom to a readable scale centred on that task. */
  function fitView(bpmnjs, highlighted) {
    var canvas = bpmnjs.get('canvas');
    canvas.zoom('fit-viewport', 'auto');
    if (!highlighted.length || canvas.zoom() >= MIN_READABLE_ZOOM) { return; }
    var element = bpmnjs.get('elementRegistry').get(highlighted[0]);
    var outer = canvas.viewbox().outer;
    var width = outer.width / MIN_READABLE_ZOOM;
    var height = outer.height / MIN_READABLE_ZOOM;
    canvas.viewbox({
      x: element.x + element.width / 2 - width / 2,
      y: element.y + element.height / 2 - height / 2,
      width: width,
      height: height
    });
  }

  function finish(container) {
    state.done = true;
    container.setAttribute('data-state', state.ready ? 'ready' : 'error');
    container.dispatchEvent(new CustomEvent('alur:diagram-done', { detail: state }));
  }

  /* ---- saving (modeler) ----------------------------------------------- */

  function problemItems(problems) {
    return problems.map(function (p) {
      var where = [];
      if (p.line) { where.push('baris ' + p.line); }
      if (p.element_id) { where.push('elemen ' + p.element_id); }
      return {
        text: (where.length ? where.join(', ') + ': ' : '') + (p.message || 'masalah tanpa keterangan'),
        elementId: p.element_id || null
      };
    });
  }

  function makeSave(bpmnjs, saveUrl, status, button) {
    var registry = bpmnjs.get('elementRegistry');
    var canvas = bpmnjs.get('canvas');
    var marked = [];

    function clearProblemMarkers() {
      marked.forEach(function (id) {
        if (registry.get(id)) { canvas.removeMarker(id, PROBLEM_MARKER); }
      });
      marked = [];
    }

    function focusElement(id) {
      var element = registry.get(id);
      if (!element) { return; }
      try {
        canvas.scrollToElement(element);
        bpmnjs.get('selection').select(element);
      } catch (e) { /* element on another plane: nothing to scroll to */ }
    }

    return async function save() {
      if (button) { button.disabled = true; }
      clearProblemMarkers();
      status.show('info', 'Menyimpan diagram…');
      var result = { ok: false, status: 0, problems: [] };
      try {
        var exported = await bpmnjs.saveXML({ format: true });
        var headers = { 'Content-Type': 'application/xml; charset=utf-8', 'Accept': 'application/json' };
        var token = csrfToken();
        if (token) { headers['X-CSRFToken'] = token; }
        var response = await fetch(saveUrl, {
          method: 'POST',
          credentials: 'same-origin',
          headers: headers,
          body: exported.xml
        });
        result.status = response.status;
        var body = null;
        var type = response.headers.get('Content-Type') || '';
        if (type.indexOf('json') !== -1) {
          try { body = await response.json(); } catch (e) { body = null; }
        }
        result.problems = (body && Array.isArray(body.problems)) ? body.problems : [];
        result.ok = response.ok;
        if (response.ok) {
          status.show('info', (body && body.message) || 'Diagram disimpan');
        } else if (result.problems.length) {
          result.problems.forEach(function (p) {
            if (p.element_id && registry.get(p.element_id)) {
              canvas.addMarker(p.element_id, PROBLEM_MARKER);
              marked.push(p.element_id);
            }
          });
          status.show('error',
            'Diagram ditolak: ' + result.problems.length + ' masalah',
            problemItems(result.problems), focusElement);
        } else {
          status.show('error', 'Gagal menyimpan diagram: ' +
            ((body && (body.message || body.error)) || ('HTTP ' + response.status)));
        }
      } catch (err) {
        result.error = messageOf(err);
        status.show('error', 'Gagal menyimpan diagram: ' + result.error);
      } finally {
        if (button) { button.disabled = false; }
      }
      state.lastSave = result;
      return result;
    };
  }

  function addToolbar(container, onSave) {
    var bar = document.createElement('div');
    bar.className = 'alur-diagram-toolbar';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'alur-diagram-save';
    button.textContent = 'Simpan diagram';
    button.addEventListener('click', function () { onSave(); });
    bar.appendChild(button);
    container.parentNode.insertBefore(bar, container);
    return button;
  }

  /* ---- main ----------------------------------------------------------- */

  async function init(container) {
    var mode = container.getAttribute('data-mode') === 'modeler' ? 'modeler' : 'viewer';
    var url = container.getAttribute('data-diagram-url');
    var saveUrl = container.getAttribute('data-save-url');
    var status = new StatusArea(container);
    state.mode = mode;
    container.classList.add('alur-diagram', 'alur-diagram-' + mode);
    container.setAttribute('data-state', 'loading');
    status.show('info', 'Memuat diagram…');

    try {
      if (typeof window.BpmnJS !== 'function') {
        throw new Error('pustaka bpmn-js tidak termuat');
      }
      if (!url) {
        throw new Error('alamat diagram (data-diagram-url) tidak ada');
      }
      var xml = await fetchXml(url);
      var bpmnjs = new window.BpmnJS({ container: container });
      state.bpmnjs = bpmnjs;
      var imported;
      try {
        imported = await bpmnjs.importXML(xml);
      } catch (err) {
        /* err.warnings holds what was collected before the failure */
        state.warnings = (err.warnings || []).map(warningText);
        throw err;
      }
      state.warnings = (imported.warnings || []).map(warningText);
      state.highlighted = applyHighlight(bpmnjs, parseHighlight(container.getAttribute('data-highlight')));
      fitView(bpmnjs, state.highlighted);

      if (mode === 'modeler' && saveUrl) {
        var button = addToolbar(container, function () { return state.save(); });
        state.save = makeSave(bpmnjs, saveUrl, status, button);
      }

      state.ready = true;
      if (state.warnings.length) {
        status.show('warning', 'Diagram dimuat. Peringatan impor: ' + state.warnings.length, state.warnings);
      } else {
        status.show('info', 'Diagram dimuat');
      }
    } catch (err) {
      state.error = messageOf(err);
      status.show('error', 'Gagal memuat diagram: ' + state.error, state.warnings);
    }
    finish(container);
  }

  function start() {
    var container = document.getElementById('canvas');
    if (container) { init(container); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
