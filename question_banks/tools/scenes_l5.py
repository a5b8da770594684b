"""Scenes (SVG + exact gold) of the level-5 image items. Each function draws one picture, saves it
under level5/assets/ and returns the gold list plus facts the item text needs."""
from __future__ import annotations

import math
import pathlib

from pbank import (Scene, draw_bicycle, draw_bus, draw_car, draw_person, draw_traffic_light, draw_truck,
                   person_keypoints)

W, H = 640, 480


def _street_bg(s: Scene, horizon=300, sky="#cfe6f7"):
    s.rect(0, 0, W, horizon, sky)
    for i, (x, w, h, c) in enumerate([(0, 90, 150, "#b7c3cf"), (100, 70, 200, "#a9b6c4"), (185, 120, 120, "#c0cad4"),
                                      (320, 80, 180, "#aeb9c6"), (415, 110, 140, "#bcc6d0"), (540, 100, 190, "#a7b3c1")]):
        s.rect(x, horizon - h, w, h, c)
        for r in range(2, h - 10, 26):
            for q in range(8, w - 14, 22):
                s.rect(x + q, horizon - h + r, 10, 14, "#dfe8ef")
    s.rect(0, horizon, W, H - horizon, "#8c8c8c")
    s.rect(0, horizon, W, 14, "#b3b3b3")


def _box(b):
    return [int(v) for v in b]


# ------------------------------------------------------------------------------------------ boxes
def traffic_lights_1(out: pathlib.Path):
    s = Scene(W, H)
    _street_bg(s, horizon=330)
    # poles and arms are background (drawn before any labeled object)
    s.rect(128, 160, 8, 170, "#5a5a5a")
    s.rect(300, 50, 8, 280, "#5a5a5a")
    s.rect(308, 70, 170, 7, "#5a5a5a")
    s.rect(574, 190, 6, 140, "#5a5a5a")
    s.rect(241, 228, 3, 102, "#5a5a5a")
    lights = [("tl1", 120, 84, "red", 25, False), ("tl2", 330, 77, "green", 27, False),
              ("tl3", 420, 77, "yellow", 22, True), ("tl4", 237, 196, "red", 11, False)]
    for name, x, y, st, size, hor in lights:
        draw_traffic_light(s, name, x, y, st, size=size, horizontal=hor)
    draw_traffic_light(s, "_back", 567, 128, "back", size=20)
    s.save(out)
    gold = [{"label": "traffic_light", "bbox": _box(s.visible_bbox(n)), "attributes": {"state": st}}
            for n, x, y, st, size, hor in lights]
    return gold, {"n": len(gold)}


def traffic_lights_2(out: pathlib.Path):
    s = Scene(W, H)
    _street_bg(s, horizon=340, sky="#d8ecf8")
    s.rect(60, 200, 8, 140, "#5a5a5a")
    s.rect(250, 40, 9, 300, "#5a5a5a")
    s.rect(259, 62, 250, 7, "#5a5a5a")
    s.rect(470, 69, 6, 40, "#5a5a5a")
    s.rect(590, 170, 7, 170, "#5a5a5a")
    lights = [("tl1", 52, 122, "green", 24, False), ("tl2", 300, 69, "red", 26, True),
              ("tl3", 460, 108, "yellow", 26, False), ("tl4", 150, 240, "green", 10, True)]
    for name, x, y, st, size, hor in lights:
        draw_traffic_light(s, name, x, y, st, size=size, horizontal=hor)
    draw_traffic_light(s, "_back", 583, 110, "back", size=21)
    # a street tree in front of the right part of tl2
    s.rect(372, 150, 12, 190, "#6b4b2a", obj="_tree")
    for cx, cy, r in [(380, 95, 42), (350, 130, 34), (410, 128, 36), (378, 150, 30)]:
        s.circle(cx, cy, r, "#3f8f3a", obj="_tree")
    s.save(out)
    gold = [{"label": "traffic_light", "bbox": _box(s.visible_bbox(n)), "attributes": {"state": st}}
            for n, x, y, st, size, hor in lights]
    facts = {"tl2_occluded": s.occluded("tl2"), "tl2_box": gold[1]["bbox"]}
    assert facts["tl2_occluded"]
    return gold, facts


def _vehicle_gold(s, objs):
    gold = []
    for name, label in objs:
        gold.append({"label": label, "bbox": _box(s.visible_bbox(name)),
                     "attributes": {"occluded": "true" if s.occluded(name) else "false",
                                    "truncated": "true" if s.truncated(name) else "false"}})
    return gold


