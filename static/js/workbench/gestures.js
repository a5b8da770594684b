// Touch and pen gestures on the stage, as pure logic (no DOM): pointer events go in, gestures
// come out, so the rules can be tested with plain event sequences (tests/js/gestures.test.mjs).
//   one pointer, lifted before moving SLOP px      → tap       (selects, places a vertex …)
//   one pointer, moved SLOP px or more            → drag      (draws with the current tool)
//   one pointer, held LONG_PRESS_MS without moving → longpress (the context actions)
//   a second pointer                               → pinch     (zoom and pan; a drag is cancelled)
// After a pinch or a long press nothing more happens until every pointer is up, so the finger
// left on the glass does not start drawing. The mouse never comes here (stage.js keeps its own
// path for it, unchanged).

/** Movement (CSS px) under which a press is still a tap, by pointer type. */
export const SLOP = { touch: 10, pen: 5, mouse: 3 };
export const LONG_PRESS_MS = 500;

export class Gestures {
  /** @param {(g: object) => void} emit  receives {type, …} for each gesture step */
  constructor(emit) {
    this.emit = emit;
    this.reset();
  }

  reset() {
    this.state = 'idle'; // idle | pending | drag | pinch | rest
    this.pointers = new Map(); // id → {x, y}
    this.start = null; // the first pointer's down: {id, x, y, t, type, ev}
    this.pinch0 = null;
  }

  /** While a press may still become a long press: when (event time) to call tick(). */
  get longPressAt() {
    return this.state === 'pending' ? this.start.t + LONG_PRESS_MS : null;
  }

  has(id) {
    return this.pointers.has(id);
  }

  /** e: {id, x, y, t, type, ev?} (client coordinates, ms). */
  down(e) {
    if (this.state === 'idle') {
      this.pointers.set(e.id, { x: e.x, y: e.y });
      this.state = 'pending';
      this.start = { ...e };
      return;
    }
    // only a second finger joins (a third, or one after a pinch or a long press, is ignored)
    if (this.state !== 'pending' && this.state !== 'drag') return;
    this.pointers.set(e.id, { x: e.x, y: e.y });
    if (this.state === 'drag') this.emit({ type: 'dragcancel' });
    const [a, b] = [...this.pointers.values()];
    this.pinch0 = [{ ...a }, { ...b }];
    this.state = 'pinch';
    this.emit({ type: 'pinchstart', points: this.pinch0 });
  }

  move(e) {
    const p = this.pointers.get(e.id);
    if (!p) return;
    p.x = e.x;
    p.y = e.y;
    if (this.state === 'pending') {
      const s = this.start;
      if (Math.hypot(e.x - s.x, e.y - s.y) < (SLOP[s.type] ?? SLOP.touch)) return;
      this.state = 'drag';
      this.emit({ type: 'dragstart', x: s.x, y: s.y, ev: s.ev });
      this.emit({ type: 'drag', x: e.x, y: e.y, ev: e.ev });
    } else if (this.state === 'drag') {
      this.emit({ type: 'drag', x: e.x, y: e.y, ev: e.ev });
    } else if (this.state === 'pinch' && this.pinch0) {
      const [a, b] = [...this.pointers.values()];
      this.emit({ type: 'pinch', start: this.pinch0, points: [{ ...a }, { ...b }] });
    }
  }

  up(e) {
    if (!this.pointers.has(e.id)) return;
    this.pointers.delete(e.id);
    if (this.state === 'pending') {
      const s = this.start;
      this.emit({ type: 'tap', x: s.x, y: s.y, ev: s.ev });
    } else if (this.state === 'drag') {
      this.emit({ type: 'dragend', x: e.x, y: e.y, ev: e.ev });
    } else if (this.state === 'pinch') {
      this.emit({ type: 'pinchend' });
    }
    this.state = this.pointers.size ? 'rest' : 'idle';
    if (this.state === 'idle') this.reset();
  }

  /** pointercancel (the browser took the pointer over): nothing is committed. */
  cancel(e) {
    if (!this.pointers.has(e.id)) return;
    if (this.state === 'drag') this.emit({ type: 'dragcancel' });
    if (this.state === 'pinch') this.emit({ type: 'pinchend' });
    this.pointers.delete(e.id);
    if (this.pointers.size) this.state = 'rest';
    else this.reset();
  }

  /** Called by a timer at longPressAt (or later); `t` is the current event time. */
  tick(t) {
    if (this.state !== 'pending' || t < this.start.t + LONG_PRESS_MS) return;
    const s = this.start;
    this.state = 'rest';
    this.emit({ type: 'longpress', x: s.x, y: s.y, ev: s.ev });
  }
}

/**
 * The view after a pinch: zoomed by how far the fingers moved apart, and moved so that the image
 * point that was under the fingers' midpoint at the start is under their midpoint now (zoom and
 * two-finger pan in one). Points are in the stage's own pixels; view = {k, tx, ty} maps an image
 * point q to q·k + t. The zoom is clamped to [minK, maxK].
 */
export function pinchView(view, start, now, minK = 0, maxK = Infinity) {
  const d0 = Math.hypot(start[1].x - start[0].x, start[1].y - start[0].y);
  const d1 = Math.hypot(now[1].x - now[0].x, now[1].y - now[0].y);
  const f = d0 > 0 && d1 > 0 ? d1 / d0 : 1;
  const k = Math.min(maxK, Math.max(minK, view.k * f));
  const m0 = { x: (start[0].x + start[1].x) / 2, y: (start[0].y + start[1].y) / 2 };
  const m1 = { x: (now[0].x + now[1].x) / 2, y: (now[0].y + now[1].y) / 2 };
  const ix = (m0.x - view.tx) / view.k;
  const iy = (m0.y - view.ty) / view.k;
  return { k, tx: m1.x - ix * k, ty: m1.y - iy * k };
}

/**
 * Where a bottom sheet being dragged comes to rest: the state whose height is nearest, unless the
 * finger was flicked (|velocity| ≥ 0.5 px/ms), which moves one state in the flick's direction.
 * heights: {collapsed, half, full} in px; velocity: px/ms, positive = the sheet growing.
 */
export function sheetSnap(height, velocity, heights) {
  const order = ['collapsed', 'half', 'full'];
  let best = order[0];
  for (const s of order) if (Math.abs(heights[s] - height) < Math.abs(heights[best] - height)) best = s;
  if (Math.abs(velocity) >= 0.5) {
    // the next state beyond the current height in the flick's direction
    const ahead = velocity > 0 ? order.find((s) => heights[s] > height + 1) : [...order].reverse().find((s) => heights[s] < height - 1);
    if (ahead) return ahead;
  }
  return best;
}
