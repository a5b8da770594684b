#!/usr/bin/env python3
"""The polygon scoring case of `benches/scoring.rs`, done the way a Python peer would do it.

Issue 16 asks for polygon scoring at least 20x faster than shapely + scipy on the same cases.
This script regenerates *exactly* the inputs of the criterion benchmark
`score/polygons_50x50_32v` (the same Knuth MMIX LCG, the same seed, the same draws in the same
order, so the box case drawn before it is replayed too), then times one scoring with
shapely 2 and scipy:

1. build the polygons from the parsed JSON (shapely.from_ragged_array: vectorised, any vertex
   count) and check them (shapely.is_valid, area > 0): Rust's simple-polygon check;
2. the IoU of every gold x answer pair whose bounding boxes overlap (found with numpy on
   shapely.bounds, or with an STRtree), the intersection areas vectorised (shapely.intersection +
   shapely.area); other pairs are 0. A third variant, "plain loop", does the same pair by pair in
   a Python loop, as straightforward code would; the fastest variant is the one to compare with;
3. the two matching passes of annocert (same label with IoU >= threshold, then any label among
   what is left), each an optimal assignment with scipy's linear_sum_assignment;
4. the score (accuracy: tp / (tp + mismatched + missed + extra)).

The Rust scorer does more than this (a canonical order of the answers, error messages naming the
place of a bad point, the feedback passes and texts), so the ratio it gives is conservative.

Requirements: Python 3.11 and `pip install shapely scipy` (both from PyPI, which is reachable
from this project's machines; numpy comes with them). Run from the repository root:

    python3 benches/shapely_compare.py                  # times the case, prints the score
    python3 benches/shapely_compare.py --dump /tmp/poly  # also writes /tmp/poly.task.json and
                                                        # /tmp/poly.answer.json
    annocert score --task /tmp/poly.task.json --answer /tmp/poly.answer.json > /tmp/poly.rust.json
    python3 benches/shapely_compare.py --rust-result /tmp/poly.rust.json
                                                        # Rust's score and IoUs beside these

The Rust figure to compare with: `cargo bench --bench scoring -- polygons` (same machine, close
in time). Figures and versions: docs/performance.md, "Polygons against shapely + scipy".
"""

import argparse
import json
import math
import statistics
import sys
import timeit

import numpy as np
import scipy
import shapely
from scipy.optimize import linear_sum_assignment

MASK64 = (1 << 64) - 1


class Lcg:
    """Knuth's MMIX LCG, as `Lcg` in benches/scoring.rs (wrapping u64 arithmetic)."""

    def __init__(self, seed):
        self.s = seed & MASK64

    def next(self):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) & MASK64
        return self.s >> 11

    def f(self):
        """Uniform in [0, 1): a 53-bit integer / 2^53, exact as in Rust."""
        return self.next() / float(1 << 53)

    def range(self, lo, hi):
        return lo + (hi - lo) * self.f()

    def int(self, n):
        return self.next() % n

    def chance(self, p):
        return self.f() < p

    def shuffle(self, v):
        for i in range(len(v) - 1, 0, -1):
            j = self.int(i + 1)
            v[i], v[j] = v[j], v[i]


LABELS = ["car", "bus", "person", "bike"]


def rust_round(x):
    """f64::round: half away from zero (Python's round() rounds half to even)."""
    t = math.trunc(x)
    if abs(x - t) >= 0.5:  # x - t is exact: the fraction of a float
        t += math.copysign(1.0, x)
    return float(t)


def r1(x):
    return rust_round(x * 10.0) / 10.0