def vehicles_1(out: pathlib.Path):
    s = Scene(W, H)
    _street_bg(s, horizon=250)
    s.rect(0, 440, W, 6, "#f2f2f2")
    draw_truck(s, "t1", 470, 352, 200)
    draw_bus(s, "b1", -90, 372, 260)
    draw_car(s, "c1", 196, 386, 150, "#c8403a")
    draw_car(s, "c2", 280, 410, 160, "#3d6fc2", facing=-1)
    s.save(out)
    objs = [("t1", "truck"), ("b1", "bus"), ("c1", "car"), ("c2", "car")]
    gold = _vehicle_gold(s, objs)
    return gold, {n: g for (n, _), g in zip(objs, gold)}


def vehicles_2(out: pathlib.Path):
    s = Scene(W, H)
    _street_bg(s, horizon=240, sky="#e3eef6")
    s.rect(0, 452, W, 5, "#f2f2f2")
    draw_bus(s, "b1", 170, 400, 300, color="#3c9f6b")
    draw_car(s, "c1", 20, 404, 140, "#e0b12f")
    draw_car(s, "c3", 270, 446, 200, "#7b4fc0", facing=-1)
    draw_car(s, "c2", 560, 430, 150, "#d8d8d8")
    # a street tree in front of car c1 (not a vehicle, but it hides part of c1)
    s.rect(92, 300, 14, 150, "#6b4b2a", obj="_tree")
    s.circle(99, 286, 40, "#3f8f3a", obj="_tree")
    s.save(out)
    objs = [("b1", "bus"), ("c1", "car"), ("c3", "car"), ("c2", "car")]
    gold = _vehicle_gold(s, objs)
    return gold, {n: g for (n, _), g in zip(objs, gold)}


def people_bikes(out: pathlib.Path):
    s = Scene(W, H)
    _street_bg(s, horizon=260, sky="#dcecf5")
    s.rect(0, 260, W, 60, "#c9c0b0")  # pavement
    draw_person(s, "p2", 250, 188, scale=0.62, shirt="#c0504d")
    draw_person(s, "p1", 110, 150, scale=1.1, shirt="#2f8f6f")
    draw_car(s, "c1", 420, 440, 200, "#3d6fc2")
    draw_person(s, "p3", 585, 200, scale=1.05, shirt="#e39b2d")
    draw_bicycle(s, "k1", 270, 440, 150)
    s.save(out)
    objs = [("p1", "person"), ("p2", "person"), ("p3", "person"), ("k1", "bicycle"), ("c1", "car")]
    gold = [{"label": lab, "bbox": _box(s.visible_bbox(n))} for n, lab in objs]
    return gold, {}


def shelf(out: pathlib.Path):
    s = Scene(W, H, bg="#efe7da")
    for y in (200, 420):
        s.rect(0, y, W, 16, "#a0784a")
    s.rect(0, 0, W, 8, "#a0784a")
    objs = []
    # top shelf: bottles (body + shoulder + neck + cap), bottom of bottle at y=200
    bottle_colors = ["#3aa6d9", "#5cbf6a", "#3aa6d9", "#e0a02f"]
    for i, x in enumerate([30, 110, 190, 270]):
        n = f"bo{i}"
        c = bottle_colors[i]
        s.rect(x, 90, 50, 110, c, rx=8, obj=n)
        s.polygon([(x + 4, 94), (x + 17, 66), (x + 33, 66), (x + 46, 94)], c, obj=n)
        s.rect(x + 17, 48, 16, 20, c, obj=n)
        s.rect(x + 15, 36, 20, 14, "#f4f4f4", rx=3, obj=n)
        s.rect(x + 2, 130, 46, 30, "#ffffff", obj=n)
        objs.append((n, "bottle"))
    for i, x in enumerate([370, 440, 510]):
        n = f"ca{i}"
        s.rect(x, 120, 56, 80, ["#d9483b", "#d9483b", "#2d5fb0"][i], rx=6, obj=n)
        s.rect(x + 4, 116, 48, 8, "#c7c7c7", rx=3, obj=n)
        s.rect(x, 150, 56, 14, "#ffffff", obj=n)
        objs.append((n, "can"))
    # can cut by the right border
    s.rect(600, 120, 56, 80, "#2d5fb0", rx=6, obj="ca3")
    s.rect(604, 116, 48, 8, "#c7c7c7", rx=3, obj="ca3")
    objs.append(("ca3", "can"))
    # bottom shelf: boxes and cans
    for i, (x, w, h, c) in enumerate([(24, 120, 150, "#f0c75e"), (160, 100, 180, "#7ec4cf")]):
        n = f"bx{i}"
        s.rect(x, 420 - h, w, h, c, rx=2, obj=n)
        s.rect(x + 10, 420 - h + 30, w - 20, 40, "#ffffff", obj=n)
        objs.append((n, "box"))
    for i, x in enumerate([300, 370]):
        n = f"cb{i}"
        s.rect(x, 330, 60, 90, "#3f9c58", rx=6, obj=n)
        s.rect(x + 4, 326, 52, 8, "#c7c7c7", rx=3, obj=n)
        objs.append((n, "can"))
    n = "bo4"
    x = 470
    s.rect(x, 310, 56, 110, "#9b59b6", rx=8, obj=n)
    s.polygon([(x + 4, 314), (x + 18, 284), (x + 38, 284), (x + 52, 314)], "#9b59b6", obj=n)
    s.rect(x + 19, 266, 18, 20, "#9b59b6", obj=n)
    s.rect(x + 17, 254, 22, 14, "#f4f4f4", rx=3, obj=n)
    objs.append((n, "bottle"))
    s.save(out)
    gold = [{"label": lab, "bbox": _box(s.visible_bbox(n))} for n, lab in objs]
    counts = {}
    for _, lab in objs:
        counts[lab] = counts.get(lab, 0) + 1
    return gold, {"counts": counts, "truncated": s.truncated("ca3")}


