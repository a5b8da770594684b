// Plane geometry (static/js/workbench/geometry.js), expectations worked out by hand.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  segmentsIntersect, crossingEdges, dist, nearestOnSegment, area, distinctCount, bounds, unionBounds,
} from '../../static/js/workbench/geometry.js';

const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

describe('segmentsIntersect', () => {
  test('an X crosses', () => {
    // (0,0)-(4,4) and (0,4)-(4,0) meet at (2,2)
    assert.equal(segmentsIntersect([0, 0], [4, 4], [0, 4], [4, 0]), true);
  });
  test('parallel segments do not meet', () => {
    assert.equal(segmentsIntersect([0, 0], [4, 0], [0, 1], [4, 1]), false);
  });
  test('on one line: overlapping meet, disjoint do not', () => {
    // x-axis: [0,4] and [3,6] share [3,4]; [0,2] and [3,6] share nothing
    assert.equal(segmentsIntersect([0, 0], [4, 0], [3, 0], [6, 0]), true);
    assert.equal(segmentsIntersect([0, 0], [2, 0], [3, 0], [6, 0]), false);
  });
  test('closed segments: touching at an end point counts', () => {
    // T: (2,0) lies on (0,0)-(4,0)
    assert.equal(segmentsIntersect([0, 0], [4, 0], [2, 0], [2, 3]), true);
    // the line through (0,0)-(4,0) would cross (5,-1)-(5,1), the segment stops at x = 4
    assert.equal(segmentsIntersect([0, 0], [4, 0], [5, -1], [5, 1]), false);
  });
});

describe('crossingEdges', () => {
  test('a square has none', () => {
    assert.deepEqual([...crossingEdges([[0, 0], [4, 0], [4, 4], [0, 4]], true)], []);
  });
  test('a bow tie: edges 0 and 2 cross', () => {
    // edges: 0 (0,0)-(4,4), 1 (4,4)-(4,0), 2 (4,0)-(0,4), 3 (0,4)-(0,0); 0 and 2 cross at (2,2)
    assert.deepEqual([...crossingEdges([[0, 0], [4, 4], [4, 0], [0, 4]], true)].sort(), [0, 2]);
  });
  test('open vs closed: the closing edge is only checked when closed', () => {
    // Z-shaped chain (0,0)→(4,0)→(0,3)→(4,3): edges 0 and 2 are parallel, no crossing.
    const z = [[0, 0], [4, 0], [0, 3], [4, 3]];
    assert.deepEqual([...crossingEdges(z, false)], []);
    // Closed, edge 3 runs (4,3)→(0,0) and crosses edge 1 (4,0)→(0,3) at (2,1.5).
    assert.deepEqual([...crossingEdges(z, true)].sort(), [1, 3]);
  });
  test('adjacent edges that fold back onto each other', () => {
    // (0,0)→(4,0)→(2,0): edge 1 runs back along edge 0 (shared point (4,0), both arms point to -x)
    assert.deepEqual([...crossingEdges([[0, 0], [4, 0], [2, 0]], false)].sort(), [0, 1]);
    // (0,0)→(4,0)→(6,0): straight on, not a fold
    assert.deepEqual([...crossingEdges([[0, 0], [4, 0], [6, 0]], false)], []);
  });
  test('the closing pair (last edge, first edge) is adjacent, checked for folding only', () => {
    // ring (0,0),(4,0),(4,4),(2,0): edge 3 (2,0)→(0,0) and edge 0 (0,0)→(4,0) share (0,0);
    // from (0,0) both go towards +x: a fold. Edge 2 (4,4)→(2,0) ends at (2,0), which lies on
    // edge 0: touching counts, so 0 and 2 cross as well.
    assert.deepEqual([...crossingEdges([[0, 0], [4, 0], [4, 4], [2, 0]], true)].sort(), [0, 2, 3]);
  });
  test('fewer than 3 points: nothing to check', () => {
    assert.equal(crossingEdges([[0, 0], [1, 1]], true).size, 0);
  });
});

describe('distances and areas', () => {
  test('dist is Euclidean', () => {
    // 3-4-5 triangle
    assert.equal(dist([1, 2], [4, 6]), 5);
  });
  test('nearestOnSegment: inside, before the start, past the end', () => {
    // p = (2,3) over a = (0,0), b = (4,0): u = (2·4 + 3·0) / 16 = 0.5, q = (2,0), d = 3
    assert.deepEqual(nearestOnSegment([2, 3], [0, 0], [4, 0]), { point: [2, 0], d: 3, u: 0.5 });
    // p = (-3,4): u = -12/16 < 0 → 0, q = a = (0,0), d = 5
    assert.deepEqual(nearestOnSegment([-3, 4], [0, 0], [4, 0]), { point: [0, 0], d: 5, u: 0 });
    // p = (7,4): u = 28/16 > 1 → 1, q = b = (4,0), d = hypot(3,4) = 5
    assert.deepEqual(nearestOnSegment([7, 4], [0, 0], [4, 0]), { point: [4, 0], d: 5, u: 1 });
  });
  test('nearestOnSegment on a diagonal', () => {
    // a = (0,0), b = (2,2), p = (2,0): ab = (2,2), |ab|² = 8, ap·ab = 4 → u = 0.5, q = (1,1),
    // d = hypot(1,1) = √2
    const r = nearestOnSegment([2, 0], [0, 0], [2, 2]);
    assert.deepEqual(r.point, [1, 1]);
    assert.equal(r.u, 0.5);
    close(r.d, Math.SQRT2);
  });
  test('nearestOnSegment on a zero-length segment', () => {
    assert.deepEqual(nearestOnSegment([3, 4], [0, 0], [0, 0]), { point: [0, 0], d: 5, u: 0 });
  });
  test('area is signed (shoelace)', () => {
    // (0,0),(4,0),(4,3): ½[(0·0−4·0) + (4·3−4·0) + (4·0−0·3)] = ½·12 = 6
    assert.equal(area([[0, 0], [4, 0], [4, 3]]), 6);
    // the other way round: −6
    assert.equal(area([[0, 0], [4, 3], [4, 0]]), -6);
    // (1,1),(3,1),(3,4),(1,4): a 2 × 3 rectangle → 6; collinear points enclose 0
    assert.equal(area([[1, 1], [3, 1], [3, 4], [1, 4]]), 6);
    assert.equal(area([[0, 0], [1, 1], [2, 2]]), 0);
  });
  test('distinctCount counts points, not entries', () => {
    assert.equal(distinctCount([[0, 0], [1, 2], [0, 0], [1, 2], [2, 1]]), 3);
  });
});

describe('bounds', () => {
  test('[x, y, w, h] of points', () => {
    // x from −1 to 5 (w 6), y from 2 to 9 (h 7)
    assert.deepEqual(bounds([[3, 9], [-1, 4], [5, 2]]), [-1, 2, 6, 7]);
    assert.deepEqual(bounds([]), [0, 0, 0, 0]);
  });
  test('unionBounds of boxes, skipping empty slots', () => {
    // [0,0,2,2] spans (0,0)-(2,2); [5,1,1,4] spans (5,1)-(6,5) → x 0..6, y 0..5
    assert.deepEqual(unionBounds([[0, 0, 2, 2], null, [5, 1, 1, 4]]), [0, 0, 6, 5]);
    assert.deepEqual(unionBounds([]), [0, 0, 0, 0]);
  });
});
