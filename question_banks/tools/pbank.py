"""Shared helpers for the practical-item generators (make_practical_l5.py, make_practical_l4.py).

Standard library only, deterministic (no randomness, no clock), so every run writes byte-identical
files. Three parts:

* `Scene`: an SVG canvas whose shapes are also rasterised (pixel centres, painter's order) into an
  object-id buffer, so that the gold box of an object is exactly the extent of its *visible* pixels,
  and occlusion / truncation attributes follow from the drawing rather than from a hand-typed guess.
* small SVG thumbnails (cars, buses, cats …) for `classify` / `select` entries;
* a TOML writer for bank files (the subset the bank format uses), checked by a tomllib round trip.
"""
from __future__ import annotations

import math
import pathlib
import tomllib

# ---------------------------------------------------------------------------------------------
# numbers and SVG text


def num(v: float) -> str:
    """Compact number for SVG attributes (no trailing zeros)."""
    if isinstance(v, int):
        return str(v)
    r = round(v, 2)
    if r == int(r):
        return str(int(r))
    return f"{r:.2f}".rstrip("0").rstrip(".")


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def pts_attr(points) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


# ---------------------------------------------------------------------------------------------
# geometry tests at pixel centres


def _in_poly(px, py, pts):
    inside = False
    n = len(pts)
    j = n - 1
    for i in range(n):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > py) != (yj > py):
            xc = xi + (py - yi) * (xj - xi) / (yj - yi)
            if px < xc:
                inside = not inside
        j = i
    return inside


def _seg_dist2(px, py, x1, y1, x2, y2):
    dx, dy = x2 - x1, y2 - y1
    L = dx * dx + dy * dy
    t = 0.0 if L == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / L))
    qx, qy = x1 + t * dx, y1 + t * dy
    return (px - qx) ** 2 + (py - qy) ** 2