def boxes(rng, n):
    """`boxes` of benches/scoring.rs: only replayed here to draw the same numbers before the
    polygons (the bench draws the box case first from the same generator)."""
    cols = max(math.ceil(math.sqrt(n)), 1)
    rows = max(-(-n // cols), 1)
    cw, ch = 1920.0 / cols, 1080.0 / rows
    gold, ans = [], []
    for k in range(n):
        cx, cy = (k % cols) * cw, (k // cols) * ch
        w = rng.range(0.3, 0.8) * cw
        h = rng.range(0.3, 0.8) * ch
        x = cx + rng.range(0.0, cw - w)
        y = cy + rng.range(0.0, ch - h)
        label = LABELS[rng.int(4)]
        gold.append({"label": label, "bbox": [r1(x), r1(y), r1(w), r1(h)]})
        if rng.chance(0.9):
            lab = LABELS[rng.int(4)] if rng.chance(0.05) else label
            jx, jy, jw, jh = (rng.range(-6.0, 6.0) for _ in range(4))
            ans.append({"label": lab, "bbox": [r1(x + jx), r1(y + jy), r1(w + jw), r1(h + jh)]})
    for _ in range(n // 10):
        lab = LABELS[rng.int(4)]
        bx, by = rng.range(0.0, 1800.0), rng.range(0.0, 1000.0)
        ans.append({"label": lab, "bbox": [r1(bx), r1(by), 60, 40]})
    rng.shuffle(ans)
    return gold, ans


def star(rng, cx, cy, r, v):
    out = []
    for k in range(v):
        t = k / v * math.tau
        rad = r * rng.range(0.75, 1.0)
        out.append((cx + rad * math.cos(t), cy + rad * math.sin(t)))
    return out


def pts(p):
    return [[r1(x), r1(y)] for x, y in p]


def polygons(rng, n, v):
    """`polygons` of benches/scoring.rs: n gold stars of v vertices on a grid, answers with every
    vertex moved a little (10 % missed), shuffled."""
    cols = max(math.ceil(math.sqrt(n)), 1)
    rows = max(-(-n // cols), 1)
    cw, ch = 1920.0 / cols, 1080.0 / rows
    gold, ans = [], []
    for k in range(n):
        cx = (k % cols) * cw + cw / 2.0
        cy = (k // cols) * ch + ch / 2.0
        r = min(cw, ch) * 0.4
        g = star(rng, cx, cy, r, v)
        label = LABELS[rng.int(4)]
        gold.append({"label": label, "points": pts(g)})
        if rng.chance(0.9):
            a = []
            for x, y in g:
                dx = rng.range(-3.0, 3.0)
                dy = rng.range(-3.0, 3.0)
                a.append((x + dx, y + dy))
            ans.append({"label": label, "points": pts(a)})
    rng.shuffle(ans)
    task = {"kind": "polygons", "image": {"width": 1920, "height": 1080}, "gold": gold}
    return task, ans


def bench_case():
    """The inputs of `score/polygons_50x50_32v`: the seed of `bench_score`, the box case first."""
    rng = Lcg(20260101)
    boxes(rng, 100)
    return polygons(rng, 50, 32)


EPS = 1e-6  # annocert's detection::EPS: IoU within this below the threshold reaches it


def to_polygons(objs):
    """Polygons of a parsed object list, and their labels; raises on an invalid polygon."""
    coords = [o["points"] for o in objs]
    counts = np.fromiter((len(c) for c in coords), dtype=np.int64, count=len(coords))
    flat = np.array([xy for c in coords for xy in c], dtype=np.float64).reshape(-1, 2)
    # Close each ring (from_ragged_array wants closed rings): repeat its first point.
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    closed = np.insert(flat, starts + counts, flat[starts], axis=0)
    ring_offsets = np.concatenate(([0], np.cumsum(counts + 1)))
    poly_offsets = np.arange(len(coords) + 1)
    polys = shapely.from_ragged_array(
        shapely.GeometryType.POLYGON, closed, (ring_offsets, poly_offsets)
    )
    ok = shapely.is_valid(polys) & (shapely.area(polys) > 0)
    if not ok.all():
        raise ValueError(f"invalid polygon at {int(np.argmin(ok))}")
    return polys, np.array([o["label"] for o in objs])


def candidate_pairs_numpy(g, a):
    """Gold x answer pairs whose bounding boxes overlap (strictly, as annocert's skip test)."""
    bg, ba = shapely.bounds(g), shapely.bounds(a)
    ov = (
        (bg[:, None, 0] < ba[None, :, 2])
        & (ba[None, :, 0] < bg[:, None, 2])
        & (bg[:, None, 1] < ba[None, :, 3])
        & (ba[None, :, 1] < bg[:, None, 3])
    )
    return np.nonzero(ov)


def candidate_pairs_strtree(g, a):
    """The same pairs from an STRtree (bounding boxes only, touching ones included)."""
    tree = shapely.STRtree(a)
    gi, ai = tree.query(g)
    return gi, ai


def iou_matrix(g, a, pairs):
    gi, ai = pairs
    iou = np.zeros((len(g), len(a)))
    if len(gi):
        inter = shapely.area(shapely.intersection(g[gi], a[ai]))
        ag, aa = shapely.area(g), shapely.area(a)
        iou[gi, ai] = inter / (ag[gi] + aa[ai] - inter)
    return iou


def iou_matrix_loop(g, a):
    """The same matrix the plain way: a Python loop over the pairs, one GEOS call per pair."""
    iou = np.zeros((len(g), len(a)))
    for i, pg in enumerate(g):
        bg = pg.bounds
        for j, pa in enumerate(a):
            ba = pa.bounds
            if bg[0] < ba[2] and ba[0] < bg[2] and bg[1] < ba[3] and ba[1] < bg[3]:
                inter = pg.intersection(pa).area
                iou[i, j] = inter / (pg.area + pa.area - inter)
    return iou


def assign(w):
    """Optimal assignment maximising total weight; only pairs of positive weight count."""
    if w.size == 0:
        return []
    r, c = linear_sum_assignment(w, maximize=True)
    keep = w[r, c] > 0
    return list(zip(r[keep], c[keep]))


def score(task, answer, pairs_fn=candidate_pairs_numpy, threshold=0.5):
    g, gl = to_polygons(task["gold"])
    a, al = to_polygons(answer)
    iou = iou_matrix_loop(g, a) if pairs_fn is None else iou_matrix(g, a, pairs_fn(g, a))
    reaches = (iou > 0) & (iou >= threshold - EPS)
    # Pass 1: same label.
    p1 = assign(np.where(reaches & (gl[:, None] == al[None, :]), iou, 0.0))
    gold_left = np.ones(len(g), bool)
    ans_left = np.ones(len(a), bool)
    for i, j in p1:
        gold_left[i] = ans_left[j] = False
    # Pass 2: any label, among what is left (a wrong-label match).
    w2 = np.where(reaches & gold_left[:, None] & ans_left[None, :], iou, 0.0)
    p2 = assign(w2)
    tp, mismatched = len(p1), len(p2)
    fn = len(g) - tp - mismatched
    fp = len(a) - tp - mismatched
    total = tp + mismatched + fn + fp
    return tp / total if total else 1.0


def compare_with_rust(task, answer, path):
    """Rust's score beside Python's, and the largest IoU difference over Rust's matches."""
    with open(path) as f:
        rust = json.load(f)
    g, _ = to_polygons(task["gold"])
    a, _ = to_polygons(answer)
    iou = iou_matrix(g, a, candidate_pairs_numpy(g, a))
    diff = max((abs(iou[m["gold"], m["answer"]] - m["similarity"]) for m in rust["matches"]),
               default=0.0)
    py = score(task, answer)
    print(f"score: Rust {rust['score']!r}, Python {py!r} ({'equal' if rust['score'] == py else 'DIFFERENT'})")
    print(f"IoU of Rust's {len(rust['matches'])} matches: largest difference from shapely {diff:.2e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--dump", metavar="PREFIX", help="write PREFIX.task.json and PREFIX.answer.json"
    )
    ap.add_argument(
        "--rust-result",
        metavar="FILE",
        help="the output of `annocert score` on the dumped case: compare score and IoUs",
    )
    ap.add_argument("--repeat", type=int, default=7, help="timeit repeats (default 7)")
    args = ap.parse_args()
    task, answer = bench_case()
    if args.dump:
        with open(args.dump + ".task.json", "w") as f:
            json.dump(task, f)
        with open(args.dump + ".answer.json", "w") as f:
            json.dump({"answer": answer}, f)
    print(
        f"python {sys.version.split()[0]}, shapely {shapely.__version__} "
        f"(GEOS {shapely.geos_version_string}), scipy {scipy.__version__}, numpy {np.__version__}"
    )
    print(f"case score/polygons_50x50_32v: {len(task['gold'])} gold, {len(answer)} answers")
    results = {}
    variants = [
        ("numpy bbox", candidate_pairs_numpy),
        ("STRtree", candidate_pairs_strtree),
        ("plain loop", None),
    ]
    for name, fn in variants:
        s = score(task, answer, fn)
        t = timeit.Timer(lambda: score(task, answer, fn))
        n, _ = t.autorange()
        runs = [x / n * 1e3 for x in t.repeat(repeat=args.repeat, number=n)]
        results[name] = (min(runs), statistics.median(runs))
        print(
            f"  pairs by {name:10}: score {s!r}; per scoring min {min(runs):.3f} ms, "
            f"median {statistics.median(runs):.3f} ms ({args.repeat} x {n} runs)"
        )
    if args.rust_result:
        compare_with_rust(task, answer, args.rust_result)
    best = min(results, key=lambda k: results[k][0])
    print(f"fastest: pairs by {best}, min {results[best][0]:.3f} ms (compare with this one)")


if __name__ == "__main__":
    main()
