// Keypoint skeletons (COCO, 17 joints): each click places the next joint, in order, with the
// skeleton drawn as it grows. Shift+click places the joint as occluded (v = 1); X skips it
// (absent, v = 0); Backspace steps back; Enter or Esc ends (the rest stay absent). Each joint's
// visibility can be changed in the panel, and a joint can be placed again from there. Joints are
// dragged to move them; the box (bbox) is the tight box of the placed joints.

import { s, h, r1, clamp } from '../dom.js';
import { t } from '../i18n.js';
import { bounds } from '../geometry.js';

export const COCO_SKELETON = [
  [15, 13], [13, 11], [16, 14], [14, 12], [11, 12], [5, 11], [6, 12], [5, 6], [5, 7], [6, 8],
  [7, 9], [8, 10], [1, 2], [0, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 6],
];

/** The person's own side of joint i: 'l' (odd, left), 'r' (even, right), 'c' (nose). */
function side(i) {
  return i === 0 ? 'c' : i % 2 === 1 ? 'l' : 'r';
}

function jointName(c, i) {
  const names = c.task.keypoint_names;
  if (Array.isArray(names) && names[i]) return String(names[i]);
  return t(`kp_${i}`);
}

function count(c) {
  return Array.isArray(c.task.keypoint_names) ? c.task.keypoint_names.length : 17;
}

function placed(o) {
  return o.keypoints.filter((k) => k[2] > 0).map((k) => [k[0], k[1]]);
}

function tight(o) {
  const b = bounds(placed(o));
  return b.map(r1);
}

function advance(c, o) {
  const d = c.draft;
  if (d.single) {
    c.draft = null;
    c.selV = d.next;
    return;
  }
  d.next++;
  if (d.next >= o.keypoints.length) c.draft = null;
}

