#!/usr/bin/env python3
"""Extra checks of the practical banks beyond `annocert bank check`:
boxes inside the image; polygons simple (≥ 3 distinct points, no crossing edges); polylines ≥ 2 points
inside the image; 17 keypoints with v ∈ {0,1,2} and (0,0) exactly when v = 0; labels and attribute
values from the item's sets; span offsets in range and printed with the text they slice; classify /
select / table ids matching entries / given / fields; entry and item assets present and small; rubric
maxima adding up to the item's points; each criterion's score bands covering 0 … max without gaps or overlaps.
Usage: validate_practical.py [question_banks] [--spans]"""
from __future__ import annotations

import pathlib
import sys
import tomllib
import unicodedata

ROOT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else \
    pathlib.Path(__file__).resolve().parent.parent
SHOW_SPANS = "--spans" in sys.argv
errs: list[str] = []


def orient(a, b, c):
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def on_seg(a, b, p):
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def seg_cross(p1, p2, p3, p4):
    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    return (o1 == 0 and on_seg(p1, p2, p3)) or (o2 == 0 and on_seg(p1, p2, p4)) or \
        (o3 == 0 and on_seg(p3, p4, p1)) or (o4 == 0 and on_seg(p3, p4, p2))


def check_bands(w, c):
    """Score bands of a rubric criterion: whole points, at least two, ascending from 0 to the criterion's max
    with no gap or overlap, each with a text."""
    bands, mx = c.get("bands", []), c.get("max")
    if not isinstance(mx, int) or isinstance(mx, bool) or mx < 0:
        w(f"criterion {c.get('id')}: max {mx!r} is not a whole number of points")
        return
    if len(bands) < 2:
        w(f"criterion {c.get('id')}: {len(bands)} score bands (at least 2)")
        return
    nxt = 0
    for b in bands:
        lo, hi = b.get("min"), b.get("max")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi)) or lo != nxt or hi < lo:
            w(f"criterion {c.get('id')}: band {lo}–{hi} does not start at {nxt} or ends before it starts")
            return
        if not str(b.get("text", "")).strip():
            w(f"criterion {c.get('id')}: band {lo}–{hi} has no text")
        nxt = hi + 1
    if nxt - 1 != mx:
        w(f"criterion {c.get('id')}: bands end at {nxt - 1}, not at max {mx}")


def check_polygon(w, pts):
    if len({tuple(p) for p in pts}) < 3:
        w("polygon has fewer than 3 distinct points")
    n = len(pts)
    for i in range(n):
        for j in range(i + 1, n):
            if abs(i - j) in (1, n - 1):
                continue
            if seg_cross(pts[i], pts[(i + 1) % n], pts[j], pts[(j + 1) % n]):
                w(f"polygon edges {i} and {j} cross")
    area = sum(pts[i][0] * pts[(i + 1) % n][1] - pts[(i + 1) % n][0] * pts[i][1] for i in range(n)) / 2
    if abs(area) < 1:
        w("polygon has zero area")


def _pip(p, pts):
    c = False
    for i in range(len(pts)):
        (x1, y1), (x2, y2) = pts[i], pts[i - 1]
        if (y1 > p[1]) != (y2 > p[1]) and p[0] < x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1):
            c = not c
    return c


def polys_overlap(a, b):
    if any(_pip(p, b) for p in a) or any(_pip(p, a) for p in b):
        return True
    return any(seg_cross(a[i], a[(i + 1) % len(a)], b[j], b[(j + 1) % len(b)])
               for i in range(len(a)) for j in range(len(b)))


def inside(w, img, x, y, what):
    if not (0 <= x <= img["width"] and 0 <= y <= img["height"]):
        w(f"{what} point ({x}, {y}) outside the image")


def check_shape(w, it, g, where):
    img = it.get("image")
    labels = it.get("labels", [])
    if labels and g.get("label") not in labels:
        w(f"{where}: label {g.get('label')!r} not in labels")
    for k, v in g.get("attributes", {}).items():
        allowed = it.get("attributes", {}).get(k)
        if allowed is None or v not in allowed:
            w(f"{where}: attribute {k}={v!r} not allowed")
    if "bbox" in g:
        x, y, bw, bh = g["bbox"]
        if bw <= 0 or bh <= 0:
            w(f"{where}: empty bbox")
        if x < 0 or y < 0 or x + bw > img["width"] or y + bh > img["height"]:
            w(f"{where}: bbox {g['bbox']} not inside the {img['width']}x{img['height']} image")
    if it["kind"] == "polygons" or (it["kind"] == "select" and "points" in g and "attributes" not in g):
        check_polygon(lambda m: w(f"{where}: {m}"), g["points"])
        for x, y in g["points"]:
            inside(w, img, x, y, where)
    if "points" in g and (it["kind"] == "polylines" or "attributes" in g):
        if len(g["points"]) < 2:
            w(f"{where}: polyline needs ≥ 2 points")
        for x, y in g["points"]:
            inside(w, img, x, y, where)
    if "keypoints" in g:
        if len(g["keypoints"]) != 17:
            w(f"{where}: {len(g['keypoints'])} keypoints, expected 17")
        for i, (x, y, v) in enumerate(g["keypoints"]):
            if v not in (0, 1, 2):
                w(f"{where}: keypoint {i} v={v}")
            if v == 0 and (x, y) != (0, 0):
                w(f"{where}: keypoint {i} has v=0 but coordinates")
            if v > 0:
                inside(w, img, x, y, f"{where}.kp{i}")