# ------------------------------------------------------------------------------------------ polygons
def _rot(points, cx, cy, deg):
    a = math.radians(deg)
    return [(round(cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a)),
             round(cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a))) for x, y in points]


def _blob(cx, cy, rx, ry, n, wobble):
    pts = []
    for i in range(n):
        a = 2 * math.pi * i / n
        k = 1 + wobble[i % len(wobble)]
        pts.append((round(cx + rx * k * math.cos(a)), round(cy + ry * k * math.sin(a))))
    return pts


def aerial_1(out: pathlib.Path):
    s = Scene(W, H, bg="#9cc47a")
    s.rect(0, 210, W, 34, "#c8c8c8")
    s.rect(300, 0, 30, H, "#c8c8c8")
    shapes = [
        ("building", [(40, 40), (230, 40), (230, 170), (40, 170)], "#b5523b"),
        ("building", [(380, 30), (600, 30), (600, 90), (470, 90), (470, 180), (380, 180)], "#8d8d99"),
        ("building", _rot([(60, 290), (220, 290), (220, 380), (60, 380)], 140, 335, -15), "#c9a96b"),
        ("pond", _blob(470, 360, 115, 70, 12, [0.0, 0.08, -0.06, 0.1, -0.04, 0.05, -0.08, 0.06, 0.02, -0.05, 0.09, -0.03]),
         "#4a90c8"),
    ]
    gold = []
    for i, (lab, pts, c) in enumerate(shapes):
        s.polygon(pts, c, obj=f"o{i}")
        gold.append({"label": lab, "points": [list(p) for p in pts]})
    s.save(out)
    return gold, {}


def aerial_2(out: pathlib.Path):
    s = Scene(W, H, bg="#d8cfa8")
    s.polygon([(0, 250), (W, 205), (W, 235), (0, 280)], "#bdbdbd")
    shapes = [
        ("farmland", [(20, 20), (280, 30), (270, 200), (15, 225)], "#7fb24f"),
        ("farmland", [(300, 25), (620, 15), (625, 180), (310, 195)], "#a6c95b"),
        ("farmland", [(330, 265), (620, 245), (630, 460), (350, 465)], "#8dbb52"),
        ("pond", _blob(150, 370, 90, 60, 10, [0.05, -0.07, 0.09, -0.03, 0.06, -0.09, 0.03, 0.08, -0.05, 0.0]),
         "#4a90c8"),
        ("building", [(250, 300), (300, 300), (300, 340), (280, 340), (280, 380), (250, 380)], "#9a5a45"),
    ]
    gold = []
    for i, (lab, pts, c) in enumerate(shapes):
        s.polygon(pts, c, obj=f"o{i}")
        gold.append({"label": lab, "points": [list(p) for p in pts]})
    s.save(out)
    return gold, {}


