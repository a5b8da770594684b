// The SVG stage: the image and the layers drawn over it, in image pixels. One transform
// (translate + scale) maps image pixels to the screen; every pointer position handed to the tools
// is converted back, so shapes are always stored in image pixels whatever the zoom.
//   wheel: zoom around the pointer · Space + drag (or middle button drag): pan · F: fit.
// Touch and pen go through gestures.js: one finger taps or drags with the current tool, two
// fingers pinch-zoom and pan, a long press asks the handler for its context actions. The mouse
// keeps the direct path below.

import { h, s, clamp, isTyping } from './dom.js';
import { t, num } from './i18n.js';
import { Gestures, pinchView } from './gestures.js';

const MAX_ZOOM = 40;

export class Stage {
  /**
   * @param {HTMLElement} host
   * @param {{width:number, height:number, imageUrl:string, label?:string}} o
   */
  constructor(host, o) {
    this.W = o.width;
    this.H = o.height;
    this.k = 1;
    this.tx = 0;
    this.ty = 0;
    this.fitted = true;
    this.space = false;
    this.hovering = false;
    // {down(p, ev), move(p, ev), up(p, ev), hover(p, ev), leave()}; for touch also cancel() (a
    // drag turned into a pinch), longpress(p, ev, [clientX, clientY]) and coarseChanged()
    this.handler = null;
    this.viewListeners = [];
    this.pan = null;
    /** a coarse primary pointer, or a finger has touched the stage: finger-sized hit areas */
    this.coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
    this.gestures = new Gestures((g) => this.onGesture(g));
    this.lpTimer = null;
    this.pinchFrom = null;

    this.el = h('div', { class: 'wb-stage', tabindex: '0', role: 'application', 'aria-label': o.label || t('stage_label') });
    this.svg = s('svg', { class: 'wb-svg', 'aria-hidden': 'true' });
    this.view = s('g', { class: 'wb-view' });
    this.frame = s('rect', { class: 'wb-frame', x: 0, y: 0, width: this.W, height: this.H });
    this.image = s('image', { class: 'wb-image', x: 0, y: 0, width: this.W, height: this.H, preserveAspectRatio: 'none' });
    if (o.imageUrl) this.image.setAttribute('href', o.imageUrl);
    this.layers = {};
    this.view.append(this.frame, this.image);
    for (const name of ['given', 'gold', 'objects', 'draft', 'handles', 'pins']) {
      this.layers[name] = s('g', { class: `wb-layer wb-layer-${name}` });
      this.view.append(this.layers[name]);
    }
    this.svg.append(this.view);
    this.readout = h('div', { class: 'wb-readout', 'aria-hidden': 'true' });
    this.hint = h('div', { class: 'wb-hint', role: 'status', hidden: true });
    this.el.append(this.svg, this.readout, this.hint);
    if (this.coarse) this.el.classList.add('wb-coarse');
    host.append(this.el);

    this.svg.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.svg.addEventListener('pointerdown', (e) => this.onDown(e));
    this.svg.addEventListener('pointermove', (e) => this.onMove(e));
    this.svg.addEventListener('pointerup', (e) => this.onUp(e));
    this.svg.addEventListener('pointercancel', (e) => this.onUp(e));
    this.svg.addEventListener('pointerenter', () => { this.hovering = true; });
    this.svg.addEventListener('pointerleave', () => {
      this.hovering = false;
      this.readout.textContent = this.zoomText();
      if (this.handler && this.handler.leave) this.handler.leave();
    });
    this.svg.addEventListener('dblclick', (e) => {
      if (this.handler && this.handler.dblclick) this.handler.dblclick(this.toImage(e), e);
    });
    this.svg.addEventListener('contextmenu', (e) => {
      // a long press by finger or pen: gestures.js has it (the browser's own menu stays away)
      if (this.lastType && this.lastType !== 'mouse') {
        e.preventDefault();
        return;
      }
      if (this.handler && this.handler.contextmenu && this.handler.contextmenu(this.toImage(e), e)) e.preventDefault();
    });
    window.addEventListener('keydown', (e) => {
      if (e.code === 'Space' && !isTyping(e.target) && (this.hovering || this.el.contains(document.activeElement))) {
        e.preventDefault();
        if (!this.space) {
          this.space = true;
          this.el.classList.add('wb-panning');
        }
      }
    });
    window.addEventListener('keyup', (e) => {
      if (e.code === 'Space') {
        this.space = false;
        this.el.classList.remove('wb-panning');
      }
    });
    window.addEventListener('blur', () => {
      this.space = false;
      this.el.classList.remove('wb-panning');
    });
    new ResizeObserver(() => {
      if (this.fitted) this.fit();
      else this.apply();
    }).observe(this.el);
    requestAnimationFrame(() => this.fit());
  }

