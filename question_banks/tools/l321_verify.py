#!/usr/bin/env python3
"""Check the level 3/2/1 practical banks (practical-*.toml in level3/, level2/, level1/).

Structure: ids L<level>-P-<KIND>-NNN, table fields == gold cells, select/classify ids == entries,
classify labels in the label set, spans inside the text, rubric criteria maxima == points == 100 and
score bands of every criterion covering 0 … max without gaps or overlaps,
every skill of functions 1-4 covered, practice and exam items in every function.
Numbers: every table gold value is recomputed here from the Markdown tables and figures the
trainee sees in the prompt, with code written independently of the generators; rule-based select
and classify items are re-derived from the entry texts. Items whose gold is a judgement (not
computable) are listed as such.
Exit status 1 on any problem. Standard library only (uses scikit-learn for a cross-check if present).
Run: python3 question_banks/tools/l321_verify.py
"""
import collections
import datetime
import difflib
import math
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SKILLS = {
    3: "1.1.1 1.1.2 1.1.3 1.2.1 1.2.2 2.1.1 2.1.2 2.2.1 2.2.2 2.2.3 2.2.4 2.2.5 3.1.1 3.1.2 3.1.3 3.2.1 3.2.2 "
       "4.1.1 4.1.2 4.2.1 4.2.2".split(),
    2: "1.1.1 1.2.1 2.1.1 2.1.2 2.2.1 2.2.2 3.1.1 3.1.2 3.2.1 4.1.1 4.1.2 4.2.1".split(),
    1: "1.1.1 1.1.2 2.1.1 2.1.2 2.2.1 3.1.1 3.1.2 4.1.1 4.2.1".split(),
}
MIN_ITEMS = {3: 42, 2: 22, 1: 22}
problems = []
judgement = []
verified = []


def bad(iid, msg):
    problems.append(f"{iid}: {msg}")


def check_bands(iid, c):
    """A rubric criterion's score bands: whole points, ascending from 0 to the criterion's max without gaps or
    overlaps, at least two, each with a text; the guide (what a full answer contains) is kept."""
    cid, mx, b = c["id"], c["max"], c.get("bands", [])
    if not isinstance(mx, int) or isinstance(mx, bool) or mx < 0:
        bad(iid, f"criterion {cid}: max {mx!r} is not a whole number of points")
        return
    if not c.get("guide", "").strip():
        bad(iid, f"criterion {cid} has no guide")
    if len(b) < 2:
        bad(iid, f"criterion {cid} has {len(b)} score bands (at least 2)")
        return
    nxt = 0
    for x in b:
        lo, hi = x.get("min"), x.get("max")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi)) or lo != nxt or hi < lo:
            bad(iid, f"criterion {cid}: band {lo}–{hi} does not start at {nxt} or ends before it starts")
            return
        if not x.get("text", "").strip():
            bad(iid, f"criterion {cid}: band {lo}–{hi} has no text")
        nxt = hi + 1
    if nxt - 1 != mx:
        bad(iid, f"criterion {cid}: bands end at {nxt - 1}, not at max {mx}")


# ------------------------------------------------------------------ prompt parsing helpers
def tables(md):
    out, cur = [], []
    for line in md.splitlines():
        if line.strip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r"-{3,}", c) for c in cells):
                continue
            cur.append(cells)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def num(s):
    return float(s.replace(",", "").replace("%", ""))


def close(a, b, tol):
    return abs(a - b) <= tol + 1e-12


def expect(it, computed):
    gold = it["gold"]["cells"]
    tol = it.get("params", {}).get("tolerance", 0)
    for k, v in computed.items():
        if k not in gold:
            bad(it["id"], f"recomputed cell {k} not in gold")
        elif not close(gold[k], v, max(tol, 1e-9) if tol else 1e-9):
            bad(it["id"], f"cell {k}: gold {gold[k]} but recomputed {v}")
        elif tol and abs(gold[k] - v) > tol / 2 + 1e-12 and not isinstance(gold[k], int):
            bad(it["id"], f"cell {k}: gold {gold[k]} is closer than tolerance but off by {abs(gold[k] - v)}")
    missing = set(gold) - set(computed)
    if missing:
        bad(it["id"], f"cells not recomputed: {sorted(missing)}")
    verified.append(it["id"])


def prf1(tp, fp, fn):
    p, r = tp / (tp + fp), tp / (tp + fn)
    return p, r, 2 * tp / (2 * tp + fp + fn)


