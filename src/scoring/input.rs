//! Reading JSON input: paths for error messages, typed accessors, the task context and parameters.
//!
//! Paths are built on the stack and only rendered into a string when an error is reported, so the
//! happy path allocates nothing for them. Likewise an error's message is a code (a key of
//! `[input_error]` in `locales/*.toml`) and arguments, made only on the error path and rendered in
//! the reader's language when shown.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::Kind;
use super::error::{InputError, Side};
use crate::i18n::Msg;

pub(crate) type R<T> = Result<T, InputError>;
pub(crate) type Obj = Map<String, Value>;

/// Largest accepted coordinate magnitude (pixels or seconds). Larger finite numbers are an input
/// error: they only come from broken tools, and they would overflow areas and squared distances.
pub(crate) const MAX_COORD: f64 = 1e9;
/// Most objects in one gold or answer list of a matching kind (the matching is O(n³)).
pub(crate) const MAX_OBJECTS: usize = 500;
/// Most items in a list or map of the non-geometric kinds (spans, select, classify, table).
pub(crate) const MAX_ITEMS: usize = 10_000;
/// Most vertices of one polygon or polyline.
pub(crate) const MAX_VERTICES: usize = 10_000;

// ---------------------------------------------------------------------------------------------
// Paths

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root(&'static str),
    Key(&'a str),
    Index(usize),
}

/// A place in the input, e.g. `task.gold[2].bbox` or `answer.labels.e1`.
#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

impl<'a> Path<'a> {
    pub(crate) const fn root(name: &'static str) -> Path<'static> {
        Path {
            parent: None,
            seg: Seg::Root(name),
        }
    }

    pub(crate) fn key<'b>(&'b self, k: &'b str) -> Path<'b>
    where
        'a: 'b,
    {
        Path {
            parent: Some(self),
            seg: Seg::Key(k),
        }
    }

    pub(crate) fn at<'b>(&'b self, i: usize) -> Path<'b>
    where
        'a: 'b,
    {
        Path {
            parent: Some(self),
            seg: Seg::Index(i),
        }
    }

    pub(crate) fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            segs.push(p.seg);
            cur = p.parent;
        }
        let mut s = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root(r) => s.push_str(r),
                Seg::Key(k) => {
                    if is_plain_key(k) {
                        if !s.is_empty() {
                            s.push('.');
                        }
                        s.push_str(k);
                    } else {
                        s.push('[');
                        s.push_str(&quote(k));
                        s.push(']');
                    }
                }
                Seg::Index(i) => {
                    let _ = write!(s, "[{i}]");
                }
            }
        }
        s
    }
}

fn is_plain_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !k.starts_with(|c: char| c.is_ascii_digit())
}

/// A JSON string literal for messages, shortened to 40 characters.
pub(crate) fn quote(s: &str) -> String {
    let short: String = if s.chars().count() > 40 {
        let mut t: String = s.chars().take(39).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    };
    serde_json::to_string(&short).unwrap_or_else(|_| "\"?\"".to_string())
}

/// Shortest natural rendering of a number for messages: `3`, `0.5`, `1e308`.
pub(crate) fn fmt_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.abs() >= 1e15 || x.abs() < 1e-4 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// What a JSON value is, for "expected …, got …" messages.
pub(crate) fn describe(v: &Value) -> Msg {
    match v {
        Value::Null => Msg::new("input_error.got_null"),
        Value::Bool(b) => Msg::new("input_error.got_bool").arg("value", b),
        Value::Number(n) => Msg::new("input_error.got_number").arg("value", n),
        Value::String(s) => Msg::new("input_error.got_string").arg("value", quote(s)),
        Value::Array(a) => Msg::new("input_error.got_list").arg("n", a.len()),
        Value::Object(_) => Msg::new("input_error.got_object"),
    }
}

// ---------------------------------------------------------------------------------------------
// Typed accessors

/// Reads values of one side (task or answer), turning every problem into an [`InputError`].
#[derive(Clone, Copy)]
pub(crate) struct In {
    pub side: Side,
}

pub(crate) const TASK: In = In { side: Side::Task };
pub(crate) const ANSWER: In = In { side: Side::Answer };

