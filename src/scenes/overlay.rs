//! The gold drawn over the picture, for the center admins' gallery: what trainees will be asked
//! to label, exactly as the grader expects it. Never served to trainees (it is the answer).

use std::fmt::Write as _;

use serde_json::Value;

use super::{Body, Scene, mask_color};

fn num(v: &Value) -> Option<f64> {
    v.as_f64().filter(|x| x.is_finite())
}

fn pairs(points: &Value) -> Vec<(f64, f64)> {
    points
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| Some((num(p.get(0)?)?, num(p.get(1)?)?)))
                .collect()
        })
        .unwrap_or_default()
}

fn path(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "" } else { " " });
    }
    d
}

/// The picture with every gold object outlined in its mask colour: boxes and polygons as
/// outlines, polylines as strokes (dashed when the gold says so), keypoints as dots on their
/// skeleton (hollow when occluded). `None` for text scenes.
pub fn overlay_svg(scene: &Scene) -> Option<String> {
    let Body::Image(s) = &scene.body else {
        return None;
    };
    let picture = super::draw::svg(&s.canvas, super::draw::Mode::Picture, &[]);
    let mut out = picture.strip_suffix("</svg>")?.to_string();
    let skeleton: Vec<(usize, usize)> = s
        .extra
        .as_ref()
        .and_then(|(_, v)| v.get("skeleton")?.as_array().cloned())
        .map(|pairs| {
            pairs
                .iter()
                .filter_map(|p| Some((p.get(0)?.as_u64()? as usize, p.get(1)?.as_u64()? as usize)))
                .collect()
        })
        .unwrap_or_default();
    out.push_str("<g fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\">");
    for (i, (_, g)) in s.gold.iter().enumerate() {
        let [r, gg, b] = mask_color(i);
        let c = format!("#{r:02x}{gg:02x}{b:02x}");
        if let Some(kps) = g.get("keypoints").and_then(Value::as_array) {
            let pts: Vec<Option<(f64, f64, u64)>> = kps
                .iter()
                .map(|k| Some((num(k.get(0)?)?, num(k.get(1)?)?, k.get(2)?.as_u64()?)))
                .collect();
            let at = |j: usize| pts.get(j).copied().flatten().filter(|p| p.2 > 0);
            for &(a, bb) in &skeleton {
                if let (Some(p), Some(q)) = (at(a), at(bb)) {
                    let _ = write!(
                        out,
                        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{c}\"/>",
                        p.0, p.1, q.0, q.1
                    );
                }
            }
            for (x, y, v) in pts.iter().flatten().filter(|p| p.2 > 0) {
                let fill = if *v == 2 { c.as_str() } else { "#ffffff" };
                let _ = write!(
                    out,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{fill}\" stroke=\"{c}\"/>"
                );
            }
        } else if let Some(bb) = g.get("bbox").and_then(Value::as_array) {
            if let [x, y, w, h] = bb.as_slice()
                && let (Some(x), Some(y), Some(w), Some(h)) = (num(x), num(y), num(w), num(h))
            {
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" stroke=\"{c}\"/>"
                );
            }
        } else if let Some(points) = g.get("points") {
            let pts = pairs(points);
            let dashed = g
                .pointer("/attributes/style")
                .and_then(Value::as_str)
                .is_some_and(|v| v == "dashed");
            if scene.kind().task_kind() == "polygons" {
                let _ = write!(out, "<polygon points=\"{}\" stroke=\"{c}\"/>", path(&pts));
            } else {
                let dash = if dashed {
                    " stroke-dasharray=\"8 6\""
                } else {
                    ""
                };
                let _ = write!(
                    out,
                    "<polyline points=\"{}\" stroke=\"{c}\" stroke-width=\"3\"{dash}/>",
                    path(&pts)
                );
            }
        }
    }
    out.push_str("</g></svg>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::{SceneKind, generate, render_png};

    #[test]
    fn every_image_kind_overlays_each_gold_object() {
        for kind in SceneKind::ALL {
            for level in crate::curriculum::Level::ALL {
                let s = generate(kind, level, 7);
                let Some(svg) = overlay_svg(&s) else {
                    assert_eq!(kind, SceneKind::Text);
                    continue;
                };
                let n = s.gold().as_array().map_or(0, Vec::len);
                let marks = match kind {
                    SceneKind::Street => svg.matches("<rect x=").count(),
                    SceneKind::Aerial => svg.matches("<polygon points=").count(),
                    SceneKind::Roads => svg.matches("<polyline points=").count(),
                    _ => svg.matches("r=\"3\"").count(),
                };
                assert!(
                    marks >= n,
                    "{kind} {level}: {marks} marks for {n} gold objects"
                );
                assert!(render_png(&svg).is_ok(), "{kind} {level} renders");
            }
        }
    }
}
