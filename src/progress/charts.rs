//! Server-rendered SVG charts for the progress pages: no JS, and no `style=` because the page's
//! CSP forbids inline styles, so everything is a presentation attribute (`fill=`, `stroke=`,
//! `font-size=` …).
//!
//! Every chart is a `<svg role="img">` with a `<title>` (its accessible name), a `<desc>` with
//! the numbers where there are any, a `viewBox` and `width="100%"`; every text is escaped. Any
//! input is drawn without panicking: empty lists, NaN, infinities, huge counts.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::mastery::Mastery;

const FONT: &str = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif";
const PRIMARY: &str = "#1f6feb";
const SUCCESS: &str = "#1a7f37";
const WARNING: &str = "#9a6700";
const DANGER: &str = "#cf222e";
const GRID: &str = "#d0d7de";
const TEXT: &str = "#24292f";
const MUTED: &str = "#57606a";
/// Background of a day without answers.
const BLANK: &str = "#f6f8fa";

const WIDTH: f64 = 720.0;

/// One bar of [`mastery_bars`]: a mean and its interval, all in [0, 1].
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    pub n: usize,
}

impl Bar {
    /// A bar from a mastery estimate with its 80 % interval.
    pub fn from_mastery(label: impl Into<String>, m: &Mastery) -> Bar {
        let (low, high) = m.interval(0.8);
        Bar {
            label: label.into(),
            mean: m.mean(),
            low,
            high,
            n: m.n,
        }
    }
}

/// One point of [`line_chart`].
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// The x label, e.g. `"11-28"`.
    pub label: String,
    pub value: f64,
}