impl In {
    /// An error at `p` with the message `key` (of `[input_error]`); add arguments with
    /// [`InputError::arg`]. Call it only on the error path: it renders the path.
    pub(crate) fn fail(self, p: &Path, key: &'static str) -> InputError {
        InputError::new(self.side, p.render(), key)
    }

    /// An error at `p` with a message made elsewhere (a polygon's [`super::geometry::RingError`]).
    pub(crate) fn fail_with(self, p: &Path, msg: Msg) -> InputError {
        InputError::with_msg(self.side, p.render(), msg)
    }

    /// "expected {what}, got {v}"; `what` is a key of `[input_error]` (`input_error.what_*`).
    fn expected(self, p: &Path, what: &'static str, v: &Value) -> InputError {
        self.fail(p, "input_error.expected")
            .arg_msg("what", Msg::new(what))
            .arg_msg("got", describe(v))
    }

    pub(crate) fn obj<'v>(self, v: &'v Value, p: &Path) -> R<&'v Obj> {
        v.as_object()
            .ok_or_else(|| self.expected(p, "input_error.what_object", v))
    }

    pub(crate) fn list<'v>(self, v: &'v Value, p: &Path) -> R<&'v [Value]> {
        v.as_array()
            .map(|a| a.as_slice())
            .ok_or_else(|| self.expected(p, "input_error.what_list", v))
    }

    /// A list with at most `max` items.
    pub(crate) fn list_max<'v>(self, v: &'v Value, p: &Path, max: usize) -> R<&'v [Value]> {
        let l = self.list(v, p)?;
        if l.len() > max {
            return Err(self
                .fail(p, "input_error.too_many_items")
                .arg("n", l.len())
                .arg("max", max));
        }
        Ok(l)
    }

    pub(crate) fn str<'v>(self, v: &'v Value, p: &Path) -> R<&'v str> {
        v.as_str()
            .ok_or_else(|| self.expected(p, "input_error.what_string", v))
    }

    /// A non-empty string (labels, ids, keys).
    pub(crate) fn name<'v>(self, v: &'v Value, p: &Path) -> R<&'v str> {
        let s = self.str(v, p)?;
        if s.trim().is_empty() {
            return Err(self.fail(p, "input_error.empty"));
        }
        Ok(s)
    }

    pub(crate) fn bool(self, v: &Value, p: &Path) -> R<bool> {
        v.as_bool()
            .ok_or_else(|| self.expected(p, "input_error.what_bool", v))
    }

    /// A finite number.
    pub(crate) fn num(self, v: &Value, p: &Path) -> R<f64> {
        match v.as_f64() {
            Some(x) if x.is_finite() => Ok(x),
            Some(_) => Err(self.fail(p, "input_error.not_finite")),
            None => Err(self.expected(p, "input_error.what_number", v)),
        }
    }

    /// A coordinate: a finite number with |x| ≤ 1e9.
    pub(crate) fn coord(self, v: &Value, p: &Path) -> R<f64> {
        let x = self.num(v, p)?;
        if x.abs() > MAX_COORD {
            return Err(self
                .fail(p, "input_error.coord_range")
                .arg("value", fmt_num(x)));
        }
        Ok(x)
    }

    /// A non-negative whole number.
    pub(crate) fn index(self, v: &Value, p: &Path) -> R<usize> {
        if let Some(u) = v.as_u64() {
            return usize::try_from(u).map_err(|_| self.fail(p, "input_error.too_large"));
        }
        match v.as_f64() {
            Some(x) if x >= 0.0 && x == x.trunc() && x < 9.0e15 => Ok(x as usize),
            Some(x) => Err(self
                .fail(p, "input_error.not_whole")
                .arg("value", fmt_num(x))),
            None => Err(self.expected(p, "input_error.what_whole", v)),
        }
    }

    /// A required field of an object; `p` is the object's path.
    pub(crate) fn field<'v>(self, o: &'v Obj, key: &str, p: &Path) -> R<&'v Value> {
        o.get(key)
            .ok_or_else(|| self.fail(p, "input_error.missing_field").arg("field", key))
    }

    /// `n` numbers as a fixed-size array, e.g. a bbox.
    pub(crate) fn coords<const N: usize>(self, v: &Value, p: &Path) -> R<[f64; N]> {
        let l = self.list(v, p)?;
        if l.len() != N {
            return Err(self
                .fail(p, "input_error.count_numbers")
                .arg("n", N)
                .arg("got", l.len()));
        }
        let mut out = [0.0; N];
        for (i, x) in l.iter().enumerate() {
            out[i] = self.coord(x, &p.at(i))?;
        }
        Ok(out)
    }

    /// An object with a `label` field: returns the label after checking it against the task.
    pub(crate) fn label<'v>(self, o: &'v Obj, p: &Path, ctx: &TaskCtx<'_>) -> R<&'v str> {
        let lp = p.key("label");
        let label = self.name(self.field(o, "label", p)?, &lp)?;
        ctx.check_label(self, label, &lp)?;
        Ok(label)
    }
}