class Scene:
    """An SVG image plus an object-id raster of what is visible where.

    Every shape belongs to an object (`obj`), or to the background (`obj=None`, only allowed before
    the first object shape, so background never hides an object). Objects whose name starts with
    "_" occlude but are not labeled (trees, poles, a desk …).
    """

    def __init__(self, w: int, h: int, bg: str = "#ffffff"):
        self.w, self.h = w, h
        self.parts: list[str] = []
        self.defs: list[str] = []
        self.buf = [0] * (w * h)
        self.names: list[str | None] = [None]
        self.index: dict[str, int] = {}
        self.cover: dict[int, set] = {}
        self.extent: dict[str, list[float]] = {}
        self.meta: dict[str, dict] = {}
        self._objects_started = False
        self.rect(0, 0, w, h, bg)

    # -- object bookkeeping
    def _idx(self, obj):
        if obj is None:
            if self._objects_started:
                raise ValueError("background shape after the first object shape")
            return 0
        self._objects_started = True
        if obj not in self.index:
            self.index[obj] = len(self.names)
            self.names.append(obj)
            self.cover[self.index[obj]] = set()
        return self.index[obj]

    def _grow(self, obj, x0, y0, x1, y1):
        if obj is None:
            return
        e = self.extent.get(obj)
        if e is None:
            self.extent[obj] = [x0, y0, x1, y1]
        else:
            e[0], e[1], e[2], e[3] = min(e[0], x0), min(e[1], y0), max(e[2], x1), max(e[3], y1)

    def _paint(self, obj, test, x0, y0, x1, y1):
        idx = self._idx(obj)
        self._grow(obj, x0, y0, x1, y1)
        if idx == 0:
            return
        cov = self.cover[idx]
        w = self.w
        for y in range(max(0, int(math.floor(y0))), min(self.h, int(math.ceil(y1)) + 1)):
            cy = y + 0.5
            row = y * w
            for x in range(max(0, int(math.floor(x0))), min(w, int(math.ceil(x1)) + 1)):
                if test(x + 0.5, cy):
                    self.buf[row + x] = idx
                    cov.add(row + x)

    # -- primitives (fill only; strokes only as explicit line shapes, so raster == picture)
    def rect(self, x, y, w, h, fill, rx=0, obj=None, extra=""):
        r = min(rx, w / 2, h / 2)
        self.parts.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"'
            + (f' rx="{num(r)}"' if r else "") + f' fill="{fill}"{extra}/>')

        def test(px, py):
            if not (x <= px <= x + w and y <= py <= y + h):
                return False
            if r <= 0:
                return True
            qx = min(max(px, x + r), x + w - r)
            qy = min(max(py, y + r), y + h - r)
            return (px - qx) ** 2 + (py - qy) ** 2 <= r * r

        self._paint(obj, test, x, y, x + w, y + h)

    def circle(self, cx, cy, r, fill, obj=None, extra=""):
        self.parts.append(f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="{fill}"{extra}/>')
        self._paint(obj, lambda px, py: (px - cx) ** 2 + (py - cy) ** 2 <= r * r, cx - r, cy - r, cx + r, cy + r)

    def ellipse(self, cx, cy, rx, ry, fill, obj=None, extra=""):
        self.parts.append(
            f'<ellipse cx="{num(cx)}" cy="{num(cy)}" rx="{num(rx)}" ry="{num(ry)}" fill="{fill}"{extra}/>')
        self._paint(obj, lambda px, py: ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 <= 1,
                    cx - rx, cy - ry, cx + rx, cy + ry)

    def ring(self, cx, cy, r, width, stroke, obj=None):
        self.parts.append(
            f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" fill="none" stroke="{stroke}" '
            f'stroke-width="{num(width)}"/>')
        a, b = (r - width / 2) ** 2, (r + width / 2) ** 2
        R = r + width / 2
        self._paint(obj, lambda px, py: a <= (px - cx) ** 2 + (py - cy) ** 2 <= b, cx - R, cy - R, cx + R, cy + R)

    def polygon(self, pts, fill, obj=None, extra=""):
        pts = [(float(x), float(y)) for x, y in pts]
        self.parts.append(f'<polygon points="{pts_attr(pts)}" fill="{fill}"{extra}/>')
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        self._paint(obj, lambda px, py: _in_poly(px, py, pts), min(xs), min(ys), max(xs), max(ys))

    def polyline(self, pts, width, stroke, obj=None, dash=None):
        """A stroked open line with round caps and joins (raster = union of capsules)."""
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<polyline points="{pts_attr(pts)}" fill="none" stroke="{stroke}" stroke-width="{num(width)}" '
            f'stroke-linecap="round" stroke-linejoin="round"{d}/>')
        if dash:
            raise ValueError("dashed strokes are not rasterised; draw dashes as polygons")
        r2 = (width / 2) ** 2
        segs = list(zip(pts, pts[1:]))
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        hw = width / 2

        def test(px, py):
            return any(_seg_dist2(px, py, a[0], a[1], b[0], b[1]) <= r2 for a, b in segs)

        self._paint(obj, test, min(xs) - hw, min(ys) - hw, max(xs) + hw, max(ys) + hw)

    def line(self, x1, y1, x2, y2, width, stroke, obj=None):
        self.polyline([(x1, y1), (x2, y2)], width, stroke, obj)

    def raw(self, svg: str):
        """Decoration that is neither an object nor background paint (no raster); use sparingly."""
        self.parts.append(svg)

    # -- results
    def visible_bbox(self, obj):
        """[x, y, w, h] of the pixels where `obj` is the top-most paint, or None if hidden."""
        idx = self.index[obj]
        w = self.w
        xs, ys = [], []
        x0 = y0 = 10 ** 9
        x1 = y1 = -1
        for p in self.cover[idx]:
            if self.buf[p] == idx:
                y, x = divmod(p, w)
                if x < x0: x0 = x
                if x > x1: x1 = x
                if y < y0: y0 = y
                if y > y1: y1 = y
        if x1 < 0:
            return None
        return [x0, y0, x1 - x0 + 1, y1 - y0 + 1]

    def visible_fraction(self, obj):
        idx = self.index[obj]
        cov = self.cover[idx]
        if not cov:
            return 0.0
        return sum(1 for p in cov if self.buf[p] == idx) / len(cov)

    def occluded(self, obj, lo=0.08):
        """True if ≥ lo of the object's in-image pixels are hidden; refuses ambiguous tiny overlaps."""
        hidden = 1 - self.visible_fraction(obj)
        if 0 < hidden < lo:
            raise ValueError(f"{obj}: ambiguous occlusion {hidden:.3f}; move it")
        return hidden >= lo

    def truncated(self, obj, lo=0.08):
        """True if the drawn extent crosses the image border by ≥ lo of its width or height."""
        x0, y0, x1, y1 = self.extent[obj]
        out = max(0 - x0, x1 - self.w, 0) / (x1 - x0), max(0 - y0, y1 - self.h, 0) / (y1 - y0)
        m = max(out)
        if 0 < m < lo:
            raise ValueError(f"{obj}: ambiguous truncation {m:.3f}; move it")
        return m >= lo

    def owner_at(self, x, y, r=3):
        """Who is visible around (x, y): an object name, '_out' outside the image; refuses mixed
        neighbourhoods so that a keypoint's visibility is never a coin toss."""
        if not (0 <= x < self.w and 0 <= y < self.h):
            return "_out"
        seen = set()
        for yy in range(int(y) - r, int(y) + r + 1):
            for xx in range(int(x) - r, int(x) + r + 1):
                if 0 <= xx < self.w and 0 <= yy < self.h:
                    seen.add(self.names[self.buf[yy * self.w + xx]])
        return seen

    def svg(self) -> str:
        d = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.w}" height="{self.h}" '
                f'viewBox="0 0 {self.w} {self.h}">{d}\n' + "\n".join(self.parts) + "\n</svg>\n")

    def save(self, path: pathlib.Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.svg(), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# reusable drawings on a Scene


def draw_car(s: Scene, obj, x, y, w, color, facing=1):
    """Side view car whose ground contact is at y; occupies [x, x+w] × [y - 0.5w, y]."""
    h = w * 0.5
    body_y = y - h * 0.62
    s.rect(x, body_y, w, h * 0.42, color, rx=h * 0.12, obj=obj)
    # cabin: trapezoid, longer towards the back
    cx0, cx1 = (x + w * 0.18, x + w * 0.78) if facing > 0 else (x + w * 0.22, x + w * 0.82)
    top = y - h
    s.polygon([(cx0, body_y + 1), (cx0 + w * 0.12, top), (cx1 - w * 0.14, top), (cx1, body_y + 1)], color, obj=obj)
    s.polygon([(cx0 + w * 0.05, body_y), (cx0 + w * 0.14, top + h * 0.08), (cx1 - w * 0.16, top + h * 0.08),
               (cx1 - w * 0.04, body_y)], "#bfe3f5", obj=obj)
    s.rect((cx0 + cx1) / 2 - 1.5, top + h * 0.06, 3, body_y - top - h * 0.06, color, obj=obj)
    wr = h * 0.2
    for wx in (x + w * 0.22, x + w * 0.78):
        s.circle(wx, y - wr, wr, "#222222", obj=obj)
        s.circle(wx, y - wr, wr * 0.45, "#9a9a9a", obj=obj)
    lx = x + w - 4 if facing > 0 else x
    s.rect(lx, body_y + h * 0.08, 4, h * 0.08, "#ffe680", obj=obj)


def draw_bus(s: Scene, obj, x, y, w, color="#e8a33d"):
    h = w * 0.33
    s.rect(x, y - h, w, h * 0.86, color, rx=8, obj=obj)
    n = 6
    for i in range(n):
        wx = x + w * 0.06 + i * w * 0.148
        s.rect(wx, y - h + h * 0.12, w * 0.12, h * 0.32, "#bfe3f5", rx=2, obj=obj)
    s.rect(x + w * 0.02, y - h + h * 0.55, w * 0.96, 3, "#ffffff", obj=obj)
    wr = h * 0.14
    for wx in (x + w * 0.17, x + w * 0.83):
        s.circle(wx, y - wr, wr, "#222222", obj=obj)
        s.circle(wx, y - wr, wr * 0.45, "#9a9a9a", obj=obj)


def draw_truck(s: Scene, obj, x, y, w, color="#4f7cc2", box="#d9d9d9"):
    """Cab on the right, cargo box on the left."""
    h = w * 0.42
    s.rect(x, y - h, w * 0.7, h * 0.82, box, rx=3, obj=obj)
    s.rect(x + w * 0.72, y - h * 0.7, w * 0.28, h * 0.52, color, rx=6, obj=obj)
    s.rect(x + w * 0.80, y - h * 0.64, w * 0.14, h * 0.2, "#bfe3f5", rx=2, obj=obj)
    s.rect(x, y - h * 0.2, w, h * 0.06, "#555555", obj=obj)
    wr = h * 0.15
    for wx in (x + w * 0.15, x + w * 0.45, x + w * 0.86):
        s.circle(wx, y - wr, wr, "#222222", obj=obj)
        s.circle(wx, y - wr, wr * 0.45, "#9a9a9a", obj=obj)


def draw_bicycle(s: Scene, obj, x, y, w, color="#2e8b57"):
    """Side view bicycle, ground at y, horizontal extent [x, x+w]."""
    r = w * 0.22
    lw = max(2.0, w * 0.035)
    ax, bx = x + r + lw / 2, x + w - r - lw / 2
    cy = y - r - lw / 2
    s.ring(ax, cy, r, lw, "#333333", obj=obj)
    s.ring(bx, cy, r, lw, "#333333", obj=obj)
    px = (ax + bx) / 2 - w * 0.04
    seat = (ax + w * 0.18, cy - r * 1.25)
    head = (bx - w * 0.06, cy - r * 1.3)
    s.polyline([(ax, cy), (px, cy), seat, (ax, cy)], lw, color, obj=obj)
    s.polyline([(px, cy), (head[0] - w * 0.02, cy - r * 1.0), seat], lw, color, obj=obj)
    s.polyline([(bx, cy), head, (head[0] - w * 0.05, head[1] - r * 0.15)], lw, color, obj=obj)
    s.line(seat[0] - w * 0.05, seat[1] - 2, seat[0] + w * 0.05, seat[1] - 2, lw * 1.4, "#222222", obj=obj)


def draw_traffic_light(s: Scene, obj, x, y, state, size=22, horizontal=False):
    """Housing at (x, y) with three lamps; returns the housing rect. `state` red/yellow/green or
    'back' for a light seen from behind (plain plate, no lamps)."""
    if horizontal:
        w, h = size * 3, size
    else:
        w, h = size, size * 3
    colors = {"red": "#ff2a1a", "yellow": "#ffc400", "green": "#19d26b"}
    s.rect(x, y, w, h, "#2b2b2b" if state != "back" else "#7d7d7d", rx=size * 0.22, obj=obj)
    if state == "back":
        s.rect(x + size * 0.25, y + size * 0.25, w - size * 0.5, h - size * 0.5, "#6a6a6a", rx=2, obj=obj)
        return (x, y, w, h)
    order = ["red", "yellow", "green"]
    for i, c in enumerate(order):
        cx = x + w / 2 if not horizontal else x + size * (i + 0.5)
        cy = y + size * (i + 0.5) if not horizontal else y + h / 2
        s.circle(cx, cy, size * 0.34, colors[c] if c == state else "#4a4a4a", obj=obj)
    return (x, y, w, h)


# COCO keypoint order
COCO_KP = ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
           "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
           "right_knee", "left_ankle", "right_ankle"]
