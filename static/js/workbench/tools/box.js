// Boxes: drag to draw; drag a handle to resize, the body to move; arrows nudge (Shift ×10),
// Alt+arrows resize from the bottom-right corner. Stored as [x, y, w, h] in image pixels.

import { s, r1, clamp } from '../dom.js';

const HANDLES = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];
const MIN_SCREEN = 4; // a drag smaller than this (screen px) is a click

function norm(x0, y0, x1, y1) {
  return [r1(Math.min(x0, x1)), r1(Math.min(y0, y1)), r1(Math.abs(x1 - x0)), r1(Math.abs(y1 - y0))];
}

export const boxTool = {
  name: 'box',
  icon: 'box',
  titleKey: 'tool_box',
  hintKey: 'hint_box',

  fromAnswer(a) {
    return { bbox: (a.bbox || [0, 0, 0, 0]).map(Number) };
  },

  toAnswer(o) {
    return { label: o.label, bbox: o.bbox.map(r1), attributes: { ...(o.attributes || {}) } };
  },

  bounds(o) {
    return o.bbox;
  },

  anchor(o) {
    return [o.bbox[0] + o.bbox[2], o.bbox[1]];
  },

  draw(c, o, g) {
    const [x, y, w, hh] = o.bbox;
    g.append(s('rect', { class: 'wb-shape', x, y, width: w, height: hh, dataset: { obj: o.id, part: 'body' } }));
    if (o.tag !== false) c.drawTag(g, x, y, o);
  },

  handles(c, o, g) {
    const [x, y, w, hh] = o.bbox;
    const z = c.stage.px(8);
    const pos = { nw: [x, y], n: [x + w / 2, y], ne: [x + w, y], e: [x + w, y + hh / 2], se: [x + w, y + hh], s: [x + w / 2, y + hh], sw: [x, y + hh], w: [x, y + hh / 2] };
    if (c.stage.coarse) {
      // finger-sized (44 px) invisible hit areas; the side handles only where there is room
      const pad = c.stage.px(44);
      for (const k of HANDLES) {
        if ((k === 'n' || k === 's') && w * c.stage.k < 110) continue;
        if ((k === 'e' || k === 'w') && hh * c.stage.k < 110) continue;
        const [hx, hy] = pos[k];
        g.append(s('rect', { class: 'wb-pad', x: hx - pad / 2, y: hy - pad / 2, width: pad, height: pad, dataset: { obj: o.id, part: k } }));
      }
    }
    for (const k of HANDLES) {
      const [hx, hy] = pos[k];
      g.append(s('rect', { class: `wb-handle wb-h-${k}`, x: hx - z / 2, y: hy - z / 2, width: z, height: z, dataset: { obj: o.id, part: k } }));
    }
  },

  /** Draw mode: drag a new box; a click selects what is under the pointer. */
  down(c, p, ev, hit) {
    const start = c.stage.clampPoint(p);
    let cur = start;
    return {
      move(q) {
        cur = c.stage.clampPoint(q);
        c.draftShape = norm(start[0], start[1], cur[0], cur[1]);
        c.renderDraft();
      },
      up() {
        c.draftShape = null;
        const b = norm(start[0], start[1], cur[0], cur[1]);
        if (b[2] * c.stage.k < MIN_SCREEN || b[3] * c.stage.k < MIN_SCREEN) {
          c.renderDraft();
          c.select(hit ? hit.id : null);
          return;
        }
        c.add({ bbox: b });
      },
    };
  },

  edit(c, o, part, p) {
    const orig = o.bbox.slice();
    const [x, y, w, hh] = orig;
    let moved = false;
    return {
      move(q) {
        const dx = q[0] - p[0], dy = q[1] - p[1];
        if (!moved && Math.hypot(dx, dy) * c.stage.k < 2) return;
        moved = true;
        if (part === 'body') {
          o.bbox = [r1(clamp(x + dx, 0, c.stage.W - w)), r1(clamp(y + dy, 0, c.stage.H - hh)), w, hh];
        } else {
          let x0 = x, y0 = y, x1 = x + w, y1 = y + hh;
          const [qx, qy] = c.stage.clampPoint(q);
          if (part.includes('w')) x0 = qx;
          if (part.includes('e')) x1 = qx;
          if (part.includes('n')) y0 = qy;
          if (part.includes('s')) y1 = qy;
          o.bbox = norm(x0, y0, x1, y1);
        }
        c.renderShapes();
      },
      up() {
        if (!moved) return;
        if (o.bbox[2] < 1 || o.bbox[3] < 1) o.bbox = orig;
        c.commit();
      },
    };
  },

  drawDraft(c, g) {
    if (c.draftShape) {
      const [x, y, w, hh] = c.draftShape;
      g.append(s('rect', { class: 'wb-draft-shape', x, y, width: w, height: hh }));
    }
    if (c.mode === 'draw' && c.hover && !c.draftShape && c.stage.inImage(c.hover)) {
      const [hx, hy] = c.hover;
      g.append(s('line', { class: 'wb-guide', x1: 0, y1: hy, x2: c.stage.W, y2: hy }));
      g.append(s('line', { class: 'wb-guide', x1: hx, y1: 0, x2: hx, y2: c.stage.H }));
    }
  },

  nudge(c, o, dx, dy, resize) {
    const [x, y, w, hh] = o.bbox;
    if (resize) {
      o.bbox = [x, y, r1(clamp(w + dx, 1, c.stage.W - x)), r1(clamp(hh + dy, 1, c.stage.H - y))];
    } else {
      o.bbox = [r1(clamp(x + dx, 0, c.stage.W - w)), r1(clamp(y + dy, 0, c.stage.H - hh)), w, hh];
    }
  },

  /** Keyboard: a new box in the middle of the view, to be moved and sized with the arrows. */
  create(c) {
    const v = c.visibleBox();
    const w = Math.max(8, v[2] / 6), hh = Math.max(8, v[3] / 6);
    c.add({ bbox: norm(v[0] + v[2] / 2 - w / 2, v[1] + v[3] / 2 - hh / 2, v[0] + v[2] / 2 + w / 2, v[1] + v[3] / 2 + hh / 2) });
  },

  validate(o) {
    if (!(o.bbox[2] > 0 && o.bbox[3] > 0)) return { key: 'err_box_empty' };
    return null;
  },
};