  onView(f) {
    this.viewListeners.push(f);
  }

  apply() {
    this.view.setAttribute('transform', `translate(${this.tx} ${this.ty}) scale(${this.k})`);
    this.el.style.setProperty('--wb-k', String(this.k));
    if (!this.hovering) this.readout.textContent = this.zoomText();
    for (const f of this.viewListeners) f(this);
  }

  zoomText() {
    return `${num(this.k * 100, 0)}%`;
  }

  size() {
    const r = this.svg.getBoundingClientRect();
    return { w: r.width || 1, h: r.height || 1, left: r.left, top: r.top };
  }

  fitScale() {
    const { w, h: hh } = this.size();
    const pad = 16;
    return Math.max(0.01, Math.min((w - 2 * pad) / this.W, (hh - 2 * pad) / this.H));
  }

  /** F: the whole image, centred. */
  fit() {
    const { w, h: hh } = this.size();
    this.k = this.fitScale();
    this.tx = (w - this.W * this.k) / 2;
    this.ty = (hh - this.H * this.k) / 2;
    this.fitted = true;
    this.apply();
  }

  /** Zoom by `f` keeping the image point under (cx, cy) (client coordinates) in place. */
  zoomAt(f, cx, cy) {
    const { w, h: hh, left, top } = this.size();
    const px = cx === undefined ? w / 2 : cx - left;
    const py = cy === undefined ? hh / 2 : cy - top;
    const nk = clamp(this.k * f, this.fitScale() * 0.5, MAX_ZOOM);
    this.tx = px - (px - this.tx) * (nk / this.k);
    this.ty = py - (py - this.ty) * (nk / this.k);
    this.k = nk;
    this.fitted = false;
    this.apply();
  }

  /** Shows the box [x, y, w, h] (image pixels) large and centred. */
  zoomTo(b, maxK = 6) {
    const { w, h: hh } = this.size();
    const bw = Math.max(b[2], 20), bh = Math.max(b[3], 20);
    const nk = clamp(Math.min((w * 0.6) / bw, (hh * 0.6) / bh), this.fitScale(), maxK);
    this.k = nk;
    this.tx = w / 2 - (b[0] + b[2] / 2) * nk;
    this.ty = hh / 2 - (b[1] + b[3] / 2) * nk;
    this.fitted = false;
    this.apply();
  }

  /** Client coordinates of an event → image pixels (unclamped). */
  toImage(e) {
    const { left, top } = this.size();
    return [(e.clientX - left - this.tx) / this.k, (e.clientY - top - this.ty) / this.k];
  }

  /** Image pixels → client coordinates. */
  toClient([x, y]) {
    const { left, top } = this.size();
    return [left + this.tx + x * this.k, top + this.ty + y * this.k];
  }

  /** n screen pixels in image pixels (for handle sizes and hit distances). */
  px(n) {
    return n / this.k;
  }

  clampPoint([x, y]) {
    return [clamp(x, 0, this.W), clamp(y, 0, this.H)];
  }

  inImage([x, y]) {
    return x >= 0 && y >= 0 && x <= this.W && y <= this.H;
  }

  setHint(text) {
    this.hint.textContent = text || '';
    this.hint.hidden = !text;
  }

  onWheel(e) {
    e.preventDefault();
    const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    this.zoomAt(Math.exp(-dy * 0.0015), e.clientX, e.clientY);
  }

  // ---- touch and pen -----------------------------------------------------------------------
  touchDown(e) {
    if (!this.coarse && e.pointerType === 'touch') {
      this.coarse = true;
      this.el.classList.add('wb-coarse');
      if (this.handler && this.handler.coarseChanged) this.handler.coarseChanged();
    }
    e.preventDefault();
    this.svg.setPointerCapture(e.pointerId);
    this.gestures.down(this.gestureEvent(e));
    clearTimeout(this.lpTimer);
    const at = this.gestures.longPressAt;
    if (at !== null) {
      const started = performance.now();
      this.lpTimer = setTimeout(() => this.gestures.tick(e.timeStamp + (performance.now() - started)), at - e.timeStamp);
    }
  }