COCO_KP_ZH = ["鼻子", "左眼", "右眼", "左耳", "右耳", "左肩", "右肩", "左肘", "右肘", "左腕", "右腕", "左髋", "右髋",
              "左膝", "右膝", "左踝", "右踝"]


def draw_person(s: Scene, obj, cx, top, scale=1.0, pose=None, shirt="#3d7edb", pants="#444a5a"):
    """A frontal stick figure (facing the viewer, so the person's LEFT side is on the image RIGHT).

    `pose` overrides joint offsets (relative to the hip centre, in units of `scale`) for
    left/right elbow, wrist, knee, ankle. Returns {joint name: (x, y)} with integer coordinates.
    """
    k = scale
    hip_y = top + 128 * k
    J = {
        "nose": (0, -104), "left_eye": (6, -110), "right_eye": (-6, -110), "left_ear": (15, -107),
        "right_ear": (-15, -107), "left_shoulder": (22, -78), "right_shoulder": (-22, -78),
        "left_elbow": (30, -46), "right_elbow": (-30, -46), "left_wrist": (34, -14), "right_wrist": (-34, -14),
        "left_hip": (13, 0), "right_hip": (-13, 0), "left_knee": (15, 42), "right_knee": (-15, 42),
        "left_ankle": (16, 84), "right_ankle": (-16, 84),
    }
    if pose:
        J.update(pose)
    P = {n: (round(cx + dx * k), round(hip_y + dy * k)) for n, (dx, dy) in J.items()}
    lw = 7 * k
    skin = "#f1c9a5"
    # legs (behind torso), arms drawn after torso
    for side in ("left", "right"):
        s.polyline([P[f"{side}_hip"], P[f"{side}_knee"], P[f"{side}_ankle"]], lw * 1.2, pants, obj=obj)
    # torso (shirt) quadrilateral
    s.polygon([P["right_shoulder"], P["left_shoulder"], (P["left_hip"][0] + 3 * k, P["left_hip"][1]),
               (P["right_hip"][0] - 3 * k, P["right_hip"][1])], shirt, obj=obj)
    neck = ((P["left_shoulder"][0] + P["right_shoulder"][0]) / 2, P["left_shoulder"][1])
    s.line(neck[0], neck[1], neck[0], P["nose"][1] + 10 * k, lw, skin, obj=obj)
    for side in ("left", "right"):
        s.polyline([P[f"{side}_shoulder"], P[f"{side}_elbow"], P[f"{side}_wrist"]], lw, shirt, obj=obj)
        s.circle(P[f"{side}_wrist"][0], P[f"{side}_wrist"][1], 4.5 * k, skin, obj=obj)
    # head: ears first, then face, then features
    head_c = (P["nose"][0], P["nose"][1] - 3 * k)
    for side in ("left", "right"):
        s.circle(P[f"{side}_ear"][0], P[f"{side}_ear"][1], 4 * k, "#e0b08a", obj=obj)
    s.circle(head_c[0], head_c[1], 15 * k, skin, obj=obj)
    for side in ("left", "right"):
        s.circle(P[f"{side}_eye"][0], P[f"{side}_eye"][1], 2 * k, "#222222", obj=obj)
    s.circle(P["nose"][0], P["nose"][1], 1.8 * k, "#b5651d", obj=obj)
    # joint dots (articulated figure)
    for n in COCO_KP[5:]:
        s.circle(P[n][0], P[n][1], 3.2 * k, "#1a1a1a", obj=obj)
    return P