// ---------------------------------------------------------------------------------------------
// Attributes

/// One attribute value: a string, a number or a boolean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum AttrVal<'v> {
    Str(&'v str),
    Num(f64),
    Bool(bool),
}

impl AttrVal<'_> {
    pub(crate) fn same(&self, other: &AttrVal<'_>) -> bool {
        match (self, other) {
            (AttrVal::Str(a), AttrVal::Str(b)) => a == b,
            (AttrVal::Num(a), AttrVal::Num(b)) => a == b,
            (AttrVal::Bool(a), AttrVal::Bool(b)) => a == b,
            _ => false,
        }
    }

    pub(crate) fn display(&self) -> String {
        match self {
            AttrVal::Str(s) => s.to_string(),
            AttrVal::Num(x) => fmt_num(*x),
            AttrVal::Bool(b) => b.to_string(),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            AttrVal::Str(_) => 0,
            AttrVal::Num(_) => 1,
            AttrVal::Bool(_) => 2,
        }
    }

    pub(crate) fn cmp(&self, other: &AttrVal<'_>) -> Ordering {
        match (self, other) {
            (AttrVal::Str(a), AttrVal::Str(b)) => a.cmp(b),
            (AttrVal::Num(a), AttrVal::Num(b)) => a.total_cmp(b),
            (AttrVal::Bool(a), AttrVal::Bool(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }

    fn parse<'v>(r: In, v: &'v Value, p: &Path) -> R<AttrVal<'v>> {
        match v {
            Value::String(s) => Ok(AttrVal::Str(s)),
            Value::Bool(b) => Ok(AttrVal::Bool(*b)),
            Value::Number(_) => Ok(AttrVal::Num(r.num(v, p)?)),
            _ => Err(r.expected(p, "input_error.what_attr_value", v)),
        }
    }
}

/// Attributes of one object, sorted by key.
pub(crate) type Attrs<'v> = Vec<(&'v str, AttrVal<'v>)>;