def asset_ok(w, f, rel, where):
    p = f.parent / rel
    if not p.exists():
        w(f"{where}: missing asset {rel}")
        return 0
    size = p.stat().st_size
    if size > 2 * 1024 * 1024:
        w(f"{where}: asset over 2 MiB {rel}")
    if p.suffix in (".ogg", ".wav") and size > 200 * 1024:
        w(f"{where}: audio over 200 KB {rel}")
    return size


def normalised(t):
    t = unicodedata.normalize("NFKC", t).lower()
    return "".join(c for c in t if not c.isspace() and unicodedata.category(c)[0] not in "PS")


def main():
    counts = {}
    files = list(ROOT.glob("level[45]/practical-*.toml")) + list(ROOT.glob("level[45]/exam-practical.toml"))
    for f in sorted(files):
        doc = tomllib.loads(f.read_text(encoding="utf-8"))
        for it in doc["items"]:
            iid = it["id"]
            w = lambda m, iid=iid: errs.append(f"{f.name}: {iid}: {m}")
            k = it["kind"]
            counts[(it["level"], k)] = counts.get((it["level"], k), 0) + 1
            for a in it.get("assets", []):
                asset_ok(w, f, a, "assets")
            ents = it.get("entries", [])
            eids = [e["id"] for e in ents]
            if len(set(eids)) != len(eids):
                w("duplicate entry ids")
            for e in ents:
                if "asset" in e:
                    asset_ok(w, f, e["asset"], f"entry {e['id']}")
                if "asset" not in e and not e.get("text"):
                    w(f"entry {e['id']} has neither text nor asset")
            given = it.get("given", [])
            gids = [g["id"] for g in given]
            if len(set(gids)) != len(gids):
                w("duplicate given ids")
            for g in given:
                check_shape(w, it, g, f"given {g['id']}")
            gold = it.get("gold")
            if k in ("boxes", "polygons", "keypoints", "polylines"):
                if not it.get("image"):
                    w("image kind without image size")
                for i, g in enumerate(gold):
                    check_shape(w, it, g, f"gold[{i}]")
                if k == "polygons":
                    for a in range(len(gold)):
                        for b in range(a + 1, len(gold)):
                            if polys_overlap(gold[a]["points"], gold[b]["points"]):
                                w(f"gold polygons {a} and {b} overlap")
                if it.get("attributes"):
                    for i, g in enumerate(gold):
                        if set(g.get("attributes", {})) != set(it["attributes"]):
                            w(f"gold[{i}]: attributes {sorted(g.get('attributes', {}))} != {sorted(it['attributes'])}")
            elif k == "spans":
                text = it["text"]
                prev = 0
                for i, g in enumerate(sorted(gold, key=lambda s: s["start"])):
                    if not (0 <= g["start"] < g["end"] <= len(text)):
                        w(f"span {i} out of range")
                    if g["start"] < prev:
                        w(f"span {i} overlaps the previous one")
                    prev = g["end"]
                    s = text[g["start"]:g["end"]]
                    if s != s.strip() or unicodedata.category(s[0])[0] == "P" or unicodedata.category(s[-1])[0] == "P":
                        w(f"span {i} {s!r} starts or ends with space/punctuation")
                    if g["label"] not in it["labels"]:
                        w(f"span {i} label {g['label']}")
                    if SHOW_SPANS:
                        print(f"{iid}: [{g['start']}, {g['end']}) {g['label']:5} {s}")
            elif k == "classify":
                lab = gold["labels"]
                if set(lab) != set(eids):
                    w(f"classify gold ids {sorted(set(lab) ^ set(eids))} differ from entries")
                for e, l in lab.items():
                    if l not in it["labels"]:
                        w(f"classify {e}: {l!r} not in labels")
            elif k == "select":
                ids = gold["ids"]
                pool = set(gids) if given else set(eids)
                if not set(ids) <= pool:
                    w(f"select ids {sorted(set(ids) - pool)} not among {'given' if given else 'entries'}")
                if len(set(ids)) != len(ids):
                    w("duplicate select ids")
                if given and ents:
                    w("select with both given and entries")
            elif k == "table":
                keys = [x["key"] for x in it["fields"]]
                if set(gold["cells"]) != set(keys) or len(keys) != len(set(keys)):
                    w("table cells do not match fields")
                for kk, v in gold["cells"].items():
                    if not isinstance(v, (int, float)) or isinstance(v, bool):
                        w(f"table cell {kk} is not a number")
            elif k == "transcript":
                if not normalised(gold["text"]):
                    w("transcript gold is empty after normalisation")
                if not any(a.endswith((".ogg", ".wav")) for a in it.get("assets", [])):
                    w("transcript without audio asset")
            elif k == "rubric":
                tot = sum(c["max"] for c in it["criteria"])
                if it.get("points") is not None and tot != it["points"]:
                    w(f"criteria add up to {tot}, points = {it['points']}")
                if len({c['id'] for c in it["criteria"]}) != len(it["criteria"]):
                    w("duplicate criterion ids")
                for c in it["criteria"]:
                    check_bands(w, c)
    audio = sum(p.stat().st_size for lv in ("level4", "level5") for p in (ROOT / lv / "assets").glob("p-*")
                if p.suffix in (".ogg", ".wav"))
    if audio > 3 * 1024 * 1024:
        errs.append(f"audio total {audio} bytes > 3 MB")
    for e in errs:
        print(e)
    for (lv, k), n in sorted(counts.items()):
        print(f"level {lv} {k:12} {n}")
    print(f"audio total {audio} bytes; {len(errs)} problems")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
