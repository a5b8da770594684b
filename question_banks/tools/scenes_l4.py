"""Scenes of the level-4 review (审核) items: each draws a picture, computes the true gold from the
drawing, and derives someone else's annotations (`given`) by applying named, deliberate mistakes to
that gold. The review gold is the set of ids that carry a mistake; the correction gold is the truth."""
from __future__ import annotations

import pathlib

import scenes_l5 as S5
from pbank import COCO_KP, Scene, draw_bus, draw_car, draw_person, draw_traffic_light, draw_truck, person_keypoints

W, H = 640, 480


def _b(s, n):
    return [int(v) for v in s.visible_bbox(n)]


def review_vehicles(out: pathlib.Path):
    s = Scene(W, H)
    S5._street_bg(s, horizon=250)
    s.rect(0, 462, W, 5, "#f2f2f2")
    draw_car(s, "c2", 330, 300, 70, "#8a8a8a")
    draw_truck(s, "t1", 430, 372, 190, color="#c0504d")
    draw_bus(s, "b1", 30, 384, 260, color="#3c9f6b")
    draw_car(s, "c1", 160, 425, 190, "#d9483b", facing=-1)
    draw_car(s, "c4", 470, 452, 150, "#e0b12f")
    draw_car(s, "c3", -45, 470, 170, "#3d6fc2")
    s.rect(626, 200, 12, 180, "#6b4b2a", obj="_tree")
    s.circle(632, 180, 30, "#3f8f3a", obj="_tree")
    s.save(out)
    objs = [("b1", "bus"), ("c1", "car"), ("t1", "truck"), ("c3", "car"), ("c4", "car"), ("c2", "car")]
    truth = {}
    for n, lab in objs:
        truth[n] = {"label": lab, "bbox": _b(s, n),
                    "attributes": {"occluded": "true" if s.occluded(n, lo=0.10) else "false",
                                   "truncated": "true" if s.truncated(n) else "false"}}
    assert truth["b1"]["attributes"]["occluded"] == "true" and truth["c3"]["attributes"]["truncated"] == "true"
    x, y, w, h = truth["t1"]["bbox"]
    tree = _b(s, "_tree")
    given = [
        {"id": "a1", **truth["b1"]},
        {"id": "a2", **truth["c1"], "label": "truck"},                                   # wrong label
        {"id": "a3", **truth["t1"], "bbox": [x - 26, y, w + 26, h + 32]},                  # loose box
        {"id": "a4", **truth["c3"], "attributes": {"occluded": "false", "truncated": "false"}},  # wrong attribute
        {"id": "a5", "label": "car", "bbox": tree, "attributes": {"occluded": "false", "truncated": "false"}},  # not a vehicle
        {"id": "a6", **truth["c4"]},
    ]
    wrong = ["a2", "a3", "a4", "a5"]
    gold = [truth[n] for n, _ in objs]
    return given, wrong, gold, {"missed": truth["c2"]["bbox"], "tree": tree}


def review_lights(out: pathlib.Path):
    s = Scene(W, H)
    S5._street_bg(s, horizon=330, sky="#d5e9f6")
    s.rect(0, 330, W, 40, "#c9c0b0")
    s.rect(96, 150, 8, 180, "#5a5a5a")
    s.rect(268, 60, 8, 270, "#5a5a5a")
    s.rect(276, 66, 150, 7, "#5a5a5a")
    s.rect(560, 150, 7, 180, "#5a5a5a")
    s.rect(214, 236, 3, 94, "#5a5a5a")
    s.rect(496, 212, 6, 118, "#5a5a5a")
    draw_traffic_light(s, "tl1", 88, 72, "green", size=24)
    draw_traffic_light(s, "tl2", 300, 73, "red", size=24, horizontal=True)
    draw_traffic_light(s, "tl3", 400, 73, "yellow", size=22)
    draw_traffic_light(s, "tl4", 210, 204, "red", size=11)
    draw_traffic_light(s, "tl5", 489, 152, "red", size=20)
    draw_traffic_light(s, "_back", 553, 92, "back", size=21)
    # pedestrians are part of the street, not of this task
    draw_person(s, "_p2", 440, 240, scale=0.78, shirt="#c0504d")
    draw_person(s, "_p1", 150, 215, scale=1.05, shirt="#2f8f6f")
    draw_person(s, "_p3", 330, 230, scale=0.95, shirt="#8a5cd6")
    s.save(out)
    truth = {n: {"label": "traffic_light", "bbox": _b(s, n), "attributes": {"state": st}}
             for n, st in [("tl1", "green"), ("tl2", "red"), ("tl3", "yellow"), ("tl4", "red"), ("tl5", "red")]}
    x1, y1, w1, h1 = truth["tl1"]["bbox"]
    x3, y3, w3, h3 = truth["tl3"]["bbox"]
    given = [
        {"id": "a1", **truth["tl1"]},
        {"id": "a2", **truth["tl2"], "attributes": {"state": "green"}},                    # wrong state
        {"id": "a3", **truth["tl3"], "bbox": [x3, y3, w3, h3 + 70]},                        # far too tall
        {"id": "a4", "label": "traffic_light", "bbox": _b(s, "_back"), "attributes": {"state": "red"}},  # back side
        {"id": "a5", **truth["tl5"]},
        {"id": "a6", "label": "traffic_light", "bbox": [x1 + 6, y1 + 8, w1 - 12, h1 - 16],
         "attributes": {"state": "green"}},                                                   # duplicate, worse
    ]
    wrong = ["a2", "a3", "a4", "a6"]
    gold = [truth[n] for n in ("tl1", "tl2", "tl3", "tl4", "tl5")]
    return given, wrong, gold, {"missed": truth["tl4"]["bbox"]}