pub(crate) fn cmp_attrs(a: &Attrs<'_>, b: &Attrs<'_>) -> Ordering {
    for ((ka, va), (kb, vb)) in a.iter().zip(b.iter()) {
        let o = ka.cmp(kb).then_with(|| va.cmp(vb));
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// Lexicographic comparison of number lists (total order, so NaN cannot upset a sort).
pub(crate) fn cmp_nums(a: &[f64], b: &[f64]) -> Ordering {
    for (x, y) in a.iter().zip(b.iter()) {
        let o = x.total_cmp(y);
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// Reads the optional `attributes` of object `o` (at path `p`), checked against the task's
/// `attributes` specification when it has one.
pub(crate) fn parse_attrs<'v>(r: In, o: &'v Obj, p: &Path, ctx: &TaskCtx<'_>) -> R<Attrs<'v>> {
    let Some(v) = o.get("attributes") else {
        return Ok(Vec::new());
    };
    if v.is_null() {
        return Ok(Vec::new());
    }
    let ap = p.key("attributes");
    let m = r.obj(v, &ap)?;
    let mut out = Vec::with_capacity(m.len());
    for (k, val) in m {
        let kp = ap.key(k);
        let av = AttrVal::parse(r, val, &kp)?;
        if let Some(spec) = ctx.attr_spec {
            let Some(allowed) = spec.get(k.as_str()).and_then(|a| a.as_array()) else {
                return Err(r
                    .fail(&kp, "input_error.not_an_attribute")
                    .arg("key", quote(k)));
            };
            let ok = allowed.iter().any(|x| {
                AttrVal::parse(TASK, x, &kp)
                    .map(|y| y.same(&av))
                    .unwrap_or(false)
            });
            if !ok {
                let names: Vec<String> = allowed
                    .iter()
                    .filter_map(|x| AttrVal::parse(TASK, x, &kp).ok().map(|y| y.display()))
                    .collect();
                return Err(r
                    .fail(&kp, "input_error.not_allowed_value")
                    .arg("value", quote(&av.display()))
                    .arg("allowed", names.join(", ")));
            }
        }
        out.push((k.as_str(), av));
    }
    out.sort_by(|a, b| a.0.cmp(b.0));
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The task context

/// The scoring metric named by `params.metric`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Metric {
    Accuracy,
    F1,
    Precision,
    Recall,
    MeanSimilarity,
}

/// The task's `params`, checked against the parameters its kind knows.
pub(crate) struct Params<'v> {
    map: Option<&'v Obj>,
}

const PARAMS: Path<'static> = Path::root("task");

impl<'v> Params<'v> {
    fn new(task: &'v Obj, kind: Kind) -> R<Self> {
        let map = match task.get("params") {
            None | Some(Value::Null) => None,
            Some(v) => Some(TASK.obj(v, &PARAMS.key("params"))?),
        };
        if let Some(m) = map {
            let allowed = kind.params();
            for k in m.keys() {
                if !allowed.contains(&k.as_str()) {
                    let pp = PARAMS.key("params");
                    let e = if allowed.is_empty() {
                        TASK.fail(&pp.key(k), "input_error.no_params")
                    } else {
                        TASK.fail(&pp.key(k), "input_error.unknown_param")
                            .arg("known", allowed.join(", "))
                    };
                    return Err(e.arg("kind", kind.as_str()));
                }
            }
        }
        Ok(Params { map })
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.and_then(|m| m.get(key)).filter(|v| !v.is_null())
    }

    fn with<T>(&self, key: &str, default: T, f: impl FnOnce(&Value, &Path) -> R<T>) -> R<T> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => {
                let pp = PARAMS.key("params");
                let kp = pp.key(key);
                f(v, &kp)
            }
        }
    }

    /// A number in (0, 1] (thresholds).
    pub(crate) fn unit(&self, key: &str, default: f64) -> R<f64> {
        self.with(key, default, |v, p| {
            let x = TASK.num(v, p)?;
            if x > 0.0 && x <= 1.0 {
                Ok(x)
            } else {
                Err(TASK
                    .fail(p, "input_error.not_in_range")
                    .arg("max", 1)
                    .arg("value", fmt_num(x)))
            }
        })
    }

    /// A number > 0, at most `max`.
    pub(crate) fn positive(&self, key: &str, default: f64, max: f64) -> R<f64> {
        self.with(key, default, |v, p| {
            let x = TASK.num(v, p)?;
            if x > 0.0 && x <= max {
                Ok(x)
            } else {
                Err(TASK
                    .fail(p, "input_error.not_in_range")
                    .arg("max", fmt_num(max))
                    .arg("value", fmt_num(x)))
            }
        })
    }

    /// A number ≥ 0.
    pub(crate) fn non_negative(&self, key: &str, default: f64) -> R<f64> {
        self.with(key, default, |v, p| {
            let x = TASK.num(v, p)?;
            if x >= 0.0 {
                Ok(x)
            } else {
                Err(TASK
                    .fail(p, "input_error.negative")
                    .arg("value", fmt_num(x)))
            }
        })
    }

    pub(crate) fn flag(&self, key: &str, default: bool) -> R<bool> {
        self.with(key, default, |v, p| TASK.bool(v, p))
    }

    /// A whole number in [min, max].
    pub(crate) fn count(&self, key: &str, default: usize, min: usize, max: usize) -> R<usize> {
        self.with(key, default, |v, p| {
            let n = TASK.index(v, p)?;
            if (min..=max).contains(&n) {
                Ok(n)
            } else {
                Err(TASK
                    .fail(p, "input_error.count_range")
                    .arg("min", min)
                    .arg("max", max)
                    .arg("value", n))
            }
        })
    }

    /// `params.metric`, default accuracy.
    pub(crate) fn metric(&self) -> R<Metric> {
        self.with("metric", Metric::Accuracy, |v, p| match TASK.str(v, p)? {
            "accuracy" => Ok(Metric::Accuracy),
            "f1" => Ok(Metric::F1),
            "precision" => Ok(Metric::Precision),
            "recall" => Ok(Metric::Recall),
            "mean_similarity" => Ok(Metric::MeanSimilarity),
            other => Err(TASK
                .fail(p, "input_error.unknown_metric")
                .arg("metric", quote(other))
                .arg("known", "accuracy, f1, precision, recall, mean_similarity")),
        })
    }

    /// Runs `f` on the parameter's value and path, if it is present.
    pub(crate) fn read<T>(
        &self,
        key: &str,
        f: impl FnOnce(&'v Value, &Path) -> R<T>,
    ) -> R<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => {
                let pp = PARAMS.key("params");
                let kp = pp.key(key);
                f(v, &kp).map(Some)
            }
        }
    }
}

