// Touch gestures on the stage (static/js/workbench/gestures.js): pointer event sequences in,
// gestures out; the pinch maths; where a dragged bottom sheet comes to rest.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Gestures, pinchView, sheetSnap, LONG_PRESS_MS } from '../../static/js/workbench/gestures.js';

function recorder() {
  const out = [];
  const g = new Gestures((e) => out.push(e));
  const types = () => out.map((e) => e.type);
  return { g, out, types };
}

const touch = (id, x, y, t = 0) => ({ id, x, y, t, type: 'touch' });
const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

describe('one finger', () => {
  test('down and up without moving is a tap at the down point', () => {
    const { g, out, types } = recorder();
    g.down(touch(1, 100, 200, 0));
    g.move(touch(1, 104, 203, 50)); // within the slop
    g.up(touch(1, 104, 203, 120));
    assert.deepEqual(types(), ['tap']);
    assert.equal(out[0].x, 100);
    assert.equal(out[0].y, 200);
    assert.equal(g.state, 'idle');
  });

  test('moving past the slop is a drag that starts where the finger went down', () => {
    const { g, out, types } = recorder();
    g.down(touch(1, 10, 10));
    g.move(touch(1, 30, 10, 40));
    g.move(touch(1, 60, 40, 80));
    g.up(touch(1, 60, 40, 100));
    assert.deepEqual(types(), ['dragstart', 'drag', 'drag', 'dragend']);
    assert.deepEqual([out[0].x, out[0].y], [10, 10]);
    assert.deepEqual([out[3].x, out[3].y], [60, 40]);
  });

  test('a pen has a smaller slop than a finger', () => {
    const { g, types } = recorder();
    g.down({ id: 1, x: 0, y: 0, t: 0, type: 'pen' });
    g.move({ id: 1, x: 6, y: 0, t: 10, type: 'pen' });
    assert.deepEqual(types(), ['dragstart', 'drag']);
  });

  test('held still for the long-press time: a long press, then no tap on release', () => {
    const { g, out, types } = recorder();
    g.down(touch(1, 50, 60, 1000));
    assert.equal(g.longPressAt, 1000 + LONG_PRESS_MS);
    g.tick(1000 + LONG_PRESS_MS - 1); // too early
    assert.deepEqual(types(), []);
    g.tick(1000 + LONG_PRESS_MS);
    g.move(touch(1, 80, 60, 1600)); // moving afterwards does not draw
    g.up(touch(1, 80, 60, 1700));
    assert.deepEqual(types(), ['longpress']);
    assert.deepEqual([out[0].x, out[0].y], [50, 60]);
    assert.equal(g.state, 'idle');
  });

  test('a drag never becomes a long press', () => {
    const { g, types } = recorder();
    g.down(touch(1, 0, 0, 0));
    g.move(touch(1, 40, 0, 100));
    assert.equal(g.longPressAt, null);
    g.tick(2000);
    g.up(touch(1, 40, 0, 2100));
    assert.deepEqual(types(), ['dragstart', 'drag', 'dragend']);
  });
});

describe('two fingers', () => {
  test('a second finger makes a pinch, not a tap or a drag', () => {
    const { g, out, types } = recorder();
    g.down(touch(1, 100, 100, 0));
    g.down(touch(2, 200, 100, 30));
    g.move(touch(1, 80, 100, 60));
    g.move(touch(2, 220, 100, 60));
    g.up(touch(1, 80, 100, 100));
    g.move(touch(2, 300, 300, 120)); // the finger left behind does not draw
    g.up(touch(2, 300, 300, 140));
    assert.deepEqual(types(), ['pinchstart', 'pinch', 'pinch', 'pinchend']);
    assert.deepEqual(out[2].start, [{ x: 100, y: 100 }, { x: 200, y: 100 }]);
    assert.deepEqual(out[2].points, [{ x: 80, y: 100 }, { x: 220, y: 100 }]);
    assert.equal(g.state, 'idle');
  });

  test('a drag under way is cancelled when the second finger lands', () => {
    const { g, types } = recorder();
    g.down(touch(1, 0, 0));
    g.move(touch(1, 30, 0, 20));
    g.down(touch(2, 100, 0, 40));
    assert.deepEqual(types(), ['dragstart', 'drag', 'dragcancel', 'pinchstart']);
  });

  test('a third finger changes nothing', () => {
    const { g, types } = recorder();
    g.down(touch(1, 0, 0));
    g.down(touch(2, 100, 0));
    g.down(touch(3, 50, 50));
    g.move(touch(3, 90, 90));
    assert.deepEqual(types(), ['pinchstart']);
  });

  test('pointercancel commits nothing', () => {
    const { g, types } = recorder();
    g.down(touch(1, 0, 0));
    g.move(touch(1, 50, 0));
    g.cancel(touch(1, 50, 0));
    assert.deepEqual(types(), ['dragstart', 'drag', 'dragcancel']);
    assert.equal(g.state, 'idle');
  });
});

