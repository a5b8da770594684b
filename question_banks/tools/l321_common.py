"""Shared helpers for the l321_* generators (levels 3, 2, 1 practical items).

Standard library only. Writes bank files in the format of docs/question-banks.md:
a `title` and a list of `[[items]]`, with multi-line strings for prompt/spec/explanation.
"""
import json
import math
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent  # question_banks/

FIELD_ORDER = [
    "id", "kind", "level", "skills", "difficulty", "use", "group", "points",
    "prompt", "spec", "labels", "text", "entries", "fields", "assets", "image",
    "gold", "params", "criteria", "explanation",
]
MULTILINE = {"prompt", "spec", "explanation", "text"}
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def r4(x):
    """Round half up to 4 decimals (the rounding the items ask trainees to use)."""
    return float(f"{math.floor(x * 10000 + 0.5) / 10000:.4f}")


def ml(s):
    s = s.strip("\n")
    esc = s.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return '"""\n' + esc + '\n"""'


def key(k):
    return k if BARE_KEY.match(k) else json.dumps(k, ensure_ascii=False)


def val(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("non-finite number")
        s = repr(v)
        if "e" in s or "E" in s:
            s = f"{v:.10f}".rstrip("0")
            if s.endswith("."):
                s += "0"
        return s
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(val(x) for x in v) + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{key(k)} = {val(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def item_toml(it):
    unknown = set(it) - set(FIELD_ORDER)
    if unknown:
        raise KeyError(f"{it.get('id')}: unknown fields {unknown}")
    out = ["[[items]]"]
    for k in FIELD_ORDER:
        if k not in it:
            continue
        v = it[k]
        if k in MULTILINE:
            out.append(f"{k} = {ml(v)}")
        elif k in ("entries", "fields", "criteria") and v:
            out.append(f"{k} = [")
            for x in v:
                out.append(f"  {val(x)},")
            out.append("]")
        else:
            out.append(f"{k} = {val(v)}")
    return "\n".join(out) + "\n"


def write_bank(path, title, items, header):
    path = pathlib.Path(path)
    ids = [it["id"] for it in items]
    assert len(ids) == len(set(ids)), "duplicate id in one file"
    text = "".join(f"# {line}\n" if line else "#\n" for line in header.strip("\n").splitlines())
    text += f"title = {val(title)}\n\n" + "\n".join(item_toml(it) for it in items)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(items)} items)")


def md_table(header, rows):
    """A Markdown table; header and rows are lists of cells."""
    lines = ["| " + " | ".join(str(c) for c in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(lines)


def check_manual(name, computed, manual):
    """The generators carry the answer the author worked out by hand next to the code's one."""
    if computed != manual:
        raise AssertionError(f"{name}: computed {computed!r} != hand-worked {manual!r}")


def iou_xywh(a, b):
    ax2, ay2 = a[0] + a[2], a[1] + a[3]
    bx2, by2 = b[0] + b[2], b[1] + b[3]
    iw = max(0, min(ax2, bx2) - max(a[0], b[0]))
    ih = max(0, min(ay2, by2) - max(a[1], b[1]))
    inter = iw * ih
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union else 0.0