/// The parts of a task every grader needs.
pub(crate) struct TaskCtx<'v> {
    pub kind: Kind,
    pub obj: &'v Obj,
    pub labels: Option<Vec<&'v str>>,
    pub attr_spec: Option<&'v Obj>,
    pub params: Params<'v>,
}

pub(crate) const TASK_ROOT: Path<'static> = Path::root("task");

impl<'v> TaskCtx<'v> {
    pub(crate) fn new(task: &'v Value) -> R<Self> {
        let obj = TASK.obj(task, &TASK_ROOT)?;
        let kp = TASK_ROOT.key("kind");
        let kind_name = TASK.str(TASK.field(obj, "kind", &TASK_ROOT)?, &kp)?;
        let kind = Kind::parse(kind_name).ok_or_else(|| {
            TASK.fail(&kp, "input_error.unknown_kind")
                .arg("kind", quote(kind_name))
                .arg("known", super::KINDS.join(", "))
        })?;
        let labels = match obj.get("labels") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let lp = TASK_ROOT.key("labels");
                let l = TASK.list_max(v, &lp, MAX_ITEMS)?;
                if l.is_empty() {
                    return Err(TASK.fail(&lp, "input_error.empty"));
                }
                let mut out: Vec<&str> = Vec::with_capacity(l.len());
                for (i, x) in l.iter().enumerate() {
                    let s = TASK.name(x, &lp.at(i))?;
                    if out.contains(&s) {
                        return Err(TASK
                            .fail(&lp.at(i), "input_error.duplicate_label")
                            .arg("label", quote(s)));
                    }
                    out.push(s);
                }
                Some(out)
            }
        };
        let attr_spec = match obj.get("attributes") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let ap = TASK_ROOT.key("attributes");
                let m = TASK.obj(v, &ap)?;
                for (k, vals) in m {
                    let kp = ap.key(k);
                    let l = TASK.list(vals, &kp)?;
                    if l.is_empty() {
                        return Err(TASK.fail(&kp, "input_error.no_allowed_values"));
                    }
                    let mut seen: Vec<AttrVal<'_>> = Vec::new();
                    for (i, x) in l.iter().enumerate() {
                        let av = AttrVal::parse(TASK, x, &kp.at(i))?;
                        if seen.iter().any(|s| s.same(&av)) {
                            return Err(TASK
                                .fail(&kp.at(i), "input_error.duplicate_value")
                                .arg("value", quote(&av.display())));
                        }
                        seen.push(av);
                    }
                }
                Some(m)
            }
        };
        let params = Params::new(obj, kind)?;
        Ok(TaskCtx {
            kind,
            obj,
            labels,
            attr_spec,
            params,
        })
    }

    /// Checks a label against the task's `labels`, when it has them.
    pub(crate) fn check_label(&self, r: In, label: &str, p: &Path) -> R<()> {
        if let Some(ls) = &self.labels
            && !ls.contains(&label)
        {
            return Err(r
                .fail(p, "input_error.not_a_label")
                .arg("label", quote(label))
                .arg("labels", ls.join(", ")));
        }
        Ok(())
    }

    /// The task's `gold`.
    pub(crate) fn gold(&self) -> R<&'v Value> {
        match self.obj.get("gold") {
            Some(v) if !v.is_null() => Ok(v),
            _ => Err(TASK
                .fail(&TASK_ROOT, "input_error.missing_field")
                .arg("field", "gold")),
        }
    }

    /// `image.width` × `image.height`, required or optional.
    pub(crate) fn image(&self, required: bool) -> R<Option<(f64, f64)>> {
        let v = match self.obj.get("image") {
            None | Some(Value::Null) if !required => return Ok(None),
            None | Some(Value::Null) => {
                return Err(TASK
                    .fail(&TASK_ROOT, "input_error.missing_image")
                    .arg("kind", self.kind.as_str()));
            }
            Some(v) => v,
        };
        let ip = TASK_ROOT.key("image");
        let o = TASK.obj(v, &ip)?;
        let mut wh = [0.0; 2];
        for (i, k) in ["width", "height"].into_iter().enumerate() {
            let kp = ip.key(k);
            let x = TASK.coord(TASK.field(o, k, &ip)?, &kp)?;
            if x <= 0.0 {
                return Err(TASK
                    .fail(&kp, "input_error.not_positive")
                    .arg("value", fmt_num(x)));
            }
            wh[i] = x;
        }
        Ok(Some((wh[0], wh[1])))
    }

    /// The ids of the task's `entries` and `given` lists (for classify and select), in order, if
    /// it has any.
    pub(crate) fn entry_ids(&self) -> R<Option<Vec<&'v str>>> {
        let mut ids: Option<Vec<&'v str>> = None;
        let mut seen: HashSet<&'v str> = HashSet::new();
        for key in ["entries", "given"] {
            let Some(v) = self.obj.get(key).filter(|v| !v.is_null()) else {
                continue;
            };
            let lp = TASK_ROOT.key(key);
            let l = TASK.list_max(v, &lp, MAX_ITEMS)?;
            let out = ids.get_or_insert_with(Vec::new);
            for (i, e) in l.iter().enumerate() {
                let ep = lp.at(i);
                let o = TASK.obj(e, &ep)?;
                let id = TASK.name(TASK.field(o, "id", &ep)?, &ep.key("id"))?;
                if !seen.insert(id) {
                    return Err(TASK
                        .fail(&ep.key("id"), "input_error.duplicate_id")
                        .arg("id", quote(id)));
                }
                out.push(id);
            }
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_render() {
        let root = Path::root("answer");
        let a = root.at(2);
        let b = a.key("points");
        assert_eq!(b.render(), "answer[2].points");
        let t = Path::root("task");
        let g = t.key("gold");
        let l = g.key("labels");
        let odd = l.key("a b");
        assert_eq!(odd.render(), "task.gold.labels[\"a b\"]");
    }

    #[test]
    fn numbers_and_coords() {
        let p = Path::root("answer");
        assert_eq!(ANSWER.num(&json!(1.5), &p).unwrap(), 1.5);
        assert!(
            ANSWER
                .num(&json!(null), &p)
                .unwrap_err()
                .to_string()
                .contains("expected a number, got null")
        );
        let e = ANSWER.coord(&json!(1e308), &p).unwrap_err();
        assert_eq!(e.to_string(), "answer: 1e308 is out of range (|x| ≤ 1e9)");
        assert_eq!(ANSWER.index(&json!(3.0), &p).unwrap(), 3);
        assert!(ANSWER.index(&json!(-1), &p).is_err());
        assert!(ANSWER.index(&json!(1.5), &p).is_err());
    }

    #[test]
    fn params_unknown_and_ranges() {
        let t = json!({"kind": "boxes", "gold": [], "params": {"iou_treshold": 0.5}});
        let e = TaskCtx::new(&t).err().unwrap();
        assert!(e.is_task_error());
        assert!(
            e.to_string()
                .starts_with("task.params.iou_treshold: unknown parameter for kind boxes"),
            "{e}"
        );
        let t = json!({"kind": "boxes", "gold": [], "params": {"iou_threshold": 1.5}});
        let ctx = TaskCtx::new(&t).unwrap();
        let e = ctx.params.unit("iou_threshold", 0.5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "task.params.iou_threshold: must be a number in (0, 1], got 1.5"
        );
    }

    #[test]
    fn fmt_num_forms() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(-2.0), "-2");
        assert_eq!(fmt_num(1e308), "1e308");
        assert_eq!(fmt_num(1.5e-7), "1.5e-7");
        assert_eq!(fmt_num(120.25), "120.25");
    }
}
