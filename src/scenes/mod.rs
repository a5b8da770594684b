//! Procedural practice scenes (生成式练习场景) with exact gold labels.
//!
//! Fixed banks run out and get memorised; these generators draw endless fresh tasks whose gold is
//! exact by construction, because the generator knows what it drew. A scene is a pure function of
//! `(kind, level, seed)` and the kind's `GENERATOR_VERSION`: a seeded ChaCha8 stream builds a scene
//! graph, the graph is drawn to SVG, and the gold is derived from the graph — never by hand:
//!
//! | scene | task kind | what |
//! |---|---|---|
//! | `street` | `boxes` | cars, buses, trucks, cyclists, pedestrians, traffic lights (`state`), signs |
//! | `aerial` | `polygons` | buildings, ponds, fields, parking lots: touching, not overlapping, some concave |
//! | `people` | `keypoints` | human figures with the 17 COCO joints, occluded (v = 1) or outside (v = 0) |
//! | `roads` | `polylines` | lane lines, solid or dashed, white or yellow, curves and lane drops |
//! | `text` | `spans` | Chinese sentences with PER / LOC / ORG / TIME / MONEY entities |
//!
//! Level 5 (五级, easiest) to 1 (一级, hardest): more and smaller objects, occlusion, truncation at
//! the border, look-alike distractors that must not be labeled, clutter, lower contrast. Every task
//! carries its annotation specification (标注规范) and the gold follows that text exactly; where a
//! person could not decide a rule from the pixels (a visible size at the cut-off, an occlusion
//! near one half, a sliver over the border), the generator removes the object instead of guessing.
//!
//! Visible extents are measured by sampling pixel centres with every object's silhouette in
//! painter's order ([`draw::rasterize`]); the masks ([`masks_svg`]) draw the same shapes in flat
//! colours, and the tests rasterise them with resvg and compare.
//!
//! Pure: no I/O, no clock, no global state. Entry points: [`generate`], [`Scene`], [`masks_svg`],
//! [`masks_json`], [`render_png`], [`overlay_svg`].

mod aerial;
mod art;
mod draw;
mod overlay;
mod people;
pub(crate) mod rng;
mod roads;
mod street;
mod text;

#[cfg(test)]
mod tests;

use std::fmt;

use serde_json::{Value, json};

use crate::curriculum::Level;

pub use draw::mask_color;
pub use overlay::overlay_svg;

/// Generator versions, one per scene kind: bumped whenever the same seed would give a different
/// scene, so a stored seed says which generator drew it.
pub mod versions {
    pub const STREET: u32 = super::street::GENERATOR_VERSION;
    pub const AERIAL: u32 = super::aerial::GENERATOR_VERSION;
    pub const PEOPLE: u32 = super::people::GENERATOR_VERSION;
    pub const ROADS: u32 = super::roads::GENERATOR_VERSION;
    pub const TEXT: u32 = super::text::GENERATOR_VERSION;
}

/// A scene kind (场景类型).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SceneKind {
    Street,
    Aerial,
    People,
    Roads,
    Text,
}

impl SceneKind {
    pub const ALL: [SceneKind; 5] = [
        SceneKind::Street,
        SceneKind::Aerial,
        SceneKind::People,
        SceneKind::Roads,
        SceneKind::Text,
    ];

    /// `"street"`, `"aerial"`, `"people"`, `"roads"` or `"text"`.
    pub fn parse(s: &str) -> Option<SceneKind> {
        SceneKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SceneKind::Street => "street",
            SceneKind::Aerial => "aerial",
            SceneKind::People => "people",
            SceneKind::Roads => "roads",
            SceneKind::Text => "text",
        }
    }

    /// The scoring kind of its tasks.
    pub fn task_kind(self) -> &'static str {
        self.scoring_kind().as_str()
    }

    /// The scoring kind of this kind's tasks.
    pub fn scoring_kind(self) -> crate::scoring::Kind {
        use crate::scoring::Kind;
        match self {
            SceneKind::Street => Kind::Boxes,
            SceneKind::Aerial => Kind::Polygons,
            SceneKind::People => Kind::Keypoints,
            SceneKind::Roads => Kind::Polylines,
            SceneKind::Text => Kind::Spans,
        }
    }

    /// The generator version of this kind.
    pub fn version(self) -> u32 {
        match self {
            SceneKind::Street => versions::STREET,
            SceneKind::Aerial => versions::AERIAL,
            SceneKind::People => versions::PEOPLE,
            SceneKind::Roads => versions::ROADS,
            SceneKind::Text => versions::TEXT,
        }
    }

    /// Whether its scenes are pictures (everything but `text`).
    pub fn is_image(self) -> bool {
        self != SceneKind::Text
    }

    /// Chinese name, for pages.
    pub fn name_zh(self) -> &'static str {
        match self {
            SceneKind::Street => "街景目标检测（矩形框）",
            SceneKind::Aerial => "航拍地物分割（多边形）",
            SceneKind::People => "人体关键点",
            SceneKind::Roads => "车道线（折线）",
            SceneKind::Text => "中文命名实体（文本片段）",
        }
    }
}