describe('pinchView', () => {
  const imageAt = (v, p) => ({ x: (p.x - v.tx) / v.k, y: (p.y - v.ty) / v.k });

  test('fingers twice as far apart around a fixed midpoint: ×2, the midpoint stays', () => {
    const v0 = { k: 0.5, tx: 20, ty: 10 };
    const start = [{ x: 150, y: 200 }, { x: 250, y: 200 }];
    const now = [{ x: 100, y: 200 }, { x: 300, y: 200 }];
    const v = pinchView(v0, start, now);
    close(v.k, 1);
    const before = imageAt(v0, { x: 200, y: 200 });
    const after = imageAt(v, { x: 200, y: 200 });
    close(before.x, after.x);
    close(before.y, after.y);
    // worked by hand: image point (360, 380) stays at (200, 200): t = 200 − 360·1, 200 − 380·1
    close(v.tx, -160);
    close(v.ty, -180);
  });

  test('both fingers moved the same way: a pan, no zoom', () => {
    const v0 = { k: 2, tx: 0, ty: 0 };
    const v = pinchView(v0, [{ x: 0, y: 0 }, { x: 10, y: 0 }], [{ x: 30, y: 40 }, { x: 40, y: 40 }]);
    close(v.k, 2);
    close(v.tx, 30);
    close(v.ty, 40);
  });

  test('zoom and pan at once: the image point under the first midpoint follows the fingers', () => {
    const v0 = { k: 1.3, tx: -40, ty: 25 };
    const start = [{ x: 100, y: 100 }, { x: 160, y: 180 }];
    const now = [{ x: 50, y: 300 }, { x: 230, y: 540 }]; // 3× as far apart, midpoint moved
    const v = pinchView(v0, start, now);
    close(v.k, 3.9);
    const was = imageAt(v0, { x: 130, y: 140 });
    const is = imageAt(v, { x: 140, y: 420 });
    close(was.x, is.x);
    close(was.y, is.y);
  });

  test('the zoom is clamped, and the midpoint still stays put', () => {
    const v0 = { k: 1, tx: 0, ty: 0 };
    const v = pinchView(v0, [{ x: 90, y: 0 }, { x: 110, y: 0 }], [{ x: 0, y: 0 }, { x: 200, y: 0 }], 0.1, 4);
    close(v.k, 4);
    close(imageAt(v, { x: 100, y: 0 }).x, 100);
  });
});

describe('sheetSnap', () => {
  const H = { collapsed: 72, half: 400, full: 760 };
  test('a slow release rests at the nearest state', () => {
    assert.equal(sheetSnap(100, 0, H), 'collapsed');
    assert.equal(sheetSnap(350, 0.1, H), 'half');
    assert.equal(sheetSnap(700, -0.2, H), 'full');
  });
  test('a flick goes one state further in its direction', () => {
    assert.equal(sheetSnap(120, 1.2, H), 'half');
    assert.equal(sheetSnap(420, 0.9, H), 'full');
    assert.equal(sheetSnap(380, -0.8, H), 'collapsed');
    assert.equal(sheetSnap(760, 2, H), 'full'); // nothing beyond full
  });
});
