// Polygons (and, with closed = false, polylines): click vertices; close on the first point or
// Enter (a polyline finishes with Enter, a double click or a click on its last point);
// Backspace removes the last vertex while drawing, Esc cancels. Edges that cross turn red while
// drawing, and a polygon whose edges cross is refused. Editing: drag a vertex, drag the small
// mid-edge handle (or double-click an edge) to insert a vertex, Alt+click or right-click a vertex
// (or select it and press Del) to delete it; [ and ] select the previous / next vertex.

import { s, r1, clamp } from '../dom.js';
import { crossingEdges, dist, area, distinctCount, bounds, nearestOnSegment } from '../geometry.js';

export function pathTool(closed) {
  const minPoints = closed ? 3 : 2;

  function snap(c, p) {
    const q = c.stage.clampPoint(p);
    return [r1(q[0]), r1(q[1])];
  }

  function problem(points) {
    if (distinctCount(points) < minPoints) return { key: closed ? 'err_poly_points' : 'err_line_points' };
    if (closed) {
      const bad = crossingEdges(points, true);
      if (bad.size) return { key: 'err_poly_cross', args: { edges: [...bad].map((i) => i + 1).join('、') } };
      if (Math.abs(area(points)) < 1e-6) return { key: 'err_poly_area' };
    }
    return null;
  }

  function finish(c) {
    const pts = c.draft.points;
    const err = problem(pts);
    if (err) {
      c.toast(err, 'error');
      return false;
    }
    c.draft = null;
    c.finishedAt = performance.now();
    c.add({ points: pts });
    return true;
  }

  function deleteVertex(c, o, i) {
    if (o.points.length <= minPoints) {
      c.toast({ key: closed ? 'err_poly_points' : 'err_line_points' }, 'error');
      return;
    }
    const before = o.points;
    o.points = o.points.filter((_, j) => j !== i);
    if (closed && problem(o.points)) {
      o.points = before;
      c.toast({ key: 'err_poly_cross_edit' }, 'error');
      return;
    }
    c.selV = null;
    c.commit();
  }

  function dragVertex(c, o, i, p, inserted) {
    const orig = o.points.map((q) => q.slice());
    let moved = false;
    return {
      move(q) {
        if (!moved && dist(q, p) * c.stage.k < 2) return;
        moved = true;
        o.points[i] = snap(c, q);
        c.liveCross = closed ? crossingEdges(o.points, true) : null;
        c.renderShapes();
      },
      up() {
        c.liveCross = null;
        if (!moved && !inserted) {
          c.selV = i;
          c.render();
          return;
        }
        if (problem(o.points)) {
          o.points = orig;
          c.toast({ key: 'err_poly_cross_edit' }, 'error');
          c.render();
          return;
        }
        c.selV = i;
        c.commit();
      },
    };
  }

  return {
    name: closed ? 'polygon' : 'polyline',
    icon: closed ? 'polygon' : 'polyline',
    titleKey: closed ? 'tool_polygon' : 'tool_polyline',
    hintKey: closed ? 'hint_polygon' : 'hint_polyline',
    closed,

    fromAnswer(a) {
      return { points: (a.points || []).map((q) => [Number(q[0]), Number(q[1])]) };
    },

    toAnswer(o) {
      return { label: o.label, points: o.points.map((q) => [r1(q[0]), r1(q[1])]), attributes: { ...(o.attributes || {}) } };
    },

    bounds(o) {
      return bounds(o.points);
    },

    anchor(o) {
      const b = bounds(o.points);
      return [b[0] + b[2], b[1]];
    },

    draw(c, o, g) {
      const pts = o.points.map((q) => q.join(',')).join(' ');
      if (closed) {
        g.append(s('polygon', { class: 'wb-shape', points: pts, dataset: { obj: o.id, part: 'body' } }));
      } else {
        g.append(s('polyline', { class: 'wb-hit', points: pts, dataset: { obj: o.id, part: 'body' } }));
        g.append(s('polyline', { class: 'wb-shape wb-line', points: pts, dataset: { obj: o.id, part: 'body' } }));
        // The start: a small square, so the direction can be seen.
        if (o.points.length) {
          const z = c.stage.px(6);
          g.append(s('rect', { class: 'wb-line-start', x: o.points[0][0] - z / 2, y: o.points[0][1] - z / 2, width: z, height: z }));
        }
      }
      const bad = closed ? (c.sel === o.id && c.liveCross) || crossingEdges(o.points, true) : null;
      if (bad && bad.size) {
        for (const i of bad) {
          const a = o.points[i], b = o.points[(i + 1) % o.points.length];
          g.append(s('line', { class: 'wb-cross', x1: a[0], y1: a[1], x2: b[0], y2: b[1] }));
        }
      }
      if (o.tag !== false && o.points.length) {
        const b = bounds(o.points);
        c.drawTag(g, b[0], b[1], o);
      }
    },

    handles(c, o, g) {
      const n = o.points.length;
      const m = closed ? n : n - 1;
      const r = c.stage.px(5);
      const coarse = c.stage.coarse;
      if (coarse) {
        // finger-sized (44 px) invisible hit areas: the vertices' drawn over the mid-edge ones
        for (let i = 0; i < m; i++) {
          const a = o.points[i], b = o.points[(i + 1) % n];
          if (dist(a, b) * c.stage.k < 96) continue;
          g.append(s('circle', { class: 'wb-pad', cx: (a[0] + b[0]) / 2, cy: (a[1] + b[1]) / 2, r: c.stage.px(18), dataset: { obj: o.id, part: `m${i}` } }));
        }
        o.points.forEach((q, i) => {
          g.append(s('circle', { class: 'wb-pad', cx: q[0], cy: q[1], r: c.stage.px(22), dataset: { obj: o.id, part: `v${i}` } }));
        });
      }
      for (let i = 0; i < m; i++) {
        const a = o.points[i], b = o.points[(i + 1) % n];
        if (dist(a, b) * c.stage.k < (coarse ? 96 : 28)) continue;
        g.append(s('circle', { class: 'wb-mid', cx: (a[0] + b[0]) / 2, cy: (a[1] + b[1]) / 2, r: r * 0.75, dataset: { obj: o.id, part: `m${i}` } }));
      }
      o.points.forEach((q, i) => {
        g.append(s('circle', { class: ['wb-vertex', c.selV === i && 'is-sel'], cx: q[0], cy: q[1], r, dataset: { obj: o.id, part: `v${i}` } }));
      });
    },

    down(c, p, ev) {
      const q = snap(c, p);
      if (!c.draft) {
        if (!c.stage.inImage(p)) return null;
        c.draft = { points: [q] };
        c.select(null, true);
        c.renderDraft();
        c.updateHint();
        return null;
      }
      const pts = c.draft.points;
      // closing on the first point (the last, for a line): a finger needs a larger target
      const near = c.stage.px(ev && ev.pointerType && ev.pointerType !== 'mouse' ? 22 : 9);
      if (closed && pts.length >= 3 && dist(p, pts[0]) <= near) {
        finish(c);
        return null;
      }
      if (!closed && pts.length >= 2 && dist(p, pts[pts.length - 1]) <= near) {
        finish(c);
        return null;
      }
      if (dist(q, pts[pts.length - 1]) * c.stage.k < 2) return null;
      pts.push(q);
      c.renderDraft();
      return null;
    },

    /** Long press: what Enter, Backspace, Esc and a right click do. */
    actions(c, p, ev, hit) {
      if (c.draft) {
        return [
          { key: closed ? 'act_close_polygon' : 'act_finish_line', run: () => finish(c) },
          { key: 'act_back_vertex', run: () => this.key(c, { key: 'Backspace' }) },
          { key: 'act_cancel_draft', danger: true, run: () => this.key(c, { key: 'Escape' }) },
        ];
      }
      if (hit && hit.id === c.sel && hit.part.startsWith('v')) {
        return [{ key: 'act_delete_vertex', danger: true, run: () => deleteVertex(c, c.find(hit.id), Number(hit.part.slice(1))) }];
      }
      return [];
    },

    dblclick(c, p) {
      if (c.draft) {
        if (!closed) {
          // the two clicks of the double click added the same point twice: drop the duplicate
          const pts = c.draft.points;
          while (pts.length > 2 && dist(pts[pts.length - 1], pts[pts.length - 2]) * c.stage.k < 4) pts.pop();
          finish(c);
        }
        return true;
      }
      const o = c.find(c.sel);
      // the double click that finished a shape is not an edit of it
      if (!o || performance.now() - (c.finishedAt || 0) < 700) return false;
      // insert a vertex on the nearest edge of the selected shape
      const n = o.points.length, m = closed ? n : n - 1;
      let best = null;
      for (let i = 0; i < m; i++) {
        const r = nearestOnSegment(p, o.points[i], o.points[(i + 1) % n]);
        if (!best || r.d < best.d) best = { ...r, i };
      }
      const onVertex = o.points.some((q) => dist(q, p) * c.stage.k < 6);
      if (best && best.d * c.stage.k < 8 && !onVertex) {
        o.points.splice(best.i + 1, 0, snap(c, best.point));
        c.selV = best.i + 1;
        c.commit();
        return true;
      }
      return false;
    },

    contextmenu(c, p, ev, hit) {
      if (hit && hit.id === c.sel && hit.part.startsWith('v')) {
        deleteVertex(c, c.find(hit.id), Number(hit.part.slice(1)));
        return true;
      }
      return false;
    },

    edit(c, o, part, p, ev) {
      if (part.startsWith('v')) {
        const i = Number(part.slice(1));
        if (ev.altKey) {
          deleteVertex(c, o, i);
          return null;
        }
        return dragVertex(c, o, i, p, false);
      }
      if (part.startsWith('m')) {
        const i = Number(part.slice(1));
        const a = o.points[i], b = o.points[(i + 1) % o.points.length];
        o.points.splice(i + 1, 0, [r1((a[0] + b[0]) / 2), r1((a[1] + b[1]) / 2)]);
        c.selV = i + 1;
        c.renderShapes();
        return dragVertex(c, o, i + 1, p, true);
      }
      // body: move the whole shape
      const orig = o.points.map((q) => q.slice());
      const b = bounds(orig);
      let moved = false;
      return {
        move(q) {
          let dx = q[0] - p[0], dy = q[1] - p[1];
          if (!moved && Math.hypot(dx, dy) * c.stage.k < 2) return;
          moved = true;
          dx = clamp(dx, -b[0], c.stage.W - b[0] - b[2]);
          dy = clamp(dy, -b[1], c.stage.H - b[1] - b[3]);
          o.points = orig.map(([x, y]) => [r1(x + dx), r1(y + dy)]);
          c.renderShapes();
        },
        up() {
          if (moved) c.commit();
        },
      };
    },

    drawDraft(c, g) {
      if (!c.draft) return;
      const pts = c.draft.points.slice();
      const hover = c.hover ? snap(c, c.hover) : null;
      const chain = hover ? [...pts, hover] : pts;
      const bad = crossingEdges(chain, closed && chain.length >= 3);
      const n = chain.length;
      for (let i = 0; i < n - 1; i++) {
        const a = chain[i], b = chain[i + 1];
        g.append(s('line', { class: ['wb-draft-edge', bad.has(i) && 'is-bad', hover && i === n - 2 && 'is-rubber'], x1: a[0], y1: a[1], x2: b[0], y2: b[1] }));
      }
      if (closed && n >= 3) {
        const a = chain[n - 1], b = chain[0];
        g.append(s('line', { class: ['wb-draft-edge', 'is-closing', bad.has(n - 1) && 'is-bad'], x1: a[0], y1: a[1], x2: b[0], y2: b[1] }));
      }
      const r = c.stage.px(4);
      pts.forEach((q, i) => {
        const target = (closed && i === 0 && pts.length >= 3) || (!closed && i === pts.length - 1 && pts.length >= 2);
        const hot = target && hover && dist(c.hover, q) <= c.stage.px(9);
        g.append(s('circle', { class: ['wb-draft-vertex', target && 'is-target', hot && 'is-hot'], cx: q[0], cy: q[1], r: target ? r * 1.6 : r }));
      });
    },

    key(c, e) {
      if (c.draft) {
        if (e.key === 'Enter') {
          finish(c);
          return true;
        }
        if (e.key === 'Backspace' || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !e.shiftKey)) {
          c.draft.points.pop();
          if (!c.draft.points.length) c.draft = null;
          c.renderDraft();
          c.updateHint();
          return true;
        }
        if (e.key === 'Escape') {
          c.draft = null;
          c.renderDraft();
          c.updateHint();
          return true;
        }
        return false;
      }
      const o = c.find(c.sel);
      if (!o) return false;
      if (e.key === '[' || e.key === ']') {
        const n = o.points.length;
        const cur = c.selV === null || c.selV === undefined ? (e.key === ']' ? -1 : 0) : c.selV;
        c.selV = (cur + (e.key === ']' ? 1 : -1) + n) % n;
        c.render();
        return true;
      }
      if ((e.key === 'Delete' || e.key === 'Backspace') && c.selV !== null && c.selV !== undefined) {
        deleteVertex(c, o, c.selV);
        return true;
      }
      return false;
    },

    nudge(c, o, dx, dy) {
      if (c.selV !== null && c.selV !== undefined && o.points[c.selV]) {
        const before = o.points.map((q) => q.slice());
        const q = o.points[c.selV];
        o.points[c.selV] = snap(c, [q[0] + dx, q[1] + dy]);
        if (problem(o.points)) o.points = before;
        return;
      }
      const b = bounds(o.points);
      dx = clamp(dx, -b[0], c.stage.W - b[0] - b[2]);
      dy = clamp(dy, -b[1], c.stage.H - b[1] - b[3]);
      o.points = o.points.map(([x, y]) => [r1(x + dx), r1(y + dy)]);
    },

    create(c) {
      const v = c.visibleBox();
      const cx = v[0] + v[2] / 2, cy = v[1] + v[3] / 2, w = Math.max(8, v[2] / 8), hh = Math.max(8, v[3] / 8);
      const pts = closed
        ? [[cx - w, cy - hh], [cx + w, cy - hh], [cx + w, cy + hh], [cx - w, cy + hh]]
        : [[cx - w, cy + hh], [cx + w, cy - hh]];
      c.add({ points: pts.map((q) => snap(c, q)) });
      c.selV = 0;
      c.render();
    },

    validate(o) {
      return problem(o.points);
    },

    isDrafting(c) {
      return !!c.draft;
    },
  };
}

export const polygonTool = pathTool(true);