impl fmt::Display for SceneKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What can go wrong: a request outside the generators' domain, or an SVG that cannot be drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SceneError {
    /// Not one of `street`, `aerial`, `people`, `roads`, `text`.
    UnknownKind(String),
    /// Levels are 5 (easiest) to 1 (hardest).
    BadLevel(u8),
    /// The SVG could not be parsed or rendered.
    Render(String),
}

impl fmt::Display for SceneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SceneError::UnknownKind(k) => {
                write!(
                    f,
                    "unknown scene kind \"{k}\" (known: street, aerial, people, roads, text)"
                )
            }
            SceneError::BadLevel(l) => write!(
                f,
                "level {l} is out of range (5 is the easiest, 1 the hardest)"
            ),
            SceneError::Render(m) => write!(f, "cannot render the SVG: {m}"),
        }
    }
}

impl std::error::Error for SceneError {}

/// An image scene: the drawing, and the gold objects with the drawing object each came from.
pub(crate) struct ImageScene {
    pub canvas: draw::Canvas,
    /// (index in `canvas.objects`, gold object in the scoring format), in gold order.
    pub gold: Vec<(usize, Value)>,
    pub spec: String,
    pub labels: Vec<&'static str>,
    pub attributes: Value,
    pub params: Value,
    /// One more task field (the keypoint names and skeleton of `people`).
    pub extra: Option<(&'static str, Value)>,
}

/// A text scene.
pub(crate) struct TextScene {
    pub text: String,
    pub gold: Vec<Value>,
    pub spec: String,
    pub labels: Vec<&'static str>,
    pub params: Value,
}

pub(crate) enum Body {
    Image(ImageScene),
    Text(TextScene),
}

/// A generated scene (生成场景): deterministic from its kind, level and seed.
pub struct Scene {
    kind: SceneKind,
    level: Level,
    seed: u64,
    pub(crate) body: Body,
}

/// Generates the scene `(kind, level, seed)`; level 5 is the easiest, 1 the hardest.
pub fn generate(kind: SceneKind, level: Level, seed: u64) -> Scene {
    let n = level.get();
    let body = match kind {
        SceneKind::Street => Body::Image(street::generate(n, seed)),
        SceneKind::Aerial => Body::Image(aerial::generate(n, seed)),
        SceneKind::People => Body::Image(people::generate(n, seed)),
        SceneKind::Roads => Body::Image(roads::generate(n, seed)),
        SceneKind::Text => Body::Text(text::generate(n, seed)),
    };
    Scene {
        kind,
        level,
        seed,
        body,
    }
}

/// [`generate`] with the kind by name and the level by number, as a command line gives them.
pub fn generate_named(kind: &str, level: u8, seed: u64) -> Result<Scene, SceneError> {
    let k = SceneKind::parse(kind).ok_or_else(|| SceneError::UnknownKind(kind.to_string()))?;
    let level = Level::new(level).ok_or(SceneError::BadLevel(level))?;
    Ok(generate(k, level, seed))
}

impl Scene {
    pub fn kind(&self) -> SceneKind {
        self.kind
    }