# ------------------------------------------------------------------ level 3 tables
def v_L3_TABLE_001(it):
    rows = tables(it["prompt"])[0][1:]
    n = len(rows)
    e = "（空）"
    dups, seen = set(), []
    for r in rows:
        if r[1:] in seen:
            dups.add(r[0])
        seen.append(r[1:])
    anom = {r[0] for r in rows if r[3] != e and not 18 <= int(r[3]) <= 100}
    miss = {r[0] for r in rows if e in (r[1], r[3], r[4])}
    expect(it, {"age_missing_rate": sum(r[3] == e for r in rows) / n, "city_missing_rate": sum(r[4] == e for r in rows) / n,
                "dup_count": len(dups), "dup_rate": len(dups) / n, "age_anomaly_count": len(anom),
                "usable_count": n - len(miss | dups | anom)})


def v_L3_TABLE_002(it):
    p = it["prompt"]
    raw = num(re.search(r"导出通话转写文本 ([\d,]+) 条", p).group(1))
    dedup = num(re.search(r"删除原始数据的 ([\d.]+)%", p).group(1)) / 100
    fmt = num(re.search(r"共 ([\d,]+) 条，全部剔除", p).group(1))
    sens = num(re.search(r"剩余数据的 ([\d.]+)%", p).group(1)) / 100
    a = raw * (1 - dedup)
    b = a - fmt
    c = b - math.floor(b * sens + 0.5)
    lab = math.ceil(c / 400)
    rev = math.ceil(math.ceil(c * 0.1) / 800)
    expect(it, {"after_dedup": a, "after_format": b, "after_sensitive": c, "label_days": lab, "review_days": rev,
                "total_days": lab + rev})


def binary_from_table(it):
    t = tables(it["prompt"])[0]
    tp, fn = num(t[1][1]), num(t[1][2])
    fp, tn = num(t[2][1]), num(t[2][2])
    return tp, fn, fp, tn


def v_L3_TABLE_003(it):
    tp, fn, fp, tn = binary_from_table(it)
    p, r, f1 = prf1(tp, fp, fn)
    expect(it, {"precision": p, "recall": r, "f1": f1, "accuracy": (tp + tn) / (tp + fn + fp + tn)})


def v_L3_TABLE_005(it):
    tp, fn, fp, tn = binary_from_table(it)
    p, r, f1 = prf1(tp, fp, fn)
    expect(it, {"precision": p, "recall": r, "f1": f1, "accuracy": (tp + tn) / (tp + fn + fp + tn),
                "miss_rate": fn / (tp + fn)})


def v_L3_TABLE_004(it):
    t = tables(it["prompt"])[0]
    m = [[num(x) for x in row[1:]] for row in t[1:]]
    out, f1s = {}, []
    for i, k in enumerate(["pos", "neu", "neg"]):
        tp = m[i][i]
        fp = sum(m[j][i] for j in range(3)) - tp
        fn = sum(m[i]) - tp
        p, r, f1 = prf1(tp, fp, fn)
        out[f"p_{k}"], out[f"r_{k}"] = p, r
        f1s.append(f1)
    out["macro_f1"] = sum(f1s) / 3
    out["accuracy"] = sum(m[i][i] for i in range(3)) / sum(map(sum, m))
    expect(it, out)


def v_L3_TABLE_006(it):
    rows = [(int(r[1]), float(r[2])) for r in tables(it["prompt"])[0][1:]]

    def cm(th):
        tp = sum(y == 1 and s >= th for y, s in rows)
        fp = sum(y == 0 and s >= th for y, s in rows)
        fn = sum(y == 1 and s < th for y, s in rows)
        tn = sum(y == 0 and s < th for y, s in rows)
        return tp, fp, fn, tn
    tp, fp, fn, tn = cm(0.5)
    tp8, fp8, fn8, _ = cm(0.8)
    expect(it, {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision_05": tp / (tp + fp), "recall_05": tp / (tp + fn),
                "precision_08": tp8 / (tp8 + fp8), "recall_08": tp8 / (tp8 + fn8)})


def iou(a, b):
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x2 - x1) * max(0, y2 - y1)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def v_L3_TABLE_007(it):
    boxes = {r[0]: [num(x) for x in r[2:6]] for r in tables(it["prompt"])[0][1:]}
    ious = [iou(boxes[f"G{i}"], boxes[f"P{i}"]) for i in (1, 2, 3)]
    tp = sum(v >= 0.5 for v in ious)
    npred = sum(1 for k in boxes if k.startswith("P"))
    ngold = sum(1 for k in boxes if k.startswith("G"))
    expect(it, {"iou1": ious[0], "iou2": ious[1], "iou3": ious[2], "tp": tp, "precision": tp / npred,
                "recall": tp / ngold})
    svg = (ROOT / "level3" / it["assets"][0]).read_text()
    for k, (x, y, w, h) in boxes.items():
        if f'x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}"' not in svg:
            bad(it["id"], f"asset does not draw box {k}")