def person_keypoints(s: Scene, obj, P):
    """COCO keypoints with visibility from the raster: 2 visible, 1 hidden by another object,
    0 outside the image (coordinates then 0, 0)."""
    out = []
    for n in COCO_KP:
        x, y = P[n]
        who = s.owner_at(x, y, r=2)
        if who == "_out":
            out.append([0, 0, 0])
        elif who == {obj}:
            out.append([x, y, 2])
        elif obj not in who:
            out.append([x, y, 1])
        else:
            raise ValueError(f"{obj}.{n}: keypoint at an occlusion edge ({who}); move the occluder")
    return out


# ---------------------------------------------------------------------------------------------
# thumbnails (160 × 120) for classify / select entries


def thumb(kind: str, variant: int = 0, blur: float = 0.0, dark: bool = False) -> str:
    W, H = 160, 120
    bgs = ["#dbe9f6", "#e8f0d8", "#f3e6d8", "#e6e1f2", "#d9efe9"]
    body = []
    b = bgs[variant % len(bgs)]
    body.append(f'<rect width="{W}" height="{H}" fill="{b}"/>')
    body.append(f'<rect y="88" width="{W}" height="32" fill="#b9b9b9"/>')
    colors = ["#d9483b", "#3d7edb", "#2e9e5b", "#f0b429", "#8a5cd6", "#555555"]
    c = colors[variant % len(colors)]
    dx = [0, -18, 14, -8, 20, 6][variant % 6]
    if kind == "car":
        x = 30 + dx
        body.append(f'<rect x="{x}" y="62" width="100" height="22" rx="7" fill="{c}"/>')
        body.append(f'<polygon points="{x+20},63 {x+32},44 {x+70},44 {x+82},63" fill="{c}"/>')
        body.append(f'<polygon points="{x+25},62 {x+35},48 {x+68},48 {x+77},62" fill="#bfe3f5"/>')
        for wx in (x + 22, x + 78):
            body.append(f'<circle cx="{wx}" cy="86" r="10" fill="#222"/><circle cx="{wx}" cy="86" r="4" fill="#999"/>')
    elif kind == "bus":
        x = 12 + dx // 2
        body.append(f'<rect x="{x}" y="40" width="136" height="44" rx="6" fill="{c}"/>')
        for i in range(5):
            body.append(f'<rect x="{x+8+i*25}" y="46" width="19" height="15" rx="2" fill="#bfe3f5"/>')
        for wx in (x + 26, x + 110):
            body.append(f'<circle cx="{wx}" cy="86" r="9" fill="#222"/><circle cx="{wx}" cy="86" r="4" fill="#999"/>')
    elif kind == "bicycle":
        x = 40 + dx
        body.append(f'<circle cx="{x}" cy="80" r="18" fill="none" stroke="#333" stroke-width="4"/>')
        body.append(f'<circle cx="{x+70}" cy="80" r="18" fill="none" stroke="#333" stroke-width="4"/>')
        body.append(f'<polyline points="{x},80 {x+30},80 {x+18},55 {x},80" fill="none" stroke="{c}" '
                    f'stroke-width="4" stroke-linejoin="round"/>')
        body.append(f'<polyline points="{x+30},80 {x+56},56 {x+18},55" fill="none" stroke="{c}" stroke-width="4"/>')
        body.append(f'<polyline points="{x+70},80 {x+58},50 {x+50},48" fill="none" stroke="{c}" stroke-width="4"/>')
        body.append(f'<line x1="{x+10}" y1="52" x2="{x+26}" y2="52" stroke="#222" stroke-width="5" stroke-linecap="round"/>')
    elif kind == "person":
        x = 80 + dx
        body.append(f'<polyline points="{x-8},112 {x-6},84 {x+6},84 {x+8},112" fill="none" stroke="#444a5a" '
                    f'stroke-width="6" stroke-linejoin="round"/>')
        body.append(f'<polygon points="{x-13},50 {x+13},50 {x+9},86 {x-9},86" fill="{c}"/>')
        body.append(f'<polyline points="{x-13},52 {x-20},70 {x-22},86" fill="none" stroke="{c}" stroke-width="5"/>')
        body.append(f'<polyline points="{x+13},52 {x+20},70 {x+22},86" fill="none" stroke="{c}" stroke-width="5"/>')
        body.append(f'<circle cx="{x}" cy="36" r="11" fill="#f1c9a5"/>')
    elif kind == "cat":
        x = 80 + dx
        body.append(f'<ellipse cx="{x}" cy="84" rx="30" ry="20" fill="#c98a4b"/>')
        body.append(f'<polygon points="{x-22},40 {x-18},22 {x-6},36" fill="#c98a4b"/>')
        body.append(f'<polygon points="{x+22},40 {x+18},22 {x+6},36" fill="#c98a4b"/>')
        body.append(f'<circle cx="{x}" cy="50" r="22" fill="#c98a4b"/>')
        body.append(f'<circle cx="{x-8}" cy="46" r="3" fill="#222"/><circle cx="{x+8}" cy="46" r="3" fill="#222"/>')
        body.append(f'<polygon points="{x-3},54 {x+3},54 {x},58" fill="#e07a7a"/>')
        body.append(f'<path d="M{x+28},86 q18,-4 14,-26" fill="none" stroke="#c98a4b" stroke-width="6"/>')
    elif kind == "dog":
        x = 80 + dx
        body.append(f'<ellipse cx="{x}" cy="82" rx="34" ry="17" fill="#8b6b4a"/>')
        body.append(f'<circle cx="{x-30}" cy="58" r="17" fill="#8b6b4a"/>')
        body.append(f'<ellipse cx="{x-42}" cy="54" rx="6" ry="13" fill="#5e4630"/>')
        body.append(f'<circle cx="{x-34}" cy="54" r="2.5" fill="#222"/><circle cx="{x-46}" cy="62" r="3" fill="#222"/>')
        for lx in (x - 22, x - 8, x + 10, x + 24):
            body.append(f'<rect x="{lx}" y="92" width="6" height="18" fill="#8b6b4a"/>')
    elif kind == "traffic_light":
        x = 68 + dx // 2
        st = ["red", "green", "yellow"][variant % 3]
        body.append(f'<rect x="{x+10}" y="66" width="4" height="50" fill="#555"/>')
        body.append(f'<rect x="{x}" y="8" width="24" height="62" rx="5" fill="#2b2b2b"/>')
        for i, cc in enumerate(["red", "yellow", "green"]):
            col = {"red": "#ff2a1a", "yellow": "#ffc400", "green": "#19d26b"}[cc] if cc == st else "#4a4a4a"
            body.append(f'<circle cx="{x+12}" cy="{19+i*20}" r="7" fill="{col}"/>')
    elif kind == "street_lamp":
        x = 70 + dx // 2
        body.append(f'<rect x="{x}" y="20" width="5" height="96" fill="#555"/>')
        body.append(f'<path d="M{x+2},22 q20,-14 40,0" fill="none" stroke="#555" stroke-width="5"/>')
        body.append(f'<ellipse cx="{x+42}" cy="26" rx="12" ry="6" fill="#fff2a8"/>')
    else:
        raise ValueError(kind)
    inner = "".join(body)
    defs = ""
    if blur:
        defs = (f'<defs><filter id="b" x="-10%" y="-10%" width="120%" height="120%">'
                f'<feGaussianBlur stdDeviation="{num(blur)}"/></filter></defs>')
        inner = f'<g filter="url(#b)">{inner}</g>'
    if dark:
        inner += f'<rect width="{W}" height="{H}" fill="#000" opacity="0.86"/>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">'
            f'{defs}{inner}</svg>\n')