def signs(out: pathlib.Path):
    s = Scene(W, H)
    _street_bg(s, horizon=360, sky="#d5e8f5")
    s.rect(126, 200, 8, 160, "#6d6d6d")
    s.rect(326, 210, 8, 150, "#6d6d6d")
    s.rect(526, 200, 8, 160, "#6d6d6d")
    gold = []
    # stop sign: regular octagon, flat top
    cx, cy, R = 130, 140, 62
    oct_pts = [(round(cx + R * math.cos(math.radians(22.5 + 45 * i))), round(cy + R * math.sin(math.radians(22.5 + 45 * i))))
               for i in range(8)]
    s.polygon(oct_pts, "#c8102e", obj="st")
    inner = [(round(cx + (R - 7) * math.cos(math.radians(22.5 + 45 * i))),
              round(cy + (R - 7) * math.sin(math.radians(22.5 + 45 * i)))) for i in range(8)]
    s.raw(f'<polygon points="{" ".join(f"{x},{y}" for x, y in inner)}" fill="none" stroke="#fff" stroke-width="3"/>')
    s.raw(f'<text x="{cx}" y="{cy + 18}" font-family="sans-serif" font-size="50" font-weight="bold" '
          f'text-anchor="middle" fill="#fff">停</text>')
    gold.append({"label": "stop_sign", "points": [list(p) for p in oct_pts]})
    # warning triangle, point up
    tri = [(330, 88), (400, 210), (260, 210)]
    s.polygon(tri, "#111111", obj="wa")
    s.polygon([(330, 104), (387, 202), (273, 202)], "#f6c21c", obj="wa")
    s.polygon([(326, 140), (334, 140), (332, 178), (328, 178)], "#111111", obj="wa")
    s.circle(330, 188, 4, "#111111", obj="wa")
    gold.append({"label": "warning_sign", "points": [list(p) for p in tri]})
    # speed limit: circle with red ring
    cx, cy, R = 530, 140, 60
    s.circle(cx, cy, R, "#d6182a", obj="sl")
    s.circle(cx, cy, R - 11, "#ffffff", obj="sl")
    s.raw(f'<text x="{cx}" y="{cy + 17}" font-family="sans-serif" font-size="48" font-weight="bold" '
          f'text-anchor="middle" fill="#111">40</text>')
    circ = [(round(cx + R * math.cos(2 * math.pi * i / 16)), round(cy + R * math.sin(2 * math.pi * i / 16)))
            for i in range(16)]
    gold.append({"label": "speed_limit_sign", "points": [list(p) for p in circ]})
    s.save(out)
    return gold, {}


def roofs_trees(out: pathlib.Path):
    s = Scene(W, H, bg="#9cc47a")
    s.rect(0, 230, W, 30, "#c8c8c8")
    b1 = [(50, 40), (260, 40), (260, 190), (50, 190)]
    b2 = [(360, 30), (600, 30), (600, 200), (500, 200), (500, 110), (360, 110)]
    b3 = [(80, 300), (250, 300), (250, 430), (80, 430)]
    pond = _blob(460, 370, 110, 65, 10, [0.04, -0.06, 0.08, -0.02, 0.05, -0.08, 0.02, 0.07, -0.04, 0.0])
    for i, (pts, c) in enumerate([(b1, "#b5523b"), (b2, "#8d8d99"), (b3, "#c9a96b"), (pond, "#4a90c8")]):
        s.polygon(pts, c, obj=f"o{i}")
    # tree crowns hiding the lower-right corner of b1 and the upper-right corner of b2
    for cx, cy, r in [(258, 188, 38), (232, 204, 26)]:
        s.circle(cx, cy, r, "#2f7a32", obj="_tree1")
    for cx, cy, r in [(598, 34, 40), (572, 18, 24)]:
        s.circle(cx, cy, r, "#2f7a32", obj="_tree2")
    assert s.occluded("o0", lo=0.03) and s.occluded("o1", lo=0.03) and s.visible_fraction("o2") == 1
    s.save(out)
    gold = [{"label": "building", "points": [list(p) for p in b]} for b in (b1, b2, b3)]
    gold.append({"label": "pond", "points": [list(p) for p in pond]})
    return gold, {}


# ------------------------------------------------------------------------------------------ keypoints
def _room(s, floor=380):
    s.rect(0, 0, W, floor, "#eef1f4")
    s.rect(0, floor, W, H - floor, "#d8c7a8")


def _kp_gold(s, name, P):
    return {"label": "person", "bbox": _box(s.visible_bbox(name)), "keypoints": person_keypoints(s, name, P)}