    pub fn level(&self) -> Level {
        self.level
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn version(&self) -> u32 {
        self.kind.version()
    }

    /// Image width and height in pixels (`None` for text).
    pub fn size(&self) -> Option<(u32, u32)> {
        match &self.body {
            Body::Image(s) => Some((s.canvas.w, s.canvas.h)),
            Body::Text(_) => None,
        }
    }

    /// The text to annotate (`None` for image scenes).
    pub fn text(&self) -> Option<&str> {
        match &self.body {
            Body::Image(_) => None,
            Body::Text(t) => Some(&t.text),
        }
    }

    /// The annotation specification (标注规范).
    pub fn spec(&self) -> &str {
        match &self.body {
            Body::Image(s) => &s.spec,
            Body::Text(t) => &t.spec,
        }
    }

    /// The label set, in picker order.
    pub fn labels(&self) -> &[&'static str] {
        match &self.body {
            Body::Image(s) => &s.labels,
            Body::Text(t) => &t.labels,
        }
    }

    /// The picture as SVG (`None` for text). No text elements, no fonts, no external references.
    pub fn svg(&self) -> Option<String> {
        match &self.body {
            Body::Image(s) => Some(draw::svg(&s.canvas, draw::Mode::Picture, &[])),
            Body::Text(_) => None,
        }
    }

    /// The gold labels in the scoring format of [`SceneKind::task_kind`].
    pub fn gold(&self) -> Value {
        match &self.body {
            Body::Image(s) => Value::Array(s.gold.iter().map(|(_, g)| g.clone()).collect()),
            Body::Text(t) => Value::Array(t.gold.clone()),
        }
    }

    /// `{"name", "level", "seed", "version"}`: what rebuilds this scene exactly.
    pub fn scene_ref(&self) -> Value {
        json!({"name": self.kind.as_str(), "level": self.level, "seed": self.seed, "version": self.version()})
    }

    /// The task in the scoring format, gold included: `{"kind", "image" | "text", "labels",
    /// "attributes", "spec", "gold", "params", "scene"}` (and `"keypoints"` for `people`).
    pub fn task(&self) -> Value {
        let mut t = self.practice_task();
        t["gold"] = self.gold();
        t
    }

    /// The task without its gold: what a trainee may see.
    pub fn practice_task(&self) -> Value {
        let mut t = json!({
            "kind": self.kind.task_kind(),
            "labels": self.labels(),
            "spec": self.spec(),
            "scene": self.scene_ref(),
        });
        match &self.body {
            Body::Image(s) => {
                t["image"] = json!({"width": s.canvas.w, "height": s.canvas.h});
                t["attributes"] = s.attributes.clone();
                t["params"] = s.params.clone();
                if let Some((k, v)) = &s.extra {
                    t[*k] = v.clone();
                }
            }
            Body::Text(x) => {
                t["text"] = Value::String(x.text.clone());
                t["params"] = x.params.clone();
            }
        }
        t
    }
}

/// The colours of a masks drawing: gold object `i` in [`mask_color`]`(i)`, every other object
/// black (it still hides what is behind it).
fn mask_colors(s: &ImageScene) -> Vec<Option<draw::Rgb>> {
    let mut colors = vec![None; s.canvas.objects.len()];
    for (i, (k, _)) in s.gold.iter().enumerate() {
        let [r, g, b] = mask_color(i);
        colors[*k] = Some(draw::Rgb(r, g, b));
    }
    colors
}

/// The same scene with every gold object filled in its own flat colour ([`mask_color`] of its
/// gold index) on black, without anti-aliasing; `None` for text.
pub fn masks_svg(scene: &Scene) -> Option<String> {
    match &scene.body {
        Body::Image(s) => Some(draw::svg(&s.canvas, draw::Mode::Flat, &mask_colors(s))),
        Body::Text(_) => None,
    }
}

/// The key to [`masks_svg`]: `{"width", "height", "background": "#000000", "objects": [{"index",
/// "label", "color": "#rrggbb"}]}`, `index` being the position in the gold list; `None` for text.
pub fn masks_json(scene: &Scene) -> Option<Value> {
    let Body::Image(s) = &scene.body else {
        return None;
    };
    let objects: Vec<Value> = s
        .gold
        .iter()
        .enumerate()
        .map(|(i, (_, g))| {
            let [r, gg, b] = mask_color(i);
            json!({"index": i, "label": g["label"], "color": draw::Rgb(r, gg, b).hex()})
        })
        .collect();
    Some(
        json!({"width": s.canvas.w, "height": s.canvas.h, "background": "#000000", "objects": objects}),
    )
}

fn rasterise(svg: &str) -> Result<resvg::tiny_skia::Pixmap, SceneError> {
    let opt = resvg::usvg::Options::default();
    let tree =
        resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| SceneError::Render(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
            SceneError::Render(format!("bad size {} × {}", size.width(), size.height()))
        })?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Rasterises an SVG at its own size: (width, height, RGBA8 pixels, premultiplied alpha).
pub fn render_rgba(svg: &str) -> Result<(u32, u32, Vec<u8>), SceneError> {
    let p = rasterise(svg)?;
    Ok((p.width(), p.height(), p.take()))
}

/// Rasterises an SVG at its own size to PNG bytes with resvg. No fonts are loaded (the scenes
/// contain no text). An opaque picture (every scene) is written as RGB, anything else as RGBA;
/// fast DEFLATE (the `png` crate's `Compression::Fast`), since pictures are cached by URL.
pub fn render_png(svg: &str) -> Result<Vec<u8>, SceneError> {
    let p = rasterise(svg)?;
    let (w, h) = (p.width(), p.height());
    let rgba = p.data();
    let opaque = rgba.chunks_exact(4).all(|c| c[3] == 255);
    let (color, data) = if opaque {
        (
            png::ColorType::Rgb,
            rgba.chunks_exact(4)
                .flat_map(|c| [c[0], c[1], c[2]])
                .collect::<Vec<u8>>(),
        )
    } else {
        let mut d = Vec::with_capacity(rgba.len());
        for c in rgba.chunks_exact(4) {
            let a = c[3] as u32;
            // Premultiplied to straight alpha (a transparent pixel stays 0).
            let un = |v: u8| {
                (v as u32 * 255 + a / 2)
                    .checked_div(a)
                    .unwrap_or(0)
                    .min(255) as u8
            };
            d.extend([un(c[0]), un(c[1]), un(c[2]), c[3]]);
        }
        (png::ColorType::Rgba, d)
    };
    let mut out = Vec::with_capacity(data.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let mut wr = enc
            .write_header()
            .map_err(|e| SceneError::Render(e.to_string()))?;
        wr.write_image_data(&data)
            .map_err(|e| SceneError::Render(e.to_string()))?;
    }
    Ok(out)
}