def review_keypoints(out: pathlib.Path):
    s = Scene(W, H)
    S5._room(s, floor=420)
    xs = [70, 195, 320, 445, 570]
    shirts = ["#2f8f6f", "#3d7edb", "#c0504d", "#e39b2d", "#8a5cd6"]
    poses = [None, {"right_elbow": (-40, -100), "right_wrist": (-46, -138)}, None,
             None, {"left_elbow": (36, -54), "left_wrist": (48, -30)}]
    P = {}
    for i, (x, c, pz) in enumerate(zip(xs, shirts, poses)):
        P[f"p{i + 1}"] = draw_person(s, f"p{i + 1}", x, 150, scale=0.98, shirt=c, pose=pz)
    # a crate in front of p4's left lower leg (image right of p4)
    hip_y = 150 + 128 * 0.98
    s.rect(452, hip_y + 58, 60, 420 - hip_y - 58 + 20, "#c89b5e", obj="_crate")
    s.rect(452, hip_y + 58, 60, 7, "#a87c45", obj="_crate")
    s.save(out)
    truth = {n: {"label": "person", "bbox": _b(s, n), "keypoints": person_keypoints(s, n, P[n])} for n in P}
    assert truth["p4"]["keypoints"][15][2] == 1, truth["p4"]["keypoints"][15]

    def swap_lr(kps):
        out = list(kps)
        for i, n in enumerate(COCO_KP):
            if n.startswith("left_"):
                j = COCO_KP.index("right_" + n[5:])
                out[i], out[j] = kps[j], kps[i]
        return out

    k3 = [list(k) for k in truth["p3"]["keypoints"]]
    k3[9] = [k3[9][0] - 44, k3[9][1] + 40, 2]  # left wrist put on the floor beside the leg
    k4 = [list(k) for k in truth["p4"]["keypoints"]]
    k4[15] = [0, 0, 0]  # occluded ankle left unlabeled
    given = [
        {"id": "a1", **truth["p1"]},
        {"id": "a2", **truth["p2"], "keypoints": swap_lr(truth["p2"]["keypoints"])},
        {"id": "a3", **truth["p3"], "keypoints": k3},
        {"id": "a4", **truth["p4"], "keypoints": k4},
        {"id": "a5", **truth["p5"]},
    ]
    wrong = ["a2", "a3", "a4"]
    return given, wrong, [truth[n] for n in P], {}


def review_polygons(out: pathlib.Path):
    s = Scene(W, H, bg="#9cc47a")
    s.rect(0, 222, W, 30, "#c8c8c8")
    b1 = [(40, 40), (220, 40), (220, 170), (40, 170)]
    b2 = [(300, 30), (560, 30), (560, 100), (420, 100), (420, 190), (300, 190)]
    pond = S5._blob(180, 360, 120, 70, 12, [0.0, 0.07, -0.05, 0.09, -0.04, 0.06, -0.07, 0.05, 0.02, -0.06, 0.08, -0.02])
    f1 = [(370, 280), (610, 270), (620, 450), (380, 460)]
    b3 = S5._rot([(470, 120), (600, 120), (600, 200), (470, 200)], 535, 160, 12)
    shapes = [("building", b1, "#b5523b"), ("building", b2, "#8d8d99"), ("pond", pond, "#4a90c8"),
              ("farmland", f1, "#c9b458"), ("building", b3, "#c9a96b")]
    for i, (lab, pts, c) in enumerate(shapes):
        s.polygon(pts, c, obj=f"o{i}")
    s.save(out)
    truth = [{"label": lab, "points": [list(p) for p in pts]} for lab, pts, _ in shapes]
    xs = [p[0] for p in b2]
    ys = [p[1] for p in b2]
    given = [
        {"id": "a1", **truth[0]},
        {"id": "a2", "label": "building", "points": [[min(xs), min(ys)], [max(xs), min(ys)], [max(xs), max(ys)], [min(xs), max(ys)]]},
        {"id": "a3", "label": "building", "points": truth[2]["points"]},
        {"id": "a4", **truth[3]},
        {"id": "a5", "label": "building", "points": [[x + 30, y + 24] for x, y in truth[4]["points"]]},
    ]
    wrong = ["a2", "a3", "a5"]
    return given, wrong, truth, {}


def review_lanes(out: pathlib.Path):
    s = Scene(W, H)
    S5._road(s)
    spec = [("l1", 150, "#f2c230", False, "yellow"), ("l2", 178, "#f2c230", False, "yellow"),
            ("l3", 330, "#f5f5f5", True, "white"), ("l4", 480, "#f5f5f5", True, "white"),
            ("l5", 628, "#f5f5f5", False, "white")]
    truth = []
    for name, xb, col, dashed, cname in spec:
        pts = S5._draw_lane(s, name, xb, 232, col, dashed, w_bottom=9.0 if name in ("l1", "l2") else 11.0)
        truth.append({"label": "lane", "points": pts,
                      "attributes": {"style": "dashed" if dashed else "solid", "color": cname}})
    s.save(out)
    (x0, y0), (x1, y1) = truth[3]["points"]
    half = [[x0, y0], [round(x0 + (x1 - x0) * 0.45), round(y0 + (y1 - y0) * 0.45)]]
    given = [
        {"id": "a1", **truth[0]},
        {"id": "a2", **truth[1], "attributes": {"style": "solid", "color": "white"}},   # wrong colour
        {"id": "a3", **truth[2]},
        {"id": "a4", **truth[3], "points": half},                                        # stops halfway
        {"id": "a5", **truth[4], "attributes": {"style": "dashed", "color": "white"}},  # wrong style
    ]
    wrong = ["a2", "a4", "a5"]
    return given, wrong, truth, {}