def kp_single(out: pathlib.Path):
    s = Scene(W, H)
    _room(s, floor=400)
    P = draw_person(s, "p1", 320, 48, scale=1.75)
    s.save(out)
    return [_kp_gold(s, "p1", P)], {}


def kp_wave_box(out: pathlib.Path):
    s = Scene(W, H)
    _room(s, floor=410)
    pose = {"right_elbow": (-44, -104), "right_wrist": (-50, -142)}
    P = draw_person(s, "p1", 300, 62, scale=1.5, pose=pose, shirt="#c0504d")
    # a cardboard box in front of the person's left lower leg (image right)
    hip_y = 62 + 128 * 1.5
    s.rect(306, hip_y + 96, 110, 480 - hip_y - 96 - 12, "#c89b5e", obj="_box")
    s.rect(306, hip_y + 96, 110, 10, "#a87c45", obj="_box")
    s.save(out)
    g = _kp_gold(s, "p1", P)
    vis = {n: v for n, v in zip(["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
                                  "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
                                  "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"],
                                 [k[2] for k in g["keypoints"]])}
    assert vis["left_ankle"] == 1 and vis["left_knee"] == 2 and vis["right_ankle"] == 2
    return [g], {}


def kp_two_cut(out: pathlib.Path):
    s = Scene(W, H)
    _room(s, floor=420)
    PA = draw_person(s, "pa", 200, 90, scale=1.4, shirt="#2f8f6f",
                     pose={"left_elbow": (38, -50), "left_wrist": (52, -22)})
    PB = draw_person(s, "pb", 600, 100, scale=1.4, shirt="#3d7edb")
    s.save(out)
    ga, gb = _kp_gold(s, "pa", PA), _kp_gold(s, "pb", PB)
    zeros = [i for i, k in enumerate(gb["keypoints"]) if k[2] == 0]
    assert zeros == [7, 9], zeros  # left elbow and left wrist are outside the image
    return [ga, gb], {}


def kp_crossed(out: pathlib.Path):
    s = Scene(W, H)
    _room(s, floor=430)
    pose = {"right_elbow": (-30, -52), "right_wrist": (20, -66), "left_elbow": (30, -44), "left_wrist": (-20, -40),
            "left_knee": (34, 34), "left_ankle": (24, 78), "right_knee": (-34, 34), "right_ankle": (-24, 78)}
    P = draw_person(s, "p1", 320, 70, scale=1.7, pose=pose, shirt="#8a5cd6")
    s.save(out)
    return [_kp_gold(s, "p1", P)], {}


# ------------------------------------------------------------------------------------------ polylines
VP = (320, 200)


def _road(s, horizon=200, far_y=228):
    s.rect(0, 0, W, horizon, "#cfe6f7")
    s.rect(0, horizon, W, H - horizon, "#8fbf6a")
    s.polygon([(-260, H), (900, H), (VP[0] + 14, horizon), (VP[0] - 14, horizon)], "#6f6f6f")


def _line_x(xb, y, curve=0.0):
    t = (y - VP[1]) / (H - VP[1])  # 1 at the bottom edge, 0 at the vanishing point
    return VP[0] + (xb - VP[0]) * t + curve * (1 - t) ** 2


def _draw_lane(s, name, xb, far_y, color, dashed, curve=0.0, w_bottom=11.0):
    """Draws a lane marking as polygons (solid) or a series of dashes whose length shrinks with
    depth, and returns its centre line from the bottom edge to the far end, as points."""
    def half(y):
        t = (y - VP[1]) / (H - VP[1])
        return max(0.8, w_bottom * t / 2)

    def quad(y0, y1):
        ys = [y0 + (y1 - y0) * k / 6 for k in range(7)]
        left = [(_line_x(xb, y, curve) - half(y), y) for y in ys]
        right = [(_line_x(xb, y, curve) + half(y), y) for y in reversed(ys)]
        s.polygon(left + right, color, obj=name)

    if not dashed:
        quad(H, far_y)
        ends = (H, far_y)
    else:
        # dashes in "road metres": y = VP + k / z; equal road lengths shrink towards the horizon
        k = (H - VP[1]) * 4.0
        z = 4.0
        ys = []
        while True:
            y0 = VP[1] + k / z
            y1 = VP[1] + k / (z + 1.6)
            if y1 < far_y:
                break
            ys.append((y0, y1))
            z += 1.6 + 2.4
        for y0, y1 in ys:
            quad(min(y0, H), y1)
        ends = (min(ys[0][0], H), ys[-1][1])
    n = 8 if curve else 2
    pts = []
    for i in range(n):
        y = ends[0] + (ends[1] - ends[0]) * i / (n - 1)
        pts.append([round(_line_x(xb, y, curve)), round(y)])
    return pts