/// Horizontal bars from 0 to 100 %, one per skill, work or function: the bar is the mean, the
/// whisker the interval, the dashed red line the pass line, `62% · n=5` at the right.
///
/// Colours: grey, no answers yet; green, the whole interval is at or above the pass line; blue,
/// the mean is; amber, only the top of the interval is; red, the whole interval is below. A
/// non-finite `pass_line` is not drawn and every practised bar is blue. No bars: `empty` is shown.
pub fn mastery_bars(title: &str, bars: &[Bar], pass_line: f64, empty: &str) -> String {
    if bars.is_empty() {
        return empty_state(title, empty);
    }
    const LABEL_RIGHT: f64 = 164.0;
    const BAR_X: f64 = 176.0;
    const BAR_W: f64 = 420.0;
    const RIGHT_X: f64 = 604.0;
    const TOP: f64 = 52.0;
    const ROW: f64 = 26.0;
    let x = |v: f64| BAR_X + BAR_W * unit(v);
    let bottom = TOP + ROW * bars.len() as f64;
    let pass = pass_line.is_finite().then(|| unit(pass_line));

    let rows: Vec<(f64, f64, f64)> = bars.iter().map(bar_values).collect();
    let desc = bars
        .iter()
        .zip(&rows)
        .map(|(b, &(mean, low, high))| {
            format!(
                "{}: {} ({}–{}), n={}",
                b.label,
                percent(mean),
                percent(low),
                percent(high),
                b.n
            )
        })
        .collect::<Vec<_>>()
        .join("; ");

    let mut svg = open(WIDTH, bottom + 28.0, title, Some(&desc));
    for f in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = write!(
            svg,
            r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{GRID}" stroke-width="1"/><text x="{x}" y="{ty}" text-anchor="middle" font-size="13" fill="{MUTED}">{label}</text>"#,
            x = num(x(f)),
            y1 = num(TOP - 8.0),
            y2 = num(bottom),
            ty = num(TOP - 14.0),
            label = percent(f),
        );
    }
    for (i, (b, &(mean, low, high))) in bars.iter().zip(&rows).enumerate() {
        let cy = TOP + ROW * i as f64 + ROW / 2.0;
        let colour = match pass {
            _ if b.n == 0 => GRID,
            Some(p) if low >= p => SUCCESS,
            Some(p) if mean >= p => PRIMARY,
            Some(p) if high >= p => WARNING,
            Some(_) => DANGER,
            None => PRIMARY,
        };
        let _ = write!(
            svg,
            r#"<g><title>{full}: {m} ({l}–{h}), n={n}</title><text x="{lx}" y="{ty}" text-anchor="end">{label}</text><rect x="{bx}" y="{ry}" width="{bw}" height="14" rx="2" fill="{colour}"/>"#,
            full = escape(&b.label),
            m = percent(mean),
            l = percent(low),
            h = percent(high),
            n = b.n,
            lx = num(LABEL_RIGHT),
            ty = num(cy + 4.0),
            label = escape(&clip(&b.label, 12)),
            bx = num(BAR_X),
            ry = num(cy - 7.0),
            bw = num(BAR_W * mean),
        );
        let (xl, xh) = (num(x(low)), num(x(high)));
        let (c1, c2, ty, cy) = (num(cy - 5.0), num(cy + 5.0), num(cy + 4.0), num(cy));
        let _ = write!(
            svg,
            r#"<line x1="{xl}" y1="{cy}" x2="{xh}" y2="{cy}" stroke="{TEXT}" stroke-width="1.5"/><line x1="{xl}" y1="{c1}" x2="{xl}" y2="{c2}" stroke="{TEXT}" stroke-width="1.5"/><line x1="{xh}" y1="{c1}" x2="{xh}" y2="{c2}" stroke="{TEXT}" stroke-width="1.5"/><text x="{rx}" y="{ty}" fill="{MUTED}">{m} · n={n}</text></g>"#,
            rx = num(RIGHT_X),
            m = percent(mean),
            n = count(b.n as u64),
        );
    }
    if let Some(p) = pass {
        let _ = write!(
            svg,
            r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{DANGER}" stroke-width="1.5" stroke-dasharray="5 4"/><text x="{x}" y="{ty}" text-anchor="middle" font-size="13" fill="{DANGER}">{label}</text>"#,
            x = num(x(p)),
            y1 = num(TOP - 8.0),
            y2 = num(bottom + 4.0),
            ty = num(bottom + 18.0),
            label = percent(p),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// `(mean, low, high)` of a bar, made finite, in [0, 1] and ordered low ≤ mean ≤ high.
fn bar_values(b: &Bar) -> (f64, f64, f64) {
    let mean = if b.mean.is_finite() {
        unit(b.mean)
    } else {
        0.0
    };
    let or_mean = |v: f64| if v.is_finite() { unit(v) } else { mean };
    let (low, high) = (or_mean(b.low), or_mean(b.high));
    let (low, high) = (low.min(high).min(mean), low.max(high).max(mean));
    (mean, low, high)
}

/// Scores over time: dots joined by a line, horizontal grid at 0/25/50/75/100 % of `y_max`, an
/// optional dashed pass line (in the values' unit). Values are clamped to [0, `y_max`]; NaN values
/// are not drawn and break the line. A non-finite or non-positive `y_max` becomes the largest
/// value (or 1). The y axis reads in percent when `y_max` ≤ 1, else in the values' unit. No
/// points: `empty` is shown.
pub fn line_chart(
    title: &str,
    points: &[Point],
    y_max: f64,
    pass_line: Option<f64>,
    empty: &str,
) -> String {
    if points.is_empty() {
        return empty_state(title, empty);
    }
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 704.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 210.0;
    const INSET: f64 = 12.0;
    const MAX_DOTS: usize = 120;
    const MAX_LABELS: usize = 8;

    let y_max = if y_max.is_finite() && y_max > 0.0 {
        y_max
    } else {
        points
            .iter()
            .map(|p| p.value)
            .filter(|v| v.is_finite() && *v > 0.0)
            .fold(1.0f64, f64::max)
    };
    let as_percent = y_max <= 1.0;
    let show = |v: f64| {
        if as_percent {
            percent(v / y_max)
        } else {
            num(v)
        }
    };
    let y = |v: f64| BOTTOM - (BOTTOM - TOP) * unit(v / y_max);
    let n = points.len();
    let x = |i: usize| {
        if n == 1 {
            (LEFT + RIGHT) / 2.0
        } else {
            LEFT + INSET + (RIGHT - LEFT - 2.0 * INSET) * i as f64 / (n - 1) as f64
        }
    };

    let desc = points
        .iter()
        .map(|p| {
            let value = if p.value.is_finite() {
                show(p.value.clamp(0.0, y_max))
            } else {
                "–".to_string()
            };
            format!("{}: {}", p.label, value)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = open(WIDTH, 240.0, title, Some(&desc));

    for f in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let gy = num(y(f * y_max));
        let _ = write!(
            svg,
            r#"<line x1="{l}" y1="{gy}" x2="{r}" y2="{gy}" stroke="{GRID}" stroke-width="1"/><text x="{tx}" y="{ty}" text-anchor="end" font-size="13" fill="{MUTED}">{label}</text>"#,
            l = num(LEFT),
            r = num(RIGHT),
            tx = num(LEFT - 6.0),
            ty = num(y(f * y_max) + 4.0),
            label = show(f * y_max),
        );
    }
    if let Some(p) = pass_line.filter(|p| p.is_finite()) {
        let py = num(y(p));
        let _ = write!(
            svg,
            r#"<line x1="{l}" y1="{py}" x2="{r}" y2="{py}" stroke="{DANGER}" stroke-width="1.5" stroke-dasharray="5 4"/>"#,
            l = num(LEFT),
            r = num(RIGHT),
        );
    }

    // The line, in runs of consecutive finite values.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, svg: &mut String| {
        if run.len() >= 2 {
            let _ = write!(
                svg,
                r#"<polyline points="{}" fill="none" stroke="{PRIMARY}" stroke-width="2" stroke-linejoin="round"/>"#,
                run.join(" ")
            );
        }
        run.clear();
    };
    for (i, p) in points.iter().enumerate() {
        if p.value.is_finite() {
            run.push(format!("{},{}", num(x(i)), num(y(p.value))));
        } else {
            flush(&mut run, &mut svg);
        }
    }
    flush(&mut run, &mut svg);

    if n <= MAX_DOTS {
        for (i, p) in points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.value.is_finite())
        {
            let _ = write!(
                svg,
                r#"<circle cx="{cx}" cy="{cy}" r="3.5" fill="{PRIMARY}"><title>{label}: {value}</title></circle>"#,
                cx = num(x(i)),
                cy = num(y(p.value)),
                label = escape(&p.label),
                value = show(p.value.clamp(0.0, y_max)),
            );
        }
    }

    // At most MAX_LABELS x labels, evenly spaced, the last one included when there is room.
    let step = n.div_ceil(MAX_LABELS).max(1);
    let mut shown: Vec<usize> = (0..n).step_by(step).collect();
    if let Some(&last) = shown.last()
        && last != n - 1
        && (n - 1 - last) * 2 >= step
    {
        shown.push(n - 1);
    }
    for i in shown {
        let _ = write!(
            svg,
            r#"<text x="{tx}" y="{ty}" text-anchor="middle" font-size="13" fill="{MUTED}">{label}</text>"#,
            tx = num(x(i)),
            ty = num(BOTTOM + 18.0),
            label = escape(&clip(&points[i].label, 10)),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Answers per day as a calendar: one column per week, one row per weekday (Monday at the top,
/// if day 0 is 1970-01-01, a Thursday), the `span` days ending `today` (clamped to 1..=371).
/// Shades: none, 1–4, 5–9, 10–19, 20+ answers; today is outlined. `label_for` names a day (e.g.
/// `"11-28"`) for the tooltips and the column labels. Duplicate days add up; days outside the
/// span are ignored. The `<desc>` reads "first – last: active days / days · Σ answers".
pub fn day_strip(
    title: &str,
    days: &[(i64, u32)],
    today: i64,
    span: i64,
    label_for: &dyn Fn(i64) -> String,
) -> String {
    const LEFT: f64 = 8.0;
    const TOP: f64 = 52.0;
    const PITCH: f64 = 16.0;
    const CELL: f64 = 13.0;
    const LEVELS: [u64; 4] = [1, 5, 10, 20];
    const OPACITY: [&str; 4] = ["0.3", "0.55", "0.8", "1"];

    let span = span.clamp(1, 371);
    let start = today.saturating_sub(span - 1);
    let weekday = |d: i64| (i128::from(d) + 3).rem_euclid(7) as i64;
    // Days since the Monday of the first week, as i128 so that no sum overflows.
    let first_monday = i128::from(start) - i128::from(weekday(start));
    let columns = ((i128::from(today) - first_monday) / 7 + 1) as usize;

    let mut counts: BTreeMap<i64, u64> = BTreeMap::new();
    for &(day, answers) in days {
        if (start..=today).contains(&day) {
            *counts.entry(day).or_default() += u64::from(answers);
        }
    }
    let level = |c: u64| LEVELS.iter().filter(|&&l| c >= l).count();
    let total: u64 = counts.values().sum();
    let active = counts.values().filter(|&&c| c > 0).count();

    let grid_w = LEFT + PITCH * columns as f64;
    let width = (grid_w + 8.0).max(320.0);
    let legend_y = TOP + PITCH * 7.0 + 10.0;
    let desc = format!(
        "{} – {}: {active} / {} · Σ {total}",
        label_for(start),
        label_for(today),
        (i128::from(today) - i128::from(start) + 1)
    );
    let mut svg = open(width, legend_y + 24.0, title, Some(&desc));

    for column in (0..columns).step_by(4) {
        let monday = first_monday + 7 * column as i128;
        let labelled = i64::try_from(monday.max(i128::from(start))).unwrap_or(start);
        let _ = write!(
            svg,
            r#"<text x="{tx}" y="{ty}" font-size="13" fill="{MUTED}">{label}</text>"#,
            tx = num(LEFT + PITCH * column as f64),
            ty = num(TOP - 8.0),
            label = escape(&clip(&label_for(labelled), 8)),
        );
    }

    for offset in 0..=(i128::from(today) - i128::from(start)) {
        let Ok(day) = i64::try_from(i128::from(start) + offset) else {
            continue;
        };
        let column = ((i128::from(day) - first_monday) / 7) as f64;
        let row = weekday(day) as f64;
        let answers = counts.get(&day).copied().unwrap_or(0);
        let fill = match level(answers) {
            0 => format!(r#"fill="{BLANK}""#),
            l => format!(r#"fill="{PRIMARY}" fill-opacity="{}""#, OPACITY[l - 1]),
        };
        // Today is outlined; other empty days get a light border.
        let outline = if day == today {
            format!(r#" stroke="{TEXT}" stroke-width="1.5""#)
        } else if answers == 0 {
            format!(r#" stroke="{GRID}" stroke-width="1""#)
        } else {
            String::new()
        };
        let _ = write!(
            svg,
            r#"<rect x="{rx}" y="{ry}" width="{CELL}" height="{CELL}" rx="2" {fill}{outline}><title>{label}: {answers}</title></rect>"#,
            rx = num(LEFT + PITCH * column),
            ry = num(TOP + PITCH * row),
            label = escape(&label_for(day)),
        );
    }

    // Legend: 0 □ ▪ ▪ ▪ ▪ 20+
    let legend_x = width - 8.0 - 5.0 * PITCH - 28.0;
    let _ = write!(
        svg,
        r#"<text x="{tx}" y="{ty}" text-anchor="end" font-size="13" fill="{MUTED}">0</text>"#,
        tx = num(legend_x - 4.0),
        ty = num(legend_y + 11.0),
    );
    let names = ["0", "1–4", "5–9", "10–19", "20+"];
    for (i, name) in names.iter().enumerate() {
        let shade = match i {
            0 => format!(r#"fill="{BLANK}" stroke="{GRID}" stroke-width="1""#),
            l => format!(r#"fill="{PRIMARY}" fill-opacity="{}""#, OPACITY[l - 1]),
        };
        let _ = write!(
            svg,
            r#"<rect x="{rx}" y="{ry}" width="{CELL}" height="{CELL}" rx="2" {shade}><title>{name}</title></rect>"#,
            rx = num(legend_x + PITCH * i as f64),
            ry = num(legend_y),
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{tx}" y="{ty}" font-size="13" fill="{MUTED}">20+</text></svg>"#,
        tx = num(legend_x + PITCH * 5.0 + 2.0),
        ty = num(legend_y + 11.0),
    );
    svg
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The opening `<svg>` with its accessible `<title>` (also drawn as the heading) and `<desc>`.
fn open(width: f64, height: f64, title: &str, desc: Option<&str>) -> String {
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" width="100%" font-family="{FONT}" font-size="14" fill="{TEXT}"><title>{t}</title>"#,
        w = num(width),
        h = num(height),
        t = escape(title),
    );
    if let Some(desc) = desc.filter(|d| !d.is_empty()) {
        let _ = write!(svg, "<desc>{}</desc>", escape(desc));
    }
    let _ = write!(
        svg,
        r#"<text x="8" y="22" font-size="17" font-weight="600">{}</text>"#,
        escape(title)
    );
    svg
}

/// A chart with nothing to show: the title and `text`, centred.
fn empty_state(title: &str, text: &str) -> String {
    let mut svg = open(WIDTH, 80.0, title, None);
    let _ = write!(
        svg,
        r#"<text x="{x}" y="58" text-anchor="middle" fill="{MUTED}">{t}</text></svg>"#,
        x = num(WIDTH / 2.0),
        t = escape(text),
    );
    svg
}

/// Escapes text for SVG/XML content and attributes: `& < > " '` as entities, `=` too (so that no
/// text can ever read `style=`), and drops the control characters XML 1.0 forbids.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '=' => out.push_str("&#61;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, with "…" when cut.
/// Cuts a label to `max` ems of width with an ellipsis: a CJK or full-width character is about
/// one em wide, other characters about half of one (so English labels keep twice as many).
fn clip(text: &str, max: usize) -> String {
    let em = |c: char| if (c as u32) >= 0x2E80 { 1.0 } else { 0.55 };
    let width: f64 = text.chars().map(em).sum();
    if width <= max as f64 {
        return text.to_string();
    }
    let mut s = String::new();
    let mut used = 1.0; // the ellipsis
    for c in text.chars() {
        used += em(c);
        if used > max as f64 {
            break;
        }
        s.push(c);
    }
    s.push('…');
    s
}

/// Clamps to [0, 1]; NaN → 0.
fn unit(v: f64) -> f64 {
    if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) }
}

/// A share as a whole percent: 0.615 → "62%".
fn percent(share: f64) -> String {
    format!("{:.0}%", unit(share) * 100.0)
}

/// A coordinate or value with at most one decimal ("12", "12.5"); non-finite → "0".
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let s = format!("{v:.1}");
    match s.strip_suffix(".0") {
        Some("-0") => "0".to_string(),
        Some(whole) => whole.to_string(),
        None => s,
    }
}

/// A count, capped for the layout: "99999+" above 99999.
fn count(n: u64) -> String {
    if n > 99_999 {
        "99999+".to_string()
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bar(label: &str, mean: f64, low: f64, high: f64, n: usize) -> Bar {
        Bar {
            label: label.to_string(),
            mean,
            low,
            high,
            n,
        }
    }

    /// Checks what every chart promises.
    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("style="), "{svg}");
        assert!(svg.contains(r#"role="img""#) && svg.contains("<title>"));
        assert!(svg.contains("viewBox=") && svg.contains(r#"width="100%""#));
        assert!(!svg.contains("=\"NaN") && !svg.contains("inf\""), "{svg}");
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert_eq!(
            svg.matches("<title>").count(),
            svg.matches("</title>").count()
        );
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    #[test]
    fn escape_everything() {
        assert_eq!(
            escape(r#"<a href="x" class='y'>&amp;</a>"#),
            "&lt;a href&#61;&quot;x&quot; class&#61;&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(escape("数据\u{0}标注\n"), "数据标注 ");
        assert_eq!(clip("数据采集和处理", 5), "数据采集…");
        assert_eq!(clip("数据", 5), "数据");
        // Latin letters are about half as wide: 12 ems hold "1 Data collection …".
        assert_eq!(
            clip("1 Data collection and processing", 12),
            "1 Data collection a…"
        );
        assert_eq!(clip("0.1 Ethics", 12), "0.1 Ethics");
        assert_eq!(
            (num(12.0), num(12.46), num(-0.01), num(f64::NAN)),
            ("12".into(), "12.5".into(), "0".into(), "0".into())
        );
        assert_eq!(percent(0.615), "62%");
    }

    #[test]
    fn bars_show_the_numbers() {
        let bars = [
            bar("职业道德", 0.8, 0.7, 0.9, 12),
            bar("数据采集和处理 <测试>", 0.55, 0.4, 0.7, 3),
            bar("业务分析", 0.5, 0.1, 0.9, 0),
            bar("智能系统维护", 0.3, 0.2, 0.45, 20),
        ];
        let svg = mastery_bars("掌握度 · 理论", &bars, 0.6, "暂无数据");
        well_formed(&svg);
        assert!(svg.contains("<title>掌握度 · 理论</title>"));
        assert!(svg.contains("80% · n=12"));
        assert!(svg.contains("&lt;测试&gt;"));
        assert!(svg.contains(r#"stroke-dasharray="5 4""#));
        assert!(svg.contains(FONT));
        // Green (interval above 60 %), amber (only the top reaches it), grey (unpractised), red.
        for colour in [SUCCESS, WARNING, GRID, DANGER] {
            assert!(svg.contains(&format!(r#"fill="{colour}""#)), "{colour}");
        }
        // The first bar: 80 % of 420 px.
        assert!(svg.contains(r#"width="336" height="14""#));

        let svg = mastery_bars("掌握度", &[], 0.6, "还没有作答记录");
        well_formed(&svg);
        assert!(svg.contains("还没有作答记录"));
    }

    #[test]
    fn bars_from_mastery() {
        let b = Bar::from_mastery("2.1.1", &Mastery::prior());
        assert_eq!((b.n, b.mean), (0, 0.5));
        assert!((b.low - 0.1).abs() < 1e-9 && (b.high - 0.9).abs() < 1e-9);
    }

    #[test]
    fn line_chart_cases() {
        let points: Vec<Point> = [
            ("11-01", 40.0),
            ("11-08", f64::NAN),
            ("11-15", 65.0),
            ("11-28", 72.5),
        ]
        .iter()
        .map(|&(label, value)| Point {
            label: label.to_string(),
            value,
        })
        .collect();
        let svg = line_chart("理论模拟考试成绩", &points, 100.0, Some(60.0), "暂无数据");
        well_formed(&svg);
        // The NaN breaks the line: one run of 2 points, the lone first point is a dot only.
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("<title>11-28: 72.5</title>") && svg.contains(">100</text>"));

        let one = line_chart("t", &points[..1], 1.0, None, "e");
        well_formed(&one);
        assert!(one.contains(r#"cx="380""#) && one.contains(">100%</text>"));

        let svg = line_chart("t", &[], 100.0, None, "没有成绩");
        well_formed(&svg);
        assert!(svg.contains("没有成绩"));
    }

    #[test]
    fn day_strip_cases() {
        // Day 20_000 is 2024-10-04, a Friday (weekday 4 with Monday = 0).
        let today = 20_000;
        let label = |d: i64| format!("d{d}");
        let svg = day_strip(
            "练习日历",
            &[
                (today, 3),
                (today, 3),
                (today - 1, 25),
                (today - 500, 9),
                (today + 1, 9),
            ],
            today,
            84,
            &label,
        );
        well_formed(&svg);
        assert_eq!(svg.matches("<rect").count(), 84 + 5);
        assert!(svg.contains("<title>d20000: 6</title>"));
        assert!(svg.contains("<title>d19999: 25</title>"));
        assert!(!svg.contains("d19500") && !svg.contains("d20001"));
        assert!(svg.contains(r#"fill-opacity="1""#));
        // Today outlined, in row 4 (Friday).
        assert!(svg.contains(&format!(r#"y="{}""#, num(52.0 + 16.0 * 4.0))));
        assert!(svg.contains(&format!(r#"stroke="{TEXT}" stroke-width="1.5""#)));

        let tiny = day_strip("x", &[], i64::MIN, i64::MAX, &label);
        well_formed(&tiny);
        let tiny = day_strip("x", &[(i64::MAX, u32::MAX)], i64::MAX, -5, &label);
        well_formed(&tiny);
        assert_eq!(tiny.matches("<rect").count(), 1 + 5);
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            Just("style=\"x\"".to_string()),
            Just("数据标注".to_string())
        ]
    }

    fn number() -> impl Strategy<Value = f64> {
        prop_oneof![any::<f64>(), 0.0..=1.0f64, -10.0..110.0f64]
    }

    proptest! {
        #[test]
        fn bars_never_panic(
            title in text(),
            bars in prop::collection::vec((text(), number(), number(), number(), any::<usize>()), 0..12),
            pass in number(),
            empty in text(),
        ) {
            let bars: Vec<Bar> = bars
                .into_iter()
                .map(|(label, mean, low, high, n)| Bar { label, mean, low, high, n })
                .collect();
            let svg = mastery_bars(&title, &bars, pass, &empty);
            prop_assert!(svg.starts_with("<svg") && !svg.contains("style="));
            well_formed(&svg);
        }

        #[test]
        fn line_chart_never_panics(
            title in text(),
            points in prop::collection::vec((text(), number()), 0..150),
            y_max in number(),
            pass in prop::option::of(number()),
        ) {
            let points: Vec<Point> = points
                .into_iter()
                .map(|(label, value)| Point { label, value })
                .collect();
            let svg = line_chart(&title, &points, y_max, pass, "—");
            prop_assert!(svg.starts_with("<svg") && !svg.contains("style="));
            well_formed(&svg);
        }

        #[test]
        fn day_strip_never_panics(
            title in text(),
            days in prop::collection::vec((prop_oneof![any::<i64>(), 19_900i64..20_010], any::<u32>()), 0..40),
            today in prop_oneof![any::<i64>(), Just(20_000i64)],
            span in any::<i64>(),
        ) {
            let svg = day_strip(&title, &days, today, span, &|d| format!("{d}<&>"));
            prop_assert!(svg.starts_with("<svg") && !svg.contains("style="));
            well_formed(&svg);
        }
    }
}
