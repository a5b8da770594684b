"""Small shared pieces of the practical-item generators: paths, item constructor, audio clip table,
rounding, Markdown tables."""
from __future__ import annotations

import pathlib
from decimal import ROUND_HALF_UP, Decimal

TOOLS = pathlib.Path(__file__).resolve().parent
QB = TOOLS.parent
BOTH = ["practice", "exam"]
PRACTICE = ["practice"]
EXAM = ["exam"]


def round_half_up(x: float, nd: int) -> float:
    q = Decimal(1).scaleb(-nd)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def md_table(header, rows) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def read_clips() -> dict:
    """audio-clips.tsv → {name: {level, source, voice, effect, text, text2, asset}}."""
    clips = {}
    for line in (TOOLS / "audio-clips.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        level, name, source, voice, effect, text, text2 = line.split("\t")
        d = QB / f"level{level}" / "assets"
        ext = "ogg" if (d / f"{name}.ogg").exists() else "wav"
        if not (d / f"{name}.{ext}").exists():
            raise SystemExit(f"missing audio {name}: run tools/make_audio.sh first")
        clips[name] = dict(level=int(level), source=source, voice=voice, effect=effect, text=text, text2=text2,
                           asset=f"assets/{name}.{ext}")
    return clips


REQUIRED = ["id", "kind", "level", "skills", "difficulty", "use", "prompt", "explanation"]


def make_item(level: int, **kw) -> dict:
    it = {"level": level, **kw}
    it.setdefault("use", BOTH)
    for k in REQUIRED:
        if k not in it:
            raise ValueError(f"{it.get('id')}: missing {k}")
    if it["kind"] != "rubric" and "gold" not in it:
        raise ValueError(f"{it['id']}: missing gold")
    if it["kind"] != "rubric" and "spec" not in it:
        raise ValueError(f"{it['id']}: missing spec")
    return it