def lanes_straight(out: pathlib.Path):
    s = Scene(W, H)
    _road(s)
    spec = [("l1", 20, "#f2c230", False, "yellow"), ("l2", 220, "#f5f5f5", True, "white"),
            ("l3", 420, "#f5f5f5", True, "white"), ("l4", 620, "#f5f5f5", False, "white")]
    gold = []
    for name, xb, col, dashed, cname in spec:
        pts = _draw_lane(s, name, xb, 232, col, dashed)
        gold.append({"label": "lane", "points": pts,
                     "attributes": {"style": "dashed" if dashed else "solid", "color": cname}})
    s.save(out)
    return gold, {}


def lanes_curved(out: pathlib.Path):
    s = Scene(W, H)
    s.rect(0, 0, W, VP[1], "#cfe6f7")
    s.rect(0, VP[1], W, H - VP[1], "#8fbf6a")
    curve = 110.0
    ys = [H - i * 5 for i in range(int((H - VP[1] - 6) / 5))]
    left = [(_line_x(-250, y, curve), y) for y in ys]
    right = [(_line_x(900, y, curve), y) for y in reversed(ys)]
    s.polygon(left + right, "#6f6f6f")
    spec = [("l1", 60, "#f5f5f5", False, "white"), ("l2", 250, "#f5f5f5", True, "white"),
            ("l3", 440, "#f5f5f5", True, "white"), ("l4", 630, "#f5f5f5", False, "white")]
    gold = []
    for name, xb, col, dashed, cname in spec:
        pts = _draw_lane(s, name, xb, 236, col, dashed, curve=curve)
        gold.append({"label": "lane", "points": pts,
                     "attributes": {"style": "dashed" if dashed else "solid", "color": cname}})
    s.save(out)
    return gold, {}


def lanes_double_car(out: pathlib.Path):
    s = Scene(W, H)
    _road(s)
    spec = [("l1", 160, "#f2c230", False, "yellow"), ("l2", 188, "#f2c230", False, "yellow"),
            ("l3", 430, "#f5f5f5", True, "white"), ("l4", 620, "#f5f5f5", False, "white")]
    gold = []
    for name, xb, col, dashed, cname in spec:
        pts = _draw_lane(s, name, xb, 232, col, dashed, w_bottom=9.0 if name in ("l1", "l2") else 11.0)
        gold.append({"label": "lane", "points": pts,
                     "attributes": {"style": "dashed" if dashed else "solid", "color": cname}})
    # a car seen from behind, driving over the dashed line l3 (hides its middle part only)
    cx, by, cw = 397, 392, 96
    k = cw / 118
    s.rect(cx - cw / 2, by - 62 * k, cw, 52 * k, "#c8403a", rx=10 * k, obj="_car")
    s.polygon([(cx - cw / 2 + 12 * k, by - 60 * k), (cx - cw / 2 + 24 * k, by - 96 * k), (cx + cw / 2 - 24 * k, by - 96 * k),
               (cx + cw / 2 - 12 * k, by - 60 * k)], "#b23a34", obj="_car")
    s.polygon([(cx - cw / 2 + 22 * k, by - 64 * k), (cx - cw / 2 + 30 * k, by - 90 * k), (cx + cw / 2 - 30 * k, by - 90 * k),
               (cx + cw / 2 - 22 * k, by - 64 * k)], "#bfe3f5", obj="_car")
    s.rect(cx - cw / 2 + 6 * k, by - 48 * k, 18 * k, 9 * k, "#ff5a4a", obj="_car")
    s.rect(cx + cw / 2 - 24 * k, by - 48 * k, 18 * k, 9 * k, "#ff5a4a", obj="_car")
    s.rect(cx - cw / 2 + 6 * k, by - 12 * k, 20 * k, 14 * k, "#222222", rx=3, obj="_car")
    s.rect(cx + cw / 2 - 26 * k, by - 12 * k, 20 * k, 14 * k, "#222222", rx=3, obj="_car")
    s.save(out)
    # the car really hides part of l3
    assert s.occluded("l3", lo=0.05)
    return gold, {}