  gestureEvent(e) {
    return { id: e.pointerId, x: e.clientX, y: e.clientY, t: e.timeStamp, type: e.pointerType, ev: e };
  }

  /** A gesture's client point, as toImage takes it. */
  at(g) {
    return { clientX: g.x, clientY: g.y };
  }

  onGesture(g) {
    const hd = this.handler;
    switch (g.type) {
      case 'tap':
        clearTimeout(this.lpTimer);
        if (hd && hd.down) hd.down(this.toImage(this.at(g)), g.ev);
        if (hd && hd.up) hd.up(this.toImage(this.at(g)), g.ev);
        break;
      case 'dragstart':
        clearTimeout(this.lpTimer);
        if (hd && hd.down) hd.down(this.toImage(this.at(g)), g.ev);
        break;
      case 'drag':
        if (hd && hd.move) hd.move(this.toImage(this.at(g)), g.ev || {});
        break;
      case 'dragend':
        if (hd && hd.up) hd.up(this.toImage(this.at(g)), g.ev || {});
        break;
      case 'dragcancel':
        if (hd && hd.cancel) hd.cancel();
        break;
      case 'longpress':
        if (hd && hd.longpress) hd.longpress(this.toImage(this.at(g)), g.ev, [g.x, g.y]);
        break;
      case 'pinchstart':
        clearTimeout(this.lpTimer);
        this.pinchFrom = { k: this.k, tx: this.tx, ty: this.ty };
        break;
      case 'pinch': {
        if (!this.pinchFrom) break;
        const { left, top } = this.size();
        const local = (ps) => ps.map((p) => ({ x: p.x - left, y: p.y - top }));
        const v = pinchView(this.pinchFrom, local(g.start), local(g.points), this.fitScale() * 0.5, MAX_ZOOM);
        this.k = v.k;
        this.tx = v.tx;
        this.ty = v.ty;
        this.fitted = false;
        this.apply();
        break;
      }
      case 'pinchend':
        this.pinchFrom = null;
        break;
      default:
    }
  }

  onDown(e) {
    this.lastType = e.pointerType;
    this.el.focus({ preventScroll: true });
    if (e.pointerType === 'touch' || e.pointerType === 'pen') {
      this.touchDown(e);
      return;
    }
    if (this.space || e.button === 1) {
      e.preventDefault();
      this.pan = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, id: e.pointerId };
      this.svg.setPointerCapture(e.pointerId);
      this.el.classList.add('wb-grabbing');
      return;
    }
    if (e.button !== 0) return;
    if (this.handler && this.handler.down) {
      this.svg.setPointerCapture(e.pointerId);
      this.handler.down(this.toImage(e), e);
    }
  }

  onMove(e) {
    if (this.gestures.has(e.pointerId)) {
      this.gestures.move(this.gestureEvent(e));
      return;
    }
    const p = this.toImage(e);
    if (this.pan) {
      this.tx = this.pan.tx + e.clientX - this.pan.x;
      this.ty = this.pan.ty + e.clientY - this.pan.y;
      this.fitted = false;
      this.apply();
      return;
    }
    this.readout.textContent = `x ${num(p[0], 1)}  y ${num(p[1], 1)} · ${this.zoomText()}`;
    if (this.handler && this.handler.move) this.handler.move(p, e);
  }

  onUp(e) {
    if (this.gestures.has(e.pointerId)) {
      clearTimeout(this.lpTimer);
      if (e.type === 'pointercancel') this.gestures.cancel(this.gestureEvent(e));
      else this.gestures.up(this.gestureEvent(e));
      return;
    }
    if (this.pan) {
      this.pan = null;
    /** a coarse primary pointer, or a finger has touched the stage: finger-sized hit areas */
    this.coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
    this.gestures = new Gestures((g) => this.onGesture(g));
    this.lpTimer = null;
    this.pinchFrom = null;
      this.el.classList.remove('wb-grabbing');
      return;
    }
    if (this.handler && this.handler.up) this.handler.up(this.toImage(e), e);
  }
}