def v_train_log(it):
    p = it["prompt"]
    n = num(re.search(r"训练样本 ([\d,]+) 条", p).group(1))
    bs = num(re.search(r"批大小（batch size）(\d+)", p).group(1))
    pat = int(re.search(r"patience = (\d+)", p).group(1))
    md = float(re.search(r"min_delta = ([\d.]+)", p).group(1))
    lr0 = float(re.search(r"学习率初始值 ([\d.]+)", p).group(1))
    step, gamma = re.search(r"每 (\d+) 轮乘以 ([\d.]+)", p).groups()
    lr_epoch = int(re.search(r"第 (\d+) 轮的学习率", " ".join(f["label"] for f in it["fields"])).group(1))
    losses = [r[2] for r in tables(p)[0][1:]]
    # thousandths as integers: exact comparisons
    best, best_e, wait, stop = None, 0, 0, len(losses)
    for e, v in enumerate(losses, 1):
        v = round(float(v) * 1000)
        if best is None or v < best - round(md * 1000):
            best, best_e, wait = v, e, 0
        else:
            wait += 1
            if wait == pat:
                stop = e
                break
    ipe = math.ceil(n / bs)
    lr = lr0 * float(gamma) ** ((lr_epoch - 1) // int(step))
    expect(it, {"best_epoch": best_e, "stop_epoch": stop, "iters_per_epoch": ipe, "total_iters": ipe * stop, "lr": lr})


def v_L3_TABLE_010(it):
    t = tables(it["prompt"])[0]
    d = {r[0]: (num(r[1]), num(r[2])) for r in t[1:]}
    tot, self_, tr, ab = d["会话总数"], d["机器人独立解决"], d["转人工"], d["用户中途放弃"]
    for w in (0, 1):
        if tot[w] != self_[w] + tr[w] + ab[w]:
            bad(it["id"], f"week {w + 1} outcomes do not add up")
    t1, t2 = tr[0] / tot[0], tr[1] / tot[1]
    cost = (t1 - t2) * tot[1] * 6
    expect(it, {"self_w1": self_[0] / tot[0], "self_w2": self_[1] / tot[1], "transfer_w1": t1, "transfer_w2": t2,
                "transfer_change": t2 - t1, "cost_saving": math.floor(cost + 0.5)})


def v_L3_TABLE_011(it):
    t = tables(it["prompt"])[0]
    a = [num(x) for x in t[1][1:]]
    b = [num(x) for x in t[2][1:]]
    expect(it, {"ctr_a": a[1] / a[0], "ctr_b": b[1] / b[0], "cvr_a": a[2] / a[1], "cvr_b": b[2] / b[1],
                "ctr_lift": (b[1] / b[0]) / (a[1] / a[0]) - 1})


def v_L3_TABLE_012(it):
    rows = {r[0]: (num(r[1]), num(r[2])) for r in tables(it["prompt"])[0][1:]}
    acc = {k: (n - e) / n for k, (n, e) in rows.items()}
    team = 1 - sum(e for _, e in rows.values()) / sum(n for n, _ in rows.values())
    expect(it, {"acc_li": acc["李强"], "acc_wang": acc["王芳"], "acc_chen": acc["陈静"], "team_acc": team,
                "retrain": sum(v < 0.95 for v in acc.values())})


# ------------------------------------------------------------------ level 2 tables
def cohen(m):
    n = sum(map(sum, m))
    po = sum(m[i][i] for i in range(len(m))) / n
    pe = sum(sum(m[i]) * sum(r[i] for r in m) for i in range(len(m))) / n / n
    return po, pe, (po - pe) / (1 - pe)


def v_L2_TABLE_001(it):
    m = [[num(x) for x in r[1:]] for r in tables(it["prompt"])[0][1:]]
    po, pe, k = cohen(m)
    expect(it, {"po": po, "pe": pe, "kappa": k, "disagree": sum(map(sum, m)) - sum(m[i][i] for i in range(3))})
    sk_kappa(it, m, k)


def v_L2_TABLE_002(it):
    m = [[num(x) for x in r[1:]] for r in tables(it["prompt"])[0][1:]]
    po, pe, k = cohen(m)
    expect(it, {"po": po, "pe": pe, "kappa": k})
    sk_kappa(it, m, k)


def sk_kappa(it, m, k):
    try:
        from sklearn.metrics import cohen_kappa_score
    except ImportError:
        return
    a, b = [], []
    for i, row in enumerate(m):
        for j, c in enumerate(row):
            a += [i] * int(c)
            b += [j] * int(c)
    if abs(cohen_kappa_score(a, b) - k) > 1e-9:
        bad(it["id"], "scikit-learn disagrees on kappa")


def cpm(rows):
    acts = {r[0]: (int(r[2]), [] if r[3] == "—" else r[3].split("、")) for r in rows}
    ef = {}
    es = {}
    for a, (d, pre) in acts.items():
        es[a] = max([ef[p] for p in pre] or [0])
        ef[a] = es[a] + d
    total = max(ef.values())
    ls = {}
    for a in reversed(list(acts)):
        succ = [b for b, (_, pre) in acts.items() if a in pre]
        ls[a] = min([ls[b] for b in succ] or [total]) - acts[a][0]
    return acts, total, es, {a: ls[a] - es[a] for a in acts}


def v_L2_TABLE_003(it):
    _, total, es, tf = cpm(tables(it["prompt"])[0][1:])
    expect(it, {"duration": total, "es_f": es["F"], "tf_c": tf["C"], "tf_d": tf["D"], "tf_h": tf["H"],
                "critical": sum(v == 0 for v in tf.values())})


def v_L2_TABLE_004(it):
    rows = tables(it["prompt"])[0][1:]
    _, total, es, tf = cpm(rows)
    delayed = [r if r[0] != "E" else [r[0], r[1], str(int(r[2]) + 3), r[3]] for r in rows]
    expect(it, {"duration": total, "es_f": es["F"], "tf_c": tf["C"], "tf_e": tf["E"],
                "critical": sum(v == 0 for v in tf.values()), "delay_e3": cpm(delayed)[1]})


def v_L2_TABLE_005(it):
    rows = [(r[0], num(r[1])) for r in tables(it["prompt"])[0][1:]]
    N = sum(v for _, v in rows)
    n_min = math.ceil(1.96 ** 2 * 0.9 * 0.1 / 0.02 ** 2)
    small = [k for k, v in rows if 1500 * v / N < 100]
    rest = [(k, v) for k, v in rows if k not in small]
    m = 1500 - 100 * len(small)
    R = sum(v for _, v in rest)
    share = {k: m * v / R for k, v in rest}
    alloc = {k: int(s) for k, s in share.items()}
    order = sorted(share, key=lambda k: share[k] - alloc[k], reverse=True)
    for k in order[: m - sum(alloc.values())]:
        alloc[k] += 1
    alloc.update({k: 100 for k in small})
    key = {"社保": "n_shebao", "医保": "n_yibao", "交通出行": "n_jiaotong", "住房": "n_zhufang", "其他": "n_qita"}
    expect(it, {"n_min": n_min, **{key[k]: v for k, v in alloc.items()}})


def v_L2_TABLE_006(it):
    t = tables(it["prompt"])[0]
    both, b = num(t[1][1]), num(t[1][2])
    c, neither = num(t[2][1]), num(t[2][2])
    n = both + b + c + neither
    chi2 = (abs(b - c) - 1) ** 2 / (b + c)
    expect(it, {"acc_a": (both + b) / n, "acc_b": (both + c) / n, "chi2": chi2, "significant": int(chi2 > 3.841)})


def v_L2_TABLE_007(it):
    t = tables(it["prompt"])[0]
    bss = [int(x) for x in t[0][1:]]
    lr_of = {"1e-5": 1e-5, "3e-5": 3e-5, "5e-5": 5e-5, "1e-4": 1e-4}
    grid = [(float(v), lr_of[r[0]], bss[j]) for r in t[1:] for j, v in enumerate(r[1:])]
    f1, lr, bs = max(grid)
    gbs = 8 * bs
    steps = math.ceil(120000 / gbs) * 3
    expect(it, {"best_lr": lr, "best_bs": bs, "best_f1": f1, "scaled_lr": lr * gbs / bs, "total_steps": steps,
                "warmup": math.floor(steps * 0.06)})


def v_L2_TABLE_008(it):
    rows = [(r[0], [num(x) for x in r[2:]]) for r in tables(it["prompt"])[0][1:]]
    w = [0.35, 0.25, 0.20, 0.10, 0.10]
    w2 = [0.45, 0.15, 0.20, 0.10, 0.10]
    s = {o: sum(a * b for a, b in zip(w, sc)) for o, sc in rows}
    s2 = {o: sum(a * b for a, b in zip(w2, sc)) for o, sc in rows}
    expect(it, {"s1": s["O1"], "s2": s["O2"], "s3": s["O3"], "s4": s["O4"],
                "above": sum(v >= 3.5 - 1e-9 for v in s.values()), "s2_alt": s2["O2"], "s4_alt": s2["O4"]})


# ------------------------------------------------------------------ level 1 tables
def v_L1_TABLE_001(it):
    m = [[int(x) for x in r[1:]] for r in tables(it["prompt"])[0][1:]]
    n = sum(m[0])
    P = [(sum(x * x for x in r) - n) / (n * (n - 1)) for r in m]
    pj = [sum(r[j] for r in m) / (len(m) * n) for j in range(len(m[0]))]
    pbar, pe = sum(P) / len(P), sum(x * x for x in pj)
    expect(it, {"p_bar": pbar, "pe": pe, "kappa": (pbar - pe) / (1 - pe), "full": sum(max(r) == n for r in m)})


def v_L1_TABLE_002(it):
    rows = tables(it["prompt"])[0][1:]

    def avail(vec_pair):
        a = 1.0
        for name, av, mode in rows:
            av = float(av)
            pair = "主备" in mode or (vec_pair and name == "向量数据库")
            a *= 1 - (1 - av) ** 2 if pair else av
        return a
    a0 = avail(False)
    expect(it, {"a_total": round(a0 * 100, 2), "downtime": round((1 - a0) * 8760, 1),
                "a_after": round(avail(True) * 100, 2), "instances": math.ceil(1200 / (90 * 0.7)) + 1})


def v_L1_TABLE_003(it):
    t = tables(it["prompt"])[0][1:]
    cap = []
    for r in t:
        m = re.match(r"(\d+) 人 × (\d+) 条", r[2])
        cap.append(int(m.group(1)) * int(m.group(2)) if m else num(r[2].split(" ")[0]))
    thr = min(cap)
    after = [cap[0], 20 * 40, cap[2] / 0.2, cap[3]]
    thr2 = min(after)
    expect(it, {"thr_before": thr, "bottleneck": cap.index(thr) + 1, "lead_before": 6000 / thr,
                "thr_after": thr2, "lead_after": 4000 / thr2, "daily_after": thr2 * 8})


def v_L1_TABLE_004(it):
    rows = [(num(r[1]), float(r[2]), float(r[3])) for r in tables(it["prompt"])[0][1:]]
    N = sum(n for n, _, _ in rows)
    expect(it, {"ece": sum(n / N * abs(a - c) for n, c, a in rows), "acc": sum(n * a for n, _, a in rows) / N,
                "conf": sum(n * c for n, c, _ in rows) / N, "mce": max(abs(a - c) for _, c, a in rows)})


def v_L1_TABLE_005(it):
    rows = {r[0]: (float(r[2]), num(r[3]), num(r[4])) for r in tables(it["prompt"])[0][1:]}
    acc = {k: c / n for k, (_, n, c) in rows.items()}
    expect(it, {"acc_c2": acc["C2"], "acc_c5": acc["C5"], "weighted": sum(w * acc[k] for k, (w, _, _) in rows.items()),
                "micro": sum(c for *_, c in rows.values()) / sum(n for _, n, _ in rows.values()),
                "below": sum(v < 0.8 for v in acc.values())})
    if abs(sum(w for w, _, _ in rows.values()) - 1) > 1e-9:
        bad(it["id"], "weights do not sum to 1")


def v_L1_TABLE_006(it):
    rows = [[num(x) for x in r[1:]] for r in tables(it["prompt"])[0][1:]]
    TP, FP, FN = (sum(r[i] for r in rows) for i in range(3))
    p, r_, f1 = prf1(TP, FP, FN)
    f1s = [prf1(*r)[2] for r in rows]
    expect(it, {"micro_p": p, "micro_r": r_, "micro_f1": f1, "f1_d": f1s[3], "macro_f1": sum(f1s) / len(f1s)})
    try:
        from sklearn.metrics import f1_score
    except ImportError:
        return
    y, yhat = [], []
    for c, (tp, fp, fn) in enumerate(rows):
        y += [c] * int(tp) + [c] * int(fn)
        yhat += [c] * int(tp) + [9] * int(fn)
        y += [9] * int(fp)
        yhat += [c] * int(fp)
    mac = f1_score(y, yhat, labels=list(range(len(rows))), average="macro")
    mic = f1_score(y, yhat, labels=list(range(len(rows))), average="micro")
    if abs(mac - sum(f1s) / len(f1s)) > 1e-9 or abs(mic - f1) > 1e-9:
        bad(it["id"], "scikit-learn disagrees on micro/macro F1")


# ------------------------------------------------------------------ rule-based select / classify
def fields_of(e):
    return [x.strip() for x in e["text"].split("|")]


def v_L3_SELECT_001(it):
    labels = {"物流查询", "退货退款", "商品咨询", "账户问题", "投诉建议", "其他"}
    out, seen = [], set()
    for e in it["entries"]:
        no, ts, ch, text, lab, dur, sat = fields_of(e)
        E = "（空）"
        ok = E not in (no, ts, text, lab) and re.fullmatch(r"GD\d{8}", no) and no not in seen
        try:
            t = datetime.datetime.strptime(ts, "%Y-%m-%d %H:%M")
            ok = ok and datetime.datetime(2024, 3, 1) <= t <= datetime.datetime(2024, 3, 31, 23, 59)
        except ValueError:
            ok = False
        ok = ok and lab in labels and dur.isdigit() and 1 <= int(dur) <= 3600
        ok = ok and (sat == E or (sat.isdigit() and 1 <= int(sat) <= 5)) and len(text) >= 4
        seen.add(no)
        if not ok:
            out.append(e["id"])
    same_set(it, out)


def v_L3_SELECT_002(it):
    out, kept = [], collections.Counter()
    for e in it["entries"]:
        aid, spk, lic, sr, ch, dur, env = fields_of(e)
        ok = sr == "16000" and ch == "单声道" and 1.0 <= float(dur) <= 15.0 and lic != "（空）" and \
            env in ("安静室内", "嘈杂室内", "室外")
        if ok and kept[spk] < 3:
            kept[spk] += 1
        else:
            out.append(e["id"])
    same_set(it, out)


def v_L3_SELECT_003(it):
    out = []
    for e in it["entries"]:
        pid, title, cat, price, stock, desc = fields_of(e)
        ok = title != "（空）" and len(title) <= 60 and "<" not in title
        ok = ok and cat in ("家电", "服饰", "食品", "美妆", "数码")
        ok = ok and re.fullmatch(r"\d+\.\d\d", price) is not None and 0.01 <= float(price) <= 99999.99
        ok = ok and stock.isdigit()
        ok = ok and not re.search(r"(?<!\d)1\d{10}(?!\d)", desc) and "<" not in desc
        if not ok:
            out.append(e["id"])
    same_set(it, out)


def v_L3_SELECT_004(it):
    train = set(re.search(r"前 8 位）有：([0-9a-f、]+)", it["prompt"]).group(1).split("、"))
    v2 = {"物流查询", "退货退款", "商品咨询", "账户问题", "投诉建议"}
    out, seen = [], set()
    for e in it["entries"]:
        tid, text, md5, lab, src = fields_of(e)
        if md5 in train or md5 in seen or lab not in v2 or not re.search(r"[\w]", text, re.UNICODE) \
                or re.fullmatch(r"[\W_]+", text) or src != "真实用户":
            out.append(e["id"])
        seen.add(md5)
    same_set(it, out)


def v_L2_SELECT_001(it):
    out = []
    for e in it["entries"]:
        gid, text, votes, expert, dup, pii = fields_of(e)
        if (len(set(votes.split("/"))) > 1 and expert == "—") or dup == "是" or pii == "有" or expert == "无法判定":
            out.append(e["id"])
    same_set(it, out)


def same_set(it, out):
    if sorted(out) != sorted(it["gold"]["ids"]):
        bad(it["id"], f"rules give {sorted(out)} but gold is {sorted(it['gold']['ids'])}")
    verified.append(it["id"])


def same_labels(it, out):
    g = it["gold"]["labels"]
    for k, v in out.items():
        if g.get(k) != v:
            bad(it["id"], f"{k}: rules give {v} but gold is {g.get(k)}")
    verified.append(it["id"])


def v_L3_CLASSIFY_003(it):
    out = {}
    for e in it["entries"]:
        ref, hyp = re.match(r"参考：(.*)；识别：(.*)", e["text"]).groups()
        norm = {"二十六": "26", "七点半": "7:30", "三号": "3号"}
        r2 = ref
        for a, b in norm.items():
            r2 = r2.replace(a, b)
        if r2 == hyp:
            out[e["id"]] = "书写规范差异"
            continue
        ops = {op for op, *_ in difflib.SequenceMatcher(None, ref, hyp).get_opcodes() if op != "equal"}
        out[e["id"]] = {frozenset({"delete"}): "漏识别", frozenset({"insert"}): "多识别",
                        frozenset({"replace"}): "同音近音替换"}.get(frozenset(ops), "?")
    same_labels(it, out)


def v_L3_CLASSIFY_004(it):
    out = {}
    for e in it["entries"]:
        g = re.search(r"标注 (\w+) \[([\d, ]+)\]", e["text"])
        p = re.search(r"预测 (\w+) \[([\d, ]+)\]", e["text"])
        if g and not p:
            out[e["id"]] = "漏检"
        elif p and not g:
            out[e["id"]] = "误检"
        else:
            gb = [int(x) for x in g.group(2).split(",")]
            pb = [int(x) for x in p.group(2).split(",")]
            v = iou(gb, pb)
            same = g.group(1) == p.group(1)
            out[e["id"]] = ("正确检测" if same else "类别错误") if v >= 0.5 else ("定位不准" if same else "?")
    same_labels(it, out)


def v_L3_CLASSIFY_005(it):
    depts, dates = {"内科", "外科", "儿科", "眼科"}, {"今天", "明天", "后天", "周五"}
    yes, no = {"是", "对", "确认", "好的"}, {"不对", "不是", "重新"}
    out = {}
    for e in it["entries"]:
        state, fails, quiet, res = 0, 0, 0, None
        turns = e["text"].split(" → ")
        for i, t in enumerate(turns):
            if t == "（无应答）":
                quiet += 1
                if quiet == 2:
                    res = "超时挂断"
                    break
                continue
            quiet = 0
            if "人工" in t:
                res = "转人工"
                break
            valid = (state == 0 and t in depts) or (state == 1 and t in dates)
            if valid:
                state, fails = state + 1, 0
            elif state == 2 and t in yes:
                res = "预约成功"
                break
            elif state == 2 and t in no:
                state, fails = 0, 0
            else:
                fails += 1
                if fails == 3:
                    res = "转人工"
                    break
        else:
            bad(it["id"], f"{e['id']}: dialogue never reaches an end state")
        if res and i != len(turns) - 1:
            bad(it["id"], f"{e['id']}: dialogue ends at turn {i + 1} of {len(turns)}")
        out[e["id"]] = res
    same_labels(it, out)


def v_L3_CLASSIFY_006(it):
    out = {}
    for e in it["entries"]:
        t = e["text"]
        conf = float(re.search(r"置信度 ([\d.]+)", t).group(1))
        angry = "情绪：愤怒" in t
        human = "意图：转人工" in t
        missing = "缺：" in t or "已填：无" in t
        if human or angry:
            a = "转人工"
        elif conf < 0.4:
            a = "兜底回复"
        elif conf < 0.7:
            a = "澄清确认"
        elif missing:
            a = "追问槽位"
        else:
            a = "执行任务"
        out[e["id"]] = a
    same_labels(it, out)


def v_L3_CLASSIFY_007(it):
    out = {}
    for e in it["entries"]:
        t = e["text"]
        sent = re.search(r"句子：(.*?)。", t).group(1)
        gold = re.findall(r"\[(.+?)\] (\w\w)", t.split("学员标注：")[0].split("金标准：")[1])
        ann = re.findall(r"\[(.+?)\] (\w\w)", t.split("学员标注：")[1].split("（")[0])

        def span(s):
            i = sent.index(s)
            return i, i + len(s)
        gs = [(span(s), ty) for s, ty in gold]
        ans = [(span(s), ty) for s, ty in ann]
        if not ans and gs:
            res = "漏标"
        elif ans and not gs:
            res = "多标"
        else:
            (a0, a1), aty = ans[0]
            hits = [(g, ty) for g, ty in gs if g[0] < a1 and a0 < g[1]]
            missed = [g for g, _ in gs if not (g[0] < a1 and a0 < g[1])]
            if not hits:
                res = "多标"
            elif missed and hits[0][0] == (a0, a1) and hits[0][1] == aty:
                res = "漏标"
            elif hits[0][0] != (a0, a1):
                res = "边界错误"
            elif hits[0][1] != aty:
                res = "类型错误"
            else:
                res = "正确"
        out[e["id"]] = res
    same_labels(it, out)


CHECKS = {name[2:].replace("_", "-", 2).replace("_", "-"): fn for name, fn in globals().items()
          if name.startswith("v_L") and callable(fn)}


def check_item(it, level, path):
    iid = it.get("id", "?")
    kind = it["kind"]
    m = re.fullmatch(rf"L{level}-P-([A-Z]+)-(\d{{3}})", iid)
    if not m or m.group(1) != kind.upper():
        bad(iid, f"id does not follow L{level}-P-{kind.upper()}-NNN")
    if it["level"] != level:
        bad(iid, "level differs from folder")
    for s in it["skills"]:
        if s not in SKILLS[level]:
            bad(iid, f"skill {s} is not a function 1-4 skill of level {level}")
    if not it.get("spec", "").strip():
        bad(iid, "missing spec")
    if len(it.get("explanation", "").strip()) < 80:
        bad(iid, "explanation too short to teach")
    if kind == "rubric":
        cr = it.get("criteria", [])
        ids = [c["id"] for c in cr]
        if len(ids) != len(set(ids)):
            bad(iid, "duplicate criterion id")
        total = sum(c["max"] for c in cr)
        if it.get("points") != 100 or total != 100:
            bad(iid, f"criteria sum {total}, points {it.get('points')} (both must be 100)")
        for c in cr:
            check_bands(iid, c)
        if "gold" in it:
            bad(iid, "rubric item has gold")
        if not re.search(r"\d{3,4}–\d{3,4} 字", it["spec"]):
            bad(iid, "rubric spec states no length")
    elif kind == "table":
        keys = [f["key"] for f in it["fields"]]
        if len(keys) != len(set(keys)) or set(keys) != set(it["gold"]["cells"]):
            bad(iid, "table fields and gold cells differ")
        if "tolerance" not in it.get("params", {}):
            bad(iid, "table without explicit tolerance")
    elif kind in ("select", "classify"):
        eids = [e["id"] for e in it["entries"]]
        if len(eids) != len(set(eids)):
            bad(iid, "duplicate entry id")
        if kind == "select":
            if not set(it["gold"]["ids"]) <= set(eids) or not it["gold"]["ids"]:
                bad(iid, "select gold ids not a non-empty subset of entries")
        else:
            g = it["gold"]["labels"]
            if set(g) != set(eids):
                bad(iid, "classify gold does not label exactly the entries")
            if not set(g.values()) <= set(it["labels"]) or len(it["labels"]) > 9:
                bad(iid, "classify labels invalid")
            if set(it["labels"]) - set(g.values()):
                bad(iid, f"labels never used: {set(it['labels']) - set(g.values())}")
    elif kind == "spans":
        text = it["text"]
        for s in it["gold"]:
            if not (0 <= s["start"] < s["end"] <= len(text)) or s["label"] not in it["labels"]:
                bad(iid, f"bad span {s}")
            else:
                print(f"  {iid} span {s['label']}: {text[s['start']:s['end']]}")
    for a in it.get("assets", []):
        p = path.parent / a
        if not p.exists() or p.stat().st_size > 2 * 1024 * 1024:
            bad(iid, f"asset {a} missing or too big")
    key = iid.replace("-P-", "-")
    fn = CHECKS.get(key)
    if key in ("L3-TABLE-008", "L3-TABLE-009"):
        fn = v_train_log
    if fn:
        fn(it)
    elif kind not in ("rubric",):
        judgement.append(iid)


def main():
    items = {3: [], 2: [], 1: []}
    for level in (3, 2, 1):
        for path in sorted((ROOT / f"level{level}").glob("practical-*.toml")):
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
            for it in doc["items"]:
                if not it["id"].startswith(f"L{level}-P-"):
                    continue
                check_item(it, level, path)
                items[level].append(it)
    groups = collections.Counter(it["group"] for lv in items.values() for it in lv if "group" in it)
    for g, n in groups.items():
        if n < 2:
            bad(g, "group with a single item")
    ids = [it["id"] for lv in items.values() for it in lv]
    if len(ids) != len(set(ids)):
        bad("-", "duplicate ids")
    for level, its in items.items():
        kinds = collections.Counter(it["kind"] for it in its)
        auto = sum(v for k, v in kinds.items() if k != "rubric")
        print(f"level {level}: {len(its)} items; by kind {dict(sorted(kinds.items()))}; auto-scored {auto}")
        if len(its) < MIN_ITEMS[level]:
            bad(f"level {level}", f"only {len(its)} items, need {MIN_ITEMS[level]}")
        if level == 3 and auto * 3 < len(its):
            bad("level 3", "less than a third auto-scored")
        covered = {s for it in its for s in it["skills"]}
        if set(SKILLS[level]) - covered:
            bad(f"level {level}", f"skills not covered: {sorted(set(SKILLS[level]) - covered)}")
        for f in "1234":
            uses = {u for it in its if any(s.startswith(f) for s in it["skills"]) for u in it["use"]}
            if uses != {"practice", "exam"}:
                bad(f"level {level}", f"function {f} uses only {sorted(uses)}")
            n_fn = sum(1 for it in its if it["skills"][0].startswith(f))
            print(f"  function {f}: {n_fn} items (by first skill)")
    print(f"numbers / rules re-derived independently: {len(verified)} items")
    print(f"auto-scored items whose gold is a judgement (checked by hand, not recomputable): {judgement}")
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