export const keypointTool = {
  name: 'keypoints',
  icon: 'keypoints',
  titleKey: 'tool_keypoints',
  hintKey: 'hint_keypoints',

  fromAnswer(a, c) {
    const n = count(c);
    const kps = (a.keypoints || []).map((k) => [Number(k[0]) || 0, Number(k[1]) || 0, Number(k[2]) || 0]);
    while (kps.length < n) kps.push([0, 0, 0]);
    const out = { keypoints: kps };
    // the box someone else drew (gold, given): shown as it is in the result and review views
    if (Array.isArray(a.bbox) && a.bbox.length === 4) out.givenBox = a.bbox.map(Number);
    return out;
  },

  toAnswer(o) {
    const out = {
      label: o.label,
      keypoints: o.keypoints.map(([x, y, v]) => (v > 0 ? [r1(x), r1(y), v] : [0, 0, 0])),
      bbox: tight(o),
    };
    if (o.attributes && Object.keys(o.attributes).length) out.attributes = { ...o.attributes };
    return out;
  },

  bounds(o) {
    return tight(o);
  },

  anchor(o) {
    const b = tight(o);
    return [b[0] + b[2], b[1]];
  },

  draw(c, o, g, opts = {}) {
    const k = o.keypoints;
    const b = opts.given && o.givenBox ? o.givenBox : tight(o);
    if (placed(o).length) {
      const pad = opts.given && o.givenBox ? 0 : c.stage.px(6);
      g.append(s('rect', { class: 'wb-kpt-box', x: b[0] - pad, y: b[1] - pad, width: b[2] + 2 * pad, height: b[3] + 2 * pad, dataset: { obj: o.id, part: 'body' } }));
    }
    const skeleton = Array.isArray(c.task.skeleton) ? c.task.skeleton : count(c) === 17 ? COCO_SKELETON : [];
    for (const [i, j] of skeleton) {
      if (!k[i] || !k[j] || k[i][2] === 0 || k[j][2] === 0) continue;
      const sd = side(i) === side(j) ? side(i) : 'c';
      g.append(s('line', { class: ['wb-bone', `wb-side-${sd}`, (k[i][2] === 1 || k[j][2] === 1) && 'is-occluded'], x1: k[i][0], y1: k[i][1], x2: k[j][0], y2: k[j][1] }));
    }
    const r = c.stage.px(opts.small ? 3.5 : 4.5);
    const selected = c.sel === o.id;
    if (selected && !opts.small && c.stage.coarse) {
      // finger-sized (40 px) invisible hit areas for the selected person's joints
      k.forEach(([x, y, v], i) => {
        if (v > 0) g.append(s('circle', { class: 'wb-pad', cx: x, cy: y, r: c.stage.px(20), dataset: { obj: o.id, part: `k${i}` } }));
      });
    }
    k.forEach(([x, y, v], i) => {
      if (v === 0) return;
      const dot = s('circle', {
        class: ['wb-joint', `wb-side-${side(i)}`, v === 1 && 'is-occluded', selected && c.selV === i && 'is-sel'],
        cx: x, cy: y, r, dataset: { obj: o.id, part: `k${i}` },
      }, s('title', { text: `${i} ${jointName(c, i)}${v === 1 ? ' · ' + t('kp_v1') : ''}` }));
      g.append(dot);
      if (selected && !opts.small) {
        g.append(s('text', { class: 'wb-joint-no', x: x + r * 1.4, y: y - r * 1.2, 'font-size': c.stage.px(10), 'stroke-width': c.stage.px(2.5) }, String(i)));
      }
    });
    if (o.tag !== false && placed(o).length) c.drawTag(g, b[0] - c.stage.px(6), b[1] - c.stage.px(6), o);
  },

  handles() {},

  down(c, p, ev) {
    if (!c.stage.inImage(p)) return null;
    const q = c.stage.clampPoint(p).map(r1);
    const v = ev.shiftKey ? 1 : c.draft && c.draft.v ? c.draft.v : 2;
    if (!c.draft) {
      const n = count(c);
      const kps = Array.from({ length: n }, () => [0, 0, 0]);
      kps[0] = [q[0], q[1], v];
      const o = c.add({ keypoints: kps }, true);
      c.draft = { id: o.id, next: 1 };
      c.commit();
      c.updateHint();
      return null;
    }
    const o = c.find(c.draft.id);
    if (!o) {
      c.draft = null;
      return null;
    }
    o.keypoints[c.draft.next] = [q[0], q[1], v];
    advance(c, o);
    c.commit();
    c.updateHint();
    return null;
  },

  edit(c, o, part, p) {
    if (!part.startsWith('k')) {
      // the box: move the whole skeleton
      const orig = o.keypoints.map((k) => k.slice());
      const b = tight(o);
      let moved = false;
      return {
        move(q) {
          let dx = q[0] - p[0], dy = q[1] - p[1];
          if (!moved && Math.hypot(dx, dy) * c.stage.k < 2) return;
          moved = true;
          dx = clamp(dx, -b[0], c.stage.W - b[0] - b[2]);
          dy = clamp(dy, -b[1], c.stage.H - b[1] - b[3]);
          o.keypoints = orig.map(([x, y, v]) => (v > 0 ? [r1(x + dx), r1(y + dy), v] : [0, 0, 0]));
          c.renderShapes();
        },
        up() {
          if (moved) c.commit();
        },
      };
    }
    const i = Number(part.slice(1));
    let moved = false;
    return {
      move(q) {
        if (!moved && Math.hypot(q[0] - p[0], q[1] - p[1]) * c.stage.k < 2) return;
        moved = true;
        const cq = c.stage.clampPoint(q).map(r1);
        o.keypoints[i] = [cq[0], cq[1], o.keypoints[i][2] || 2];
        c.renderShapes();
      },
      up() {
        c.selV = i;
        if (moved) c.commit();
        else c.render();
      },
    };
  },

  drawDraft(c, g) {
    if (!c.draft || !c.hover || !c.stage.inImage(c.hover)) return;
    const o = c.find(c.draft.id);
    if (!o) return;
    const i = c.draft.next;
    const r = c.stage.px(4.5);
    g.append(s('circle', { class: ['wb-joint-ghost', `wb-side-${side(i)}`], cx: c.hover[0], cy: c.hover[1], r }));
    g.append(s('text', { class: 'wb-ghost-label', x: c.hover[0] + r * 2, y: c.hover[1] - r * 1.5, 'font-size': c.stage.px(12), 'stroke-width': c.stage.px(3) }, `${i} ${jointName(c, i)}`));
  },

  /** Long press while placing joints: what X, Shift+click and Enter do. */
  actions(c, p, ev) {
    if (!c.draft) return [];
    return [
      { key: 'act_place_occluded', run: () => this.down(c, p, { ...ev, shiftKey: true }) },
      { key: 'act_skip_joint', run: () => this.key(c, { key: 'x' }) },
      { key: 'act_finish', run: () => this.key(c, { key: 'Enter' }) },
    ];
  },

  key(c, e) {
    const d = c.draft;
    if (d) {
      const o = c.find(d.id);
      const k = e.key.toLowerCase();
      if (k === 'x') {
        if (o) {
          o.keypoints[d.next] = [0, 0, 0];
          advance(c, o);
          c.commit();
        }
        c.updateHint();
        return true;
      }
      if (e.key === 'Backspace' || ((e.ctrlKey || e.metaKey) && k === 'z' && !e.shiftKey)) {
        if (d.single) {
          c.draft = null;
        } else if (o && d.next > 0) {
          d.next--;
          o.keypoints[d.next] = [0, 0, 0];
          if (d.next === 0) {
            c.draft = null;
            c.remove(o.id);
            return true;
          }
          c.commit();
        }
        c.updateHint();
        return true;
      }
      if (e.key === 'Enter' || e.key === 'Escape') {
        c.draft = null;
        c.render();
        c.updateHint();
        return true;
      }
      return false;
    }
    const o = c.find(c.sel);
    if (!o) return false;
    if (e.key === '[' || e.key === ']') {
      const n = o.keypoints.length;
      let i = c.selV === null || c.selV === undefined ? (e.key === ']' ? -1 : n) : c.selV;
      for (let step = 0; step < n; step++) {
        i = (i + (e.key === ']' ? 1 : -1) + n) % n;
        if (o.keypoints[i][2] > 0) break;
      }
      c.selV = i;
      c.render();
      return true;
    }
    return false;
  },

  nudge(c, o, dx, dy) {
    if (c.selV !== null && c.selV !== undefined && o.keypoints[c.selV] && o.keypoints[c.selV][2] > 0) {
      const [x, y, v] = o.keypoints[c.selV];
      const q = c.stage.clampPoint([x + dx, y + dy]).map(r1);
      o.keypoints[c.selV] = [q[0], q[1], v];
      return;
    }
    const b = tight(o);
    dx = clamp(dx, -b[0], c.stage.W - b[0] - b[2]);
    dy = clamp(dy, -b[1], c.stage.H - b[1] - b[3]);
    o.keypoints = o.keypoints.map(([x, y, v]) => (v > 0 ? [r1(x + dx), r1(y + dy), v] : [0, 0, 0]));
  },

  hint(c) {
    if (!c.draft) return null;
    const i = c.draft.next;
    return t(c.hintKey ? c.hintKey('hint_kpt_next') : 'hint_kpt_next', { no: i, name: jointName(c, i) });
  },

  /** The joint list of the selected person: visibility per joint, and "place again". */
  panel(c, o, host) {
    const list = h('ol', { class: 'wb-joints', start: '0' });
    o.keypoints.forEach((kp, i) => {
      const v = kp[2];
      const name = `wb-v-${o.id}-${i}`;
      const placing = c.draft && c.draft.id === o.id && c.draft.next === i;
      const seg = h('div', { class: 'wb-seg', role: 'radiogroup', 'aria-label': `${i} ${jointName(c, i)}` });
      for (const [val, key] of [[2, 'kp_v2'], [1, 'kp_v1'], [0, 'kp_v0']]) {
        const input = h('input', { type: 'radio', name, value: String(val), checked: v === val, disabled: c.readOnly });
        input.addEventListener('change', () => {
          if (val === 0) {
            o.keypoints[i] = [0, 0, 0];
            if (c.draft && c.draft.id === o.id && c.draft.next === i && c.draft.single) c.draft = null;
            c.commit();
          } else if (o.keypoints[i][2] > 0) {
            o.keypoints[i] = [o.keypoints[i][0], o.keypoints[i][1], val];
            c.commit();
          } else {
            c.draft = { id: o.id, next: i, single: true, v: val };
            c.render();
            c.updateHint();
            c.stage.el.focus({ preventScroll: true });
          }
        });
        seg.append(h('label', { class: 'wb-seg-opt', title: t(key) }, input, h('span', { text: t(`${key}_short`) })));
      }
      const place = h('button', {
        type: 'button', class: ['wb-joint-name', `wb-side-${side(i)}`], disabled: c.readOnly,
        title: t('kp_place_again'),
        onclick: () => {
          c.draft = { id: o.id, next: i, single: true };
          c.selV = i;
          c.render();
          c.updateHint();
          c.stage.el.focus({ preventScroll: true });
        },
      }, h('span', { class: 'wb-joint-no-chip', text: String(i) }), jointName(c, i));
      list.append(h('li', { class: ['wb-joint-row', placing && 'is-placing', c.selV === i && c.sel === o.id && 'is-sel'] }, place, seg));
    });
    host.append(list);
  },

  validate(o) {
    if (!o.keypoints.some((k) => k[2] > 0)) return { key: 'err_kpt_empty' };
    return null;
  },
};
