//! COCO JSON (instances, person_keypoints) → gold of the image kinds: `boxes` (bbox, category
//! name as label), `polygons` (polygon `segmentation`s; RLE masks cannot be imported) and
//! `keypoints` (keypoint triplets and bbox).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

fn as_id(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9e15)
            .map(|f| f as i64)
    })
}

fn numbers(v: &Value, what: &str) -> Result<Vec<f64>, String> {
    let list = v
        .as_array()
        .ok_or_else(|| format!("{what}: expected a list of numbers"))?;
    list.iter()
        .map(|x| {
            x.as_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| format!("{what}: {x} is not a number"))
        })
        .collect()
}

/// A JSON number, written as an integer when it is whole (COCO files often write `12.0`).
fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// Gold for every image kind from one image of a COCO document:
///
/// ```json
/// {"image": {"width": 640, "height": 480}, "file_name": "…", "labels": ["person", "car"],
///  "boxes": [{"label": "car", "bbox": [x, y, w, h]}, …],
///  "polygons": [{"label": "car", "points": [[x, y], …]}, …],
///  "keypoints": [{"label": "person", "bbox": [x, y, w, h], "keypoints": [[x, y, v], …]}, …],
///  "skipped": ["annotation 7 (person): …", …]}
/// ```
///
/// `labels` are the categories the image's annotations use, in the document's category order.
/// Crowd annotations (`iscrowd = 1`) are left out of every gold; an RLE `segmentation` is left
/// out of `polygons`; an annotation without labeled keypoints is left out of `keypoints`; each
/// such case is listed in `skipped`. A polygon with several parts gives one gold polygon per part.
/// Errors: not a COCO document, no image with that id, an unknown category, malformed numbers.
pub fn coco_to_gold(coco: &Value, image_id: i64) -> Result<Value, String> {
    let doc = coco
        .as_object()
        .ok_or("a COCO document is a JSON object with images, annotations and categories")?;
    let list = |key: &str| -> Result<&Vec<Value>, String> {
        doc.get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| format!("the COCO document has no `{key}` list"))
    };
    let image = list("images")?
        .iter()
        .find(|im| im.get("id").and_then(as_id) == Some(image_id))
        .ok_or_else(|| format!("no image with id {image_id} in `images`"))?;
    let size = |k: &str| {
        image
            .get(k)
            .and_then(Value::as_f64)
            .filter(|x| *x > 0.0)
            .ok_or_else(|| format!("image {image_id}: `{k}` is missing or not positive"))
    };
    let (width, height) = (size("width")?, size("height")?);

    let mut categories: Vec<(i64, String)> = Vec::new();
    for c in list("categories")? {
        let id = c
            .get("id")
            .and_then(as_id)
            .ok_or("a category has no numeric `id`")?;
        let name = c
            .get("name")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty());
        let name = name.ok_or_else(|| format!("category {id} has no `name`"))?;
        categories.push((id, name.to_string()));
    }
    let cat_name = |id: i64| {
        categories
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, n)| n.clone())
    };

    let mut used: BTreeMap<usize, ()> = BTreeMap::new();
    let (mut boxes, mut polygons, mut keypoints, mut skipped) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, ann) in list("annotations")?.iter().enumerate() {
        if ann.get("image_id").and_then(as_id) != Some(image_id) {
            continue;
        }
        let aid = ann
            .get("id")
            .and_then(as_id)
            .map_or(format!("#{i}"), |id| id.to_string());
        let cid = ann
            .get("category_id")
            .and_then(as_id)
            .ok_or_else(|| format!("annotation {aid}: no `category_id`"))?;
        let label = cat_name(cid)
            .ok_or_else(|| format!("annotation {aid}: category {cid} is not in `categories`"))?;
        let here = format!("annotation {aid} ({label})");
        if ann.get("iscrowd").and_then(as_id).unwrap_or(0) == 1 {
            skipped.push(format!(
                "{here}: iscrowd = 1 (a crowd region, not one object) is left out"
            ));
            continue;
        }
        if let Some(pos) = categories.iter().position(|(c, _)| *c == cid) {
            used.insert(pos, ());
        }

        let bbox = match ann.get("bbox").filter(|b| !b.is_null()) {
            None => None,
            Some(b) => {
                let b = numbers(b, &format!("{here}: bbox"))?;
                if b.len() != 4 {
                    return Err(format!(
                        "{here}: bbox has {} numbers, not 4 (x, y, width, height)",
                        b.len()
                    ));
                }
                Some(Value::Array(b.into_iter().map(num).collect()))
            }
        };
        match &bbox {
            Some(b) => boxes.push(json!({ "label": label, "bbox": b })),
            None => skipped.push(format!("{here}: no bbox, left out of boxes")),
        }

        match ann.get("segmentation") {
            None | Some(Value::Null) => {}
            Some(Value::Array(parts)) => {
                for (p, part) in parts.iter().enumerate() {
                    let xy = numbers(part, &format!("{here}: segmentation[{p}]"))?;
                    if xy.len() % 2 != 0 {
                        return Err(format!(
                            "{here}: segmentation[{p}] has an odd count of numbers ({})",
                            xy.len()
                        ));
                    }
                    let mut pts: Vec<[f64; 2]> = xy.chunks(2).map(|c| [c[0], c[1]]).collect();
                    if pts.len() > 1 && pts.first() == pts.last() {
                        pts.pop();
                    }
                    if pts.len() < 3 {
                        skipped.push(format!("{here}: segmentation[{p}] has fewer than 3 points, left out of polygons"));
                        continue;
                    }
                    let points: Vec<Value> =
                        pts.iter().map(|[x, y]| json!([num(*x), num(*y)])).collect();
                    polygons.push(json!({ "label": label, "points": points }));
                }
            }
            Some(Value::Object(_)) => skipped.push(format!(
                "{here}: segmentation is an RLE mask, which cannot be imported as polygons; \
                 convert the mask to polygons first (e.g. with pycocotools and OpenCV findContours)"
            )),
            Some(other) => {
                return Err(format!(
                    "{here}: segmentation must be a list of polygons or an RLE object, got {other}"
                ));
            }
        }

        if let Some(k) = ann.get("keypoints").filter(|k| !k.is_null()) {
            let k = numbers(k, &format!("{here}: keypoints"))?;
            if k.is_empty() || k.len() % 3 != 0 {
                return Err(format!(
                    "{here}: keypoints has {} numbers, not a multiple of 3 (x, y, v)",
                    k.len()
                ));
            }
            let mut triplets = Vec::with_capacity(k.len() / 3);
            for (j, t) in k.chunks(3).enumerate() {
                if !matches!(t[2], 0.0 | 1.0 | 2.0) {
                    return Err(format!(
                        "{here}: keypoint {j} has visibility {}, not 0, 1 or 2",
                        t[2]
                    ));
                }
                triplets.push(json!([num(t[0]), num(t[1]), num(t[2])]));
            }
            if k.chunks(3).all(|t| t[2] == 0.0) {
                skipped.push(format!(
                    "{here}: no labeled keypoints (all v = 0), left out of keypoints"
                ));
            } else {
                match &bbox {
                    Some(b) => {
                        keypoints.push(json!({ "label": label, "bbox": b, "keypoints": triplets }))
                    }
                    None => skipped.push(format!(
                        "{here}: keypoints without a bbox (OKS needs its area), left out"
                    )),
                }
            }
        }
    }
    let labels: Vec<&str> = used.keys().map(|&p| categories[p].1.as_str()).collect();
    let mut out = Map::new();
    out.insert(
        "image".into(),
        json!({ "width": num(width), "height": num(height) }),
    );
    if let Some(f) = image.get("file_name").and_then(Value::as_str) {
        out.insert("file_name".into(), json!(f));
    }
    out.insert("labels".into(), json!(labels));
    out.insert("boxes".into(), Value::Array(boxes));
    out.insert("polygons".into(), Value::Array(polygons));
    out.insert("keypoints".into(), Value::Array(keypoints));
    out.insert("skipped".into(), json!(skipped));
    Ok(Value::Object(out))
}

/// The gold of one kind (`boxes`, `polygons` or `keypoints`) for one image, strictly: an
/// annotation that cannot be imported for that kind (an RLE mask for polygons, keypoints without
/// a bbox …) is an error here, not a note. Crowd annotations are still left out.
pub fn coco_gold_for_kind(coco: &Value, image_id: i64, kind: &str) -> Result<Value, String> {
    if !matches!(kind, "boxes" | "polygons" | "keypoints") {
        return Err(format!(
            "COCO import gives boxes, polygons or keypoints gold, not {kind}"
        ));
    }
    let all = coco_to_gold(coco, image_id)?;
    let relevant = |s: &&str| match kind {
        "boxes" => s.contains("no bbox"),
        "polygons" => s.contains("segmentation"),
        _ => s.contains("keypoints without a bbox"),
    };
    let errors: Vec<&str> = all["skipped"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(relevant)
        .collect();
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    Ok(all[kind].clone())
}