# ---------------------------------------------------------------------------------------------
# TOML writing


def _tstr(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _mstr(s: str) -> str:
    s = s.strip("\n") + "\n"
    s = s.replace("\\", "\\\\").replace('"""', '""\\"')
    return '"""\n' + s + '"""'


def _key(k: str) -> str:
    import re
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else _tstr(k)


def tval(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValueError("non-finite number")
        r = repr(round(v, 6))
        return r if ("." in r or "e" in r) else r + ".0"
    if isinstance(v, str):
        return _tstr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(tval(x) for x in v) + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {tval(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


MULTILINE = {"prompt", "spec", "explanation", "text"}
ORDER = ["id", "kind", "level", "skills", "difficulty", "use", "group", "points", "prompt", "spec", "labels",
         "attributes", "image", "assets", "text", "entries", "fields", "given", "criteria", "gold", "params",
         "explanation"]


# Written as arrays of tables ([[items.criteria]], [[items.criteria.bands]]) after the item's other keys:
# a table header ends the item's own key/value lines, so these come last.
TABLES = {"criteria"}


def _tables(path: str, rows: list[dict]) -> list[str]:
    out = []
    for row in rows:
        out += ["", f"[[{path}]]"]
        subs = []
        for k, v in row.items():
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                subs.append((k, v))
            else:
                out.append(f"{_key(k)} = {tval(v)}")
        for k, v in subs:
            out += _tables(f"{path}.{k}", v)
    return out


def item_toml(it: dict) -> str:
    extra = [k for k in it if k not in ORDER]
    if extra:
        raise ValueError(f"{it.get('id')}: unknown fields {extra}")
    out = ["[[items]]"]
    for k in ORDER:
        if k not in it or k in TABLES:
            continue
        v = it[k]
        if k in MULTILINE and isinstance(v, str) and ("\n" in v.strip() or len(v) > 60 or k != "text"):
            if k == "text":
                out.append(f"{k} = {_tstr(v)}")  # spans offsets must not depend on newline handling
            else:
                out.append(f"{k} = {_mstr(v)}")
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(f"{k} = [")
            for x in v:
                out.append(f"  {tval(x)},")
            out.append("]")
        elif k == "gold" and isinstance(v, list):
            out.append(f"{k} = []")
        else:
            out.append(f"{k} = {tval(v)}")
    for k in ORDER:
        if k in TABLES and k in it:
            out += _tables(f"items.{k}", it[k])
    return "\n".join(out) + "\n"


def write_bank(path: pathlib.Path, title: str, items: list[dict], header: str):
    text = f"# {header}\n# GENERATED by question_banks/tools — edit the generator, not this file.\n"
    text += f"title = {_tstr(title)}\n\n" + "\n".join(item_toml(it) for it in items)
    doc = tomllib.loads(text)  # round trip: what we meant is what a reader gets
    assert [i["id"] for i in doc["items"]] == [i["id"] for i in items]
    for a, b in zip(doc["items"], items):
        for k in b:
            if _norm(a[k]) != _norm(b[k]) and not (k in MULTILINE and a[k].strip() == b[k].strip()):
                raise AssertionError(f"{b['id']}.{k} does not round-trip")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _norm(v):
    if isinstance(v, tuple):
        return [_norm(x) for x in v]
    if isinstance(v, list):
        return [_norm(x) for x in v]
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    return v


def offsets(text: str, ents):
    """Spans gold from (surface, label[, occurrence]) triples: offsets in Unicode chars, end exclusive."""
    gold = []
    for e in ents:
        surf, lab = e[0], e[1]
        occ = e[2] if len(e) > 2 else 1
        pos = -1
        for _ in range(occ):
            pos = text.find(surf, pos + 1)
            if pos < 0:
                raise ValueError(f"{surf!r} (occurrence {occ}) not in text")
        gold.append({"label": lab, "start": pos, "end": pos + len(surf)})
        assert text[pos:pos + len(surf)] == surf
    gold.sort(key=lambda g: g["start"])
    for a, b in zip(gold, gold[1:]):
        if a["end"] > b["start"]:
            raise ValueError(f"overlapping spans {a} {b}")
    return gold
