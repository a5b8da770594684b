//! The workbench in a real browser (Debian's chromium through chromedriver): a trainee signs
//! in, draws a box by dragging, a polygon by clicks, labels a span of Chinese text, answers a
//! theory item, reloads mid-way, draws while zoomed in, submits and sees the score.
//! Screenshots of each kind go to target/screenshots/. Skipped, with a message, when chromedriver
//! is not installed — except under CI (CI=true), where that is a failure (`.ci/run` installs it).
//!
//! Every screenshot is also a check: the page answered 200, every resource it fetched answered
//! below 400, and it logged no error — no uncaught exception, unhandled rejection, failed
//! resource, CSP violation or `console.error` (recorded by static/js/page-errors.js, since
//! WebDriver has no console log that both browsers implement). In Chromium it is also an
//! accessibility audit: axe-core (tests/vendor/axe-core) runs inside the page and any violation
//! of impact serious or critical fails the test. The test waits for conditions, never for a
//! fixed time.

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestApp, version_of};
use fantoccini::actions::{Actions, InputSource, MouseActions, PointerAction, TouchActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// `ANNOCERT_BROWSER=firefox` runs the same tests in Firefox through geckodriver (found on the
/// PATH or in `GECKODRIVER`); the default is Chromium.
fn firefox() -> bool {
    std::env::var("ANNOCERT_BROWSER").is_ok_and(|b| b == "firefox")
}

fn chromedriver() -> Option<String> {
    if firefox() {
        let path = std::env::var("GECKODRIVER").unwrap_or_else(|_| "geckodriver".into());
        let found = Command::new(&path).arg("--version").output().is_ok();
        assert!(
            found,
            "ANNOCERT_BROWSER=firefox but no geckodriver (cargo install geckodriver)"
        );
        return Some(path);
    }
    for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] {
        if std::path::Path::new(p).exists() {
            return Some(p.into());
        }
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("chromedriver is missing: install chromium and chromium-driver (.ci/run does)");
    }
    eprintln!(
        "skipping browser test: chromedriver not installed (apt-get install chromium chromium-driver)"
    );
    None
}

/// The screen a test's browser has: a desktop window (1280 × 720), or a touch device in
/// Chromium's mobile emulation (device metrics, touch events, a phone's or tablet's user agent).
#[derive(Clone, Copy)]
enum Screen {
    Desktop,
    Touch {
        width: u32,
        height: u32,
        pixel_ratio: f64,
    },
}

impl Screen {
    /// A 390 × 844 phone (iPhone 12 to 14 size).
    const PHONE: Screen = Screen::Touch {
        width: 390,
        height: 844,
        pixel_ratio: 3.0,
    };

    fn tablet(width: u32, height: u32) -> Screen {
        Screen::Touch {
            width,
            height,
            pixel_ratio: 2.0,
        }
    }
}

struct Driver {
    child: Child,
    client: Client,
    /// The driver's port and the session, for `Drop` to end the session.
    port: u16,
    session: Option<String>,
    _profile: tempfile::TempDir,
}

impl Driver {
    async fn start(path: &str, screen: Screen) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .args(
                // Debian names the browser firefox-esr; elsewhere geckodriver finds `firefox`.
                Some("/usr/bin/firefox-esr")
                    .filter(|b| firefox() && std::path::Path::new(b).exists())
                    .map(|b| format!("--binary={b}")),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        if firefox() {
            caps.insert(
                "moz:firefoxOptions".into(),
                json!({ "args": ["-headless", "-width=1280", "-height=720"],
                        "prefs": { "intl.accept_languages": "zh-CN,zh", "layout.css.devPixelsPerPx": "1.0" } }),
            );
        } else {
            let mut options = json!({ "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,720", "--force-device-scale-factor=1", "--lang=zh-CN",
                format!("--user-data-dir={}", profile.path().display()),
            ], "prefs": { "intl.accept_languages": "zh-CN,zh" } });
            if let Screen::Touch {
                width,
                height,
                pixel_ratio,
            } = screen
            {
                let ua = if width < 600 {
                    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
                } else {
                    "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
                };
                options["mobileEmulation"] = json!({
                    "deviceMetrics": { "width": width, "height": height, "pixelRatio": pixel_ratio, "touch": true },
                    "userAgent": ua,
                });
            }
            caps.insert("goog:chromeOptions".into(), options);
        }
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("webdriver session");
        let session = client.session_id().await.unwrap();
        Driver {
            child,
            client,
            port,
            session,
            _profile: profile,
        }
    }

    async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.expect("script")
    }

    /// Waits until the page is still: web fonts loaded, the images in view (and the stage's SVG
    /// image) decoded, and two frames drawn after that, so that layout done in a
    /// `requestAnimationFrame` or a `ResizeObserver` (the stage fits itself so) has happened.
    async fn settle(&self) {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const inView = (el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; };
                 const imgs = [...document.images].filter((i) => !i.complete && (i.loading !== 'lazy' || inView(i)));
                 const svg = [...document.querySelectorAll('svg image')].map((i) => i.href.baseVal).filter(Boolean);
                 Promise.all([
                   document.fonts.ready,
                   ...imgs.map((i) => i.decode().catch(() => {})),
                   ...svg.map((u) => { const i = new Image(); i.src = u; return i.decode().catch(() => {}); }),
                 ]).then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
                vec![],
            )
            .await
            .expect("settle");
    }

    /// The page answered 200 and has nothing in its error log (see the module comment); panics
    /// with everything found, so a failing run says what went wrong.
    async fn check(&self, name: &str) {
        let r = self
            .js(
                "const nav = performance.getEntriesByType('navigation')[0];
                 return {
                   url: location.href,
                   status: nav && typeof nav.responseStatus === 'number' ? nav.responseStatus : null,
                   errors: Array.isArray(window.pageErrors) ? window.pageErrors : null,
                   failed: performance.getEntriesByType('resource')
                     .filter((e) => e.responseStatus >= 400)
                     .map((e) => e.responseStatus + ' ' + e.name),
                 };",
                vec![],
            )
            .await;
        let mut problems = Vec::new();
        match r["status"].as_u64() {
            Some(200) => {}
            Some(s) => problems.push(format!("the page answered {s}")),
            None => problems.push(
                "no navigation responseStatus (Performance API): cannot tell the status".into(),
            ),
        }
        match r["errors"].as_array() {
            Some(errors) => problems.extend(
                errors
                    .iter()
                    .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_string)),
            ),
            None => {
                problems.push("no window.pageErrors: static/js/page-errors.js did not run".into())
            }
        }
        for f in r["failed"].as_array().into_iter().flatten() {
            problems.push(format!(
                "resource failed: {}",
                f.as_str().unwrap_or_default()
            ));
        }
        problems.extend(self.audit().await);
        if !problems.is_empty() {
            let list = problems.join("\n  ");
            eprintln!("{name} ({}):\n  {list}", r["url"]);
            panic!(
                "{name} ({}): {} problem(s):\n  {list}",
                r["url"],
                problems.len()
            );
        }
    }

    /// The page's accessibility violations of impact serious or critical, found by axe-core
    /// (tests/vendor/axe-core, injected into the page; WebDriver scripts are not subject to the
    /// page's CSP). Each as "rule (impact): help — the first few elements". Chromium only: the
    /// DOM is the same in Firefox, and the audit costs about a second a page.
    async fn audit(&self) -> Vec<String> {
        if firefox() {
            return vec![];
        }
        const AXE: &str = include_str!("vendor/axe-core/axe.min.js");
        let loaded = self
            .js("return typeof window.axe === 'object';", vec![])
            .await;
        if loaded != Value::Bool(true) {
            self.client
                .execute(&format!("{AXE}\n;return true;"), vec![])
                .await
                .expect("inject axe-core");
        }
        let r = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then((r) => done(r.violations
                     .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                     .map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ` +
                        v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ') +
                        ` — ${((v.nodes[0].any[0] || v.nodes[0].all[0] || {}).message || '').slice(0, 300)}`)))
                   .catch((e) => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        r.as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Waits for the page to settle, saves a screenshot, then checks the page (the screenshot
    /// is there to look at when the check fails).
    async fn shot(&self, name: &str) {
        self.settle().await;
        let sub = if firefox() {
            "target/screenshots/firefox"
        } else {
            "target/screenshots"
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(sub);
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        self.check(name).await;
    }

    /// Polls `script` until it returns true. The limit is generous: only a broken page reaches
    /// it, never a slow machine.
    async fn wait_js(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.js(script, vec![]).await != Value::Bool(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Goes to a workbench page and waits until it is ready and its stage (if any) fitted.
    async fn open(&self, url: &str) {
        self.client.goto(url).await.unwrap();
        self.wait_ready().await;
    }

    async fn wait_ready(&self) {
        self.wait_js(
            "return document.documentElement.dataset.wbReady === '1'
                 && (!document.querySelector('.wb-svg') || document.querySelector('.wb-view').hasAttribute('transform'))",
            "the workbench",
        )
        .await;
        self.settle().await;
    }

    /// Sets the window height and waits until the page sees it.
    async fn set_height(&self, h: u32) {
        self.client.set_window_size(1280, h).await.unwrap();
        self.wait_js(
            &format!("return window.outerHeight === {h}"),
            "the window size",
        )
        .await;
    }

    async fn wait_saved(&self) {
        self.wait_js(
            "const s = document.querySelector('.wb-status'); return !!s && s.dataset.tone === 'ok'",
            "the save",
        )
        .await;
    }

    /// Viewport coordinates of image pixel (x, y), whatever the zoom and pan.
    async fn stage_point(&self, x: f64, y: f64) -> (f64, f64) {
        let v = self
            .js(
                "const st = document.querySelector('.wb-svg').getBoundingClientRect();
                 const g = document.querySelector('.wb-view').transform.baseVal.consolidate().matrix;
                 return [st.left + g.e + arguments[0] * g.a, st.top + g.f + arguments[1] * g.d];",
                vec![json!(x), json!(y)],
            )
            .await;
        (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
    }

    async fn pointer(&self, steps: Vec<PointerAction>) {
        let mut m = MouseActions::new("mouse".into());
        for s in steps {
            m = m.then(s);
        }
        self.client.perform_actions(m).await.unwrap();
    }

    async fn drag(&self, a: (f64, f64), b: (f64, f64)) {
        let mut steps = vec![
            PointerAction::MoveTo {
                duration: None,
                x: a.0.round(),
                y: a.1.round(),
            },
            PointerAction::Down {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            },
        ];
        for i in 1..=8 {
            let f = i as f64 / 8.0;
            steps.push(PointerAction::MoveTo {
                duration: None,
                x: (a.0 + (b.0 - a.0) * f).round(),
                y: (a.1 + (b.1 - a.1) * f).round(),
            });
        }
        steps.push(PointerAction::Up {
            button: fantoccini::actions::MOUSE_BUTTON_LEFT,
        });
        self.pointer(steps).await;
    }

    async fn click_at(&self, p: (f64, f64)) {
        self.pointer(vec![
            PointerAction::MoveTo {
                duration: None,
                x: p.0.round(),
                y: p.1.round(),
            },
            PointerAction::Down {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            },
            PointerAction::Up {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            },
        ])
        .await;
    }

    async fn keys(&self, text: &str) {
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }

    /// Types into the form field with this id.
    async fn type_into(&self, id: &str, text: &str) {
        self.client
            .find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// Fingers on the glass at once: one touch pointer per list of steps, tick by tick.
    async fn touch(&self, fingers: Vec<Vec<PointerAction>>) {
        let mut actions = Actions::default();
        for (i, steps) in fingers.into_iter().enumerate() {
            let mut f = TouchActions::new(format!("finger{i}"));
            for s in steps {
                f = f.then(s);
            }
            actions = actions.and(f);
        }
        self.client.perform_actions(actions).await.unwrap();
        // chromedriver keeps the fingers as input sources: let them go, or after a navigation
        // the next touch is not dispatched
        self.client.release_actions().await.unwrap();
    }

    /// One finger: down at `a`, through eight steps to `b`, up.
    fn swipe_steps(a: (f64, f64), b: (f64, f64)) -> Vec<PointerAction> {
        let to = |x: f64, y: f64| PointerAction::MoveTo {
            duration: None,
            x: x.round(),
            y: y.round(),
        };
        let mut steps = vec![to(a.0, a.1), PointerAction::Down { button: 0 }];
        for i in 1..=8 {
            let f = f64::from(i) / 8.0;
            steps.push(to(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f));
        }
        steps.push(PointerAction::Up { button: 0 });
        steps
    }

    async fn touch_drag(&self, a: (f64, f64), b: (f64, f64)) {
        self.touch(vec![Self::swipe_steps(a, b)]).await;
    }

    /// A tap (down and up without moving), held for `hold` (a long press) if given.
    async fn tap_at(&self, p: (f64, f64), hold: Option<Duration>) {
        let mut steps = vec![
            PointerAction::MoveTo {
                duration: None,
                x: p.0.round(),
                y: p.1.round(),
            },
            PointerAction::Down { button: 0 },
        ];
        if let Some(d) = hold {
            steps.push(PointerAction::Pause { duration: d });
        }
        steps.push(PointerAction::Up { button: 0 });
        self.touch(vec![steps]).await;
    }

    /// A tap in the middle of the (first visible) element matching `css`.
    async fn tap(&self, css: &str) {
        let c = self
            .js(
                "const el = [...document.querySelectorAll(arguments[0])].find((e) => e.getClientRects().length);
                 if (!el) return null;
                 el.scrollIntoView({ block: 'nearest' });
                 const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];",
                vec![json!(css)],
            )
            .await;
        assert!(c.is_array(), "nothing to tap: {css}");
        self.tap_at((c[0].as_f64().unwrap(), c[1].as_f64().unwrap()), None)
            .await;
    }

    /// The page does not scroll sideways.
    async fn no_sideways_scroll(&self, what: &str) {
        let r = self
            .js(
                "return [document.documentElement.scrollWidth, innerWidth]",
                vec![],
            )
            .await;
        assert!(
            r[0].as_u64() <= r[1].as_u64(),
            "{what}: the page scrolls sideways (scrollWidth, innerWidth) = {r}"
        );
    }

    async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        self.session = None;
    }
}

impl Drop for Driver {
    /// A test that fails never reaches `quit`: end its session here all the same, so that the
    /// browser closes instead of staying behind (the driver leaves it running when killed). A
    /// plain HTTP DELETE, as no async code runs while a panic unwinds; the reply comes once the
    /// browser has gone. Then the driver stops.
    fn drop(&mut self) {
        if let Some(id) = self.session.take()
            && let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", self.port))
        {
            use std::io::{Read, Write};
            let _ = s.set_read_timeout(Some(Duration::from_secs(20)));
            let _ = write!(
                s,
                "DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n\r\n",
                self.port
            );
            let _ = s.read(&mut [0; 256]);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The answer the server holds for the newest attempt at a version.
async fn saved(t: &TestApp, version: &str) -> Value {
    let (a,): (Option<String>,) = sqlx::query_as("SELECT answer FROM practice_answers WHERE version_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1")
        .bind(version)
        .fetch_one(&t.app().db.pool)
        .await
        .unwrap();
    a.map(|a| serde_json::from_str(&a).unwrap())
        .unwrap_or(Value::Null)
}

fn near(a: &Value, b: &[f64]) -> bool {
    a.as_array().is_some_and(|a| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x.as_f64().unwrap() - y).abs() <= 1.0)
    })
}

#[tokio::test]
async fn a_trainee_labels_in_the_workbench() {
    let Some(path) = chromedriver() else { return };
    let t = TestApp::spawn().await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let (login, otp) = common::make_trainee(&t, "web").await;
    let d = Driver::start(&path, Screen::Desktop).await;

    // Sign in through the login page and choose a password.
    d.client.goto(&t.url("/login")).await.unwrap();
    d.type_into("login", &login).await;
    d.type_into("password", &otp).await;
    d.click("form.form button").await;
    d.client
        .wait()
        .for_element(Locator::Id("current"))
        .await
        .unwrap()
        .send_keys(&otp)
        .await
        .unwrap();
    d.type_into("new", "Trainee-pass-2026").await;
    d.type_into("confirm", "Trainee-pass-2026").await;
    d.click("form.form button").await;
    d.client
        .wait()
        .for_element(Locator::Css(".alert-ok"))
        .await
        .unwrap();
    d.check("the password changed").await;

    // Boxes: drag a box at fit zoom, pick its attribute; the server holds image pixels.
    let v = version_of(&t, "L5-P-BOX-001").await;
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    let (a, b) = (
        d.stage_point(120.0, 84.0).await,
        d.stage_point(145.0, 159.0).await,
    );
    d.drag(a, b).await;
    // Labels and attribute values show their display names (the glossary's, in Chinese) with
    // the key beside the label's name; the key is what is saved.
    let names = d
        .js(
            "return [[...document.querySelectorAll('.wb-label-name')].map(e => e.textContent),
                     [...document.querySelectorAll('.wb-attr-key')].map(e => e.textContent)];",
            vec![],
        )
        .await;
    assert_eq!(names[0][0], "交通信号灯traffic_light", "{names}");
    assert_eq!(names[1][0], "状态", "{names}");
    d.js("const l = [...document.querySelectorAll('.wb-attr label')].find(l => l.textContent.trim() === '红'); l.click(); return true;", vec![]).await;
    d.wait_saved().await;
    let ans = saved(&t, &v).await;
    assert_eq!(ans.as_array().unwrap().len(), 1, "{ans}");
    assert!(near(&ans[0]["bbox"], &[120.0, 84.0, 25.0, 75.0]), "{ans}");
    assert_eq!(ans[0]["attributes"]["state"], "red");

    // Zoomed in (wheel), another box: still saved in image pixels.
    let c = d.stage_point(343.0, 117.0).await;
    let scale =
        "return document.querySelector('.wb-view').transform.baseVal.consolidate().matrix.a";
    let fit = d.js(scale, vec![]).await.as_f64().unwrap();
    d.js(
        "const el = document.elementFromPoint(arguments[0], arguments[1]);
         el.dispatchEvent(new WheelEvent('wheel', {clientX: arguments[0], clientY: arguments[1], deltaY: -600, bubbles: true, cancelable: true})); return true;",
        vec![json!(c.0), json!(c.1)],
    )
    .await;
    d.wait_js(&format!("{scale} > {fit} * 1.5"), "the zoom")
        .await;
    let zoom = d.js(scale, vec![]).await;
    let (a, b) = (
        d.stage_point(330.0, 77.0).await,
        d.stage_point(357.0, 158.0).await,
    );
    d.drag(a, b).await;
    d.wait_saved().await;
    let ans = saved(&t, &v).await;
    assert_eq!(ans.as_array().unwrap().len(), 2, "{ans}");
    assert!(
        near(&ans[1]["bbox"], &[330.0, 77.0, 27.0, 81.0]),
        "zoom {zoom}: {ans}"
    );

    // Reload in the middle: every object comes back from the server.
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    let n = d
        .js(
            "return document.querySelectorAll('.wb-objects li').length",
            vec![],
        )
        .await;
    assert_eq!(n, 2);
    d.shot("boxes").await;

    // Submit: the score, the gold and the mistakes appear (an incomplete answer — the second
    // box has no attribute — asks for confirmation first).
    d.click(".wb-bar-right .wb-btn-primary:not([hidden])").await;
    d.wait_js(
        "return !!document.querySelector('.wb-modal .wb-btn-primary, .wb-score')",
        "the confirmation or the result",
    )
    .await;
    if let Ok(ok) = d
        .client
        .find(Locator::Css(".wb-modal .wb-btn-primary"))
        .await
    {
        ok.click().await.unwrap();
    }
    d.client
        .wait()
        .for_element(Locator::Css(".wb-score"))
        .await
        .unwrap();
    let feedback = d
        .js(
            "return document.querySelectorAll('.wb-fb-item').length",
            vec![],
        )
        .await;
    assert!(feedback.as_u64().unwrap() > 0, "mistakes are listed");
    let gold = d
        .js(
            "return document.querySelectorAll('.wb-layer-gold .wb-obj').length",
            vec![],
        )
        .await;
    assert!(gold.as_u64().unwrap() > 0, "gold is drawn");
    d.shot("boxes-result").await;

    // Polygons: click the vertices, close on the first point.
    let v = version_of(&t, "L5-P-POLY-001").await;
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    let square = [
        (40.0, 40.0),
        (230.0, 40.0),
        (230.0, 170.0),
        (40.0, 170.0),
        (41.0, 41.0),
    ];
    for (i, (x, y)) in square.into_iter().enumerate() {
        let p = d.stage_point(x, y).await;
        d.click_at(p).await;
        // Each click is handled before the next: a vertex more, and the last click closes.
        let placed = if i < 4 {
            format!(
                "return document.querySelectorAll('.wb-layer-draft .wb-draft-vertex').length === {}",
                i + 1
            )
        } else {
            "return !document.querySelector('.wb-layer-draft .wb-draft-vertex')
                 && document.querySelectorAll('.wb-objects li').length === 1"
                .into()
        };
        d.wait_js(&placed, "the polygon vertex").await;
    }
    d.wait_saved().await;
    let ans = saved(&t, &v).await;
    assert_eq!(
        ans[0]["points"].as_array().map(|p| p.len()),
        Some(4),
        "{ans}"
    );
    assert!(near(&ans[0]["points"][1], &[230.0, 40.0]), "{ans}");
    d.shot("polygons").await;

    // Spans: select Chinese characters with the mouse, then press the label's number.
    let v = version_of(&t, "L5-P-NER-001").await;
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    let rects = d
        .js(
            "const r = i => { const b = document.querySelector('.wb-text .wb-ch[data-i=\"' + i + '\"]').getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
             return [r(10), r(11)];",
            vec![],
        )
        .await;
    let (ra, rb) = (&rects[0], &rects[1]);
    let y = (ra[1].as_f64().unwrap() + ra[3].as_f64().unwrap()) / 2.0;
    d.drag(
        (ra[0].as_f64().unwrap() + 1.0, y),
        (rb[2].as_f64().unwrap() - 1.0, y),
    )
    .await;
    d.wait_js(
        "const p = document.querySelector('.wb-popover'); return !!p && !p.hidden",
        "the selection's label pop-up",
    )
    .await;
    d.keys("1").await;
    d.wait_saved().await;
    let ans = saved(&t, &v).await;
    assert_eq!(ans, json!([{ "label": "PER", "start": 10, "end": 12 }]));
    d.shot("spans").await;

    // Theory: pick an option with the keyboard and submit.
    let v = version_of(&t, "L5-T-ETH-001").await;
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    d.keys("t").await;
    d.wait_saved().await;
    assert_eq!(saved(&t, &v).await, json!({ "answer": true }));
    d.shot("theory").await;

    // A 单选 in the trainee's own order (set to [1, 2, 3, 0] here: bank B shows as A …, bank
    // A as D), whose explanation names options by the bank's letters: the key is chosen by its
    // shown letter, marked right after submitting, and the explanation starts with the map.
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT b.current_version, v.content FROM bank_items b
         JOIN item_versions v ON v.id = b.current_version
         WHERE b.kind = 'single_choice' AND b.uses LIKE '%practice%' ORDER BY b.level DESC, b.item_id",
    )
    .fetch_all(&t.app().db.pool)
    .await
    .unwrap();
    let (v, item) = rows
        .into_iter()
        .map(|(v, c)| (v, serde_json::from_str::<annocert::bank::Item>(&c).unwrap()))
        .find(|(_, i)| {
            i.options.as_ref().is_some_and(|o| o.len() == 4)
                && annocert::exam::shuffle::names_letters(&i.explanation, 4)
                && annocert::exam::shuffle::order_for(i, 1)
                    != annocert::exam::shuffle::order_for(i, 2)
        })
        .expect("a practice 单选 whose explanation names letters");
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    sqlx::query("UPDATE practice_answers SET option_order = '1,2,3,0' WHERE version_id = $1")
        .bind(&v)
        .execute(&t.app().db.pool)
        .await
        .unwrap();
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    let key = item.gold.as_ref().unwrap()["choice"]
        .as_str()
        .unwrap()
        .as_bytes()[0]
        - b'A';
    let shown_at = [1u8, 2, 3, 0].iter().position(|&j| j == key).unwrap();
    let options = item.options.clone().unwrap();
    let first = d
        .js(
            "return document.querySelector('.wb-option-text').textContent",
            vec![],
        )
        .await;
    assert_eq!(first, json!(options[1]), "bank B is shown first");
    d.keys(&char::from(b'A' + shown_at as u8).to_string()).await;
    d.wait_saved().await;
    let letter = char::from(b'A' + shown_at as u8).to_string();
    assert_eq!(saved(&t, &v).await, json!({ "choice": letter }));
    d.js(
        "const b = [...document.querySelectorAll('button')].find(b => b.textContent.includes('提交')); b.click(); return true;",
        vec![],
    )
    .await;
    d.wait_js("return !!document.querySelector('.wb-score')", "the result")
        .await;
    let marked = d
        .js(
            "return [...document.querySelectorAll('.wb-option.is-right .wb-option-text')].map(e => e.textContent)",
            vec![],
        )
        .await;
    assert_eq!(marked, json!([options[usize::from(key)]]));
    let map = d
        .js(
            "const m = document.querySelector('.wb-prose .wb-letter-map'); return m ? m.textContent : null",
            vec![],
        )
        .await;
    assert_eq!(
        map,
        json!(
            "解析中的选项字母按题库原顺序：题库 A = 你看到的 D，题库 B = 你看到的 A，题库 C = 你看到的 B，题库 D = 你看到的 C。"
        )
    );
    d.js(
        "document.querySelector('.wb-letter-map').scrollIntoView({ block: 'center' }); return true;",
        vec![],
    )
    .await;
    d.shot("theory_shuffled").await;

    // Every other kind opens in the workbench without a console error; a screenshot of each.
    for kind in [
        "keypoints",
        "polylines",
        "classify",
        "select",
        "table",
        "transcript",
        "single_choice",
        "multi_choice",
    ] {
        let (v,): (String,) = sqlx::query_as("SELECT current_version FROM bank_items WHERE kind = $1 AND uses LIKE '%practice%' ORDER BY level DESC, item_id LIMIT 1")
            .bind(kind)
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
        d.open(&t.url(&format!("/practice/items/{v}"))).await;
        let shown = d
            .js(
                "return document.querySelector('#workbench').children.length > 0",
                vec![],
            )
            .await;
        assert_eq!(shown, Value::Bool(true), "{kind}");
        d.shot(kind).await;
    }
    d.quit().await;
}

/// Signs in through the login page with a password already chosen.
async fn sign_in(d: &Driver, t: &TestApp, login: &str, password: &str) {
    d.client.goto(&t.url("/login")).await.unwrap();
    d.type_into("login", login).await;
    d.type_into("password", password).await;
    d.click("form.form button").await;
    // The account link shows only once signed in (every page has a navigation, also the login
    // page itself, so waiting for that raced the sign-in).
    d.client
        .wait()
        .for_element(Locator::Css("a.account"))
        .await
        .unwrap();
    d.check("signed in").await;
}

/// A whole page at 1280 wide, as tall as its content, for a person to look at.
async fn page_shot(d: &Driver, url: &str, name: &str) {
    d.client.goto(url).await.unwrap();
    d.settle().await;
    let h = d
        .js("return document.documentElement.scrollHeight", vec![])
        .await
        .as_u64()
        .unwrap_or(720)
        .clamp(720, 4000);
    d.set_height(h as u32).await;
    d.shot(name).await;
    d.set_height(720).await;
}

#[tokio::test]
async fn generated_practice_progress_and_center_pages_in_the_browser() {
    let Some(path) = chromedriver() else { return };
    let t = TestApp::spawn().await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "pv").await;
    let r = ca
        .post_json("/api/v1/users", &json!({ "role": "trainee", "real_name": "赵六", "id_number": "11010519491231002X", "phone": "13600136000", "class_name": "2026春季五级1班" }))
        .await;
    let created: Value = r.json().await.unwrap();
    let otp = created["one_time_password"].as_str().unwrap();
    let api = t.client().await;
    api.login_ok("13600136000", otp).await;
    api.change_password(otp, "Trainee-pass-2026").await;
    // Some history: theory answers right and wrong.
    for (item, right) in [("L5-T-ETH-001", true), ("L5-T-ETH-002", false)] {
        let v = version_of(&t, item).await;
        api.get(&format!("/practice/items/{v}")).await;
        api.post_json(
            &format!("/api/v1/practice/{v}/submit"),
            &json!({"answer": {"answer": right}, "seq": 1}),
        )
        .await;
    }

    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "13600136000", "Trainee-pass-2026").await;
    // A generated street scene in the workbench, submitted empty: the gold is drawn in.
    d.open(&t.url("/practice/scenes/street/4")).await;
    d.shot("scene_street").await;
    d.js(
        "const b = [...document.querySelectorAll('button')].find(b => b.textContent.includes('提交')); b.click(); return true;",
        vec![],
    )
    .await;
    // An empty answer asks for confirmation first.
    d.wait_js(
        "const again = [...document.querySelectorAll('button')].find(b => b.textContent.includes('仍然提交')); if (again) again.click(); return !!document.querySelector('.wb-score')",
        "the result",
    )
    .await;
    d.shot("scene_street_result").await;
    d.open(&t.url("/practice/scenes/text/2")).await;
    d.shot("scene_text").await;

    page_shot(&d, &t.url("/"), "page_home_trainee").await;
    page_shot(&d, &t.url("/practice"), "page_practice").await;
    page_shot(&d, &t.url("/progress"), "page_progress").await;
    page_shot(&d, &t.url("/review"), "page_review").await;
    // A mock exam: the answer sheet, then a question in exam mode.
    page_shot(&d, &t.url("/mock"), "page_mock_index").await;
    d.js(
        "document.querySelector('form.mock-start button').click(); return true;",
        vec![],
    )
    .await;
    d.wait_ready().await;
    d.shot("mock_question").await;
    let mock_url = d.client.current_url().await.unwrap();
    let paper = mock_url.as_str().rsplit_once("/q/").unwrap().0.to_string();
    page_shot(&d, &paper, "page_mock_paper").await;
    // The paper is handed in from another tab while this question is open: the next autosave
    // is refused as closed, the workbench stops editing and says why, then reloads once to
    // show the handed-in question.
    d.client.goto(mock_url.as_str()).await.unwrap();
    d.wait_ready().await;
    let handed_in = d
        .js(
            "const csrf = document.querySelector('meta[name=\"csrf-token\"]').content;
             return fetch(arguments[0] + '/submit', { method: 'POST', credentials: 'same-origin',
                 redirect: 'manual', body: new URLSearchParams({ _csrf: csrf }) })
               .then(r => r.type === 'opaqueredirect' || r.ok);",
            vec![json!(paper)],
        )
        .await;
    assert_eq!(handed_in, json!(true));
    d.js(
        "document.querySelector('.wb-option input').click(); return true;",
        vec![],
    )
    .await;
    d.wait_js(
        "const s = document.querySelector('.wb-status');
         return !!s && s.dataset.tone === 'warn' && s.textContent.includes('已交卷')",
        "the closed message",
    )
    .await;
    assert_eq!(
        d.js(
            "return document.querySelector('.wb-option input').disabled",
            vec![]
        )
        .await,
        json!(true),
        "a closed attempt takes no more input"
    );
    // After the reload the question is read-only and the paper shows its result.
    d.wait_js(
        "return document.documentElement.dataset.wbReady === '1'
             && !document.querySelector('.wb-status[data-tone=\"warn\"]')",
        "the reload",
    )
    .await;
    page_shot(&d, &paper, "page_mock_result").await;
    d.client
        .wait()
        // The legend names right and wrong only once the paper is handed in (a blank paper's
        // cells stay "not answered").
        .for_element(Locator::Css(".legend .q-right"))
        .await
        .unwrap();
    // The same pages in English, the second language.
    d.js(
        "document.querySelector('form[action=\"/lang\"] button').click(); return true;",
        vec![],
    )
    .await;
    d.wait_js("return document.documentElement.lang === 'en'", "English")
        .await;
    page_shot(&d, &t.url("/progress"), "page_progress_en").await;
    page_shot(&d, &t.url("/mock"), "page_mock_index_en").await;
    page_shot(&d, &paper, "page_mock_result_en").await;
    d.quit().await;

    // The center's views.
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "pv-admin", "Center-admin-2026").await;
    page_shot(&d, &t.url("/"), "page_home_center").await;
    page_shot(&d, &t.url("/center/progress"), "page_cohort").await;
    let (trainee_id,): (String,) =
        sqlx::query_as("SELECT id FROM users WHERE phone = '13600136000'")
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
    page_shot(
        &d,
        &t.url(&format!("/center/people/{trainee_id}/progress")),
        "page_trainee_progress",
    )
    .await;
    page_shot(&d, &t.url("/scenes/gallery"), "page_scene_gallery").await;
    page_shot(&d, &t.url("/center/banks"), "page_center_banks").await;
    let broken = d
        .js(
            "return [...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)",
            vec![],
        )
        .await;
    assert_eq!(broken, json!([]), "broken images on the banks page");
    // The gallery's pictures load lazily: load them all, wait for each, then look.
    d.client.goto(&t.url("/scenes/gallery")).await.unwrap();
    d.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const imgs = [...document.images];
             imgs.forEach((i) => { i.loading = 'eager'; });
             Promise.all(imgs.map((i) => i.decode().catch(() => {}))).then(() => done(true));",
            vec![],
        )
        .await
        .unwrap();
    let broken = d
        .js(
            "return [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)",
            vec![],
        )
        .await;
    assert_eq!(broken, json!([]), "every gallery picture loads");
    d.check("gallery, every picture loaded").await;
    d.quit().await;
}

/// A candidate sits a short exam: the ticket, the answer sheet, a question in exam mode with
/// the server's clock, the hand-in; then the center's pages: sessions, the session with its
/// roster, the live monitor, a candidate's history, the sign-in sheet and the results.
#[tokio::test]
async fn a_candidate_sits_an_exam_in_the_browser() {
    let Some(path) = chromedriver() else { return };
    let t = TestApp::spawn().await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "ex").await;
    let proctor = common::person(&t, &ca, "examiner", "jiankao1").await;
    common::person(&t, &ca, "trainee", "kaosheng1").await;
    let opens = common::T0 + 3_600_000;
    let iso = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .to_rfc3339()
    };
    let r = ca
        .post_json(
            "/api/v1/exam-sessions",
            &json!({
                "code": "2612A", "name": "五级理论 12 月场", "level": 5, "job_type": "data_annotator",
                "components": ["theory", "skill"], "starts_at": iso(opens), "ends_at": iso(opens + 4 * 3_600_000),
                "rooms": ["A101"], "pool": "open",
            }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = ca
        .http
        .put(ca.url(&format!("/api/v1/exam-sessions/{id}/staff")))
        .header("x-csrf-token", &ca.csrf)
        .json(&json!({ "proctors": ["jiankao1"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    let r = ca
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "kaosheng1", "years": 2 }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let cand = r.json::<Value>().await.unwrap()["candidate"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.clock.set(opens + 60_000);
    let r = proctor
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates/{cand}/actions"),
            &json!({ "action": "admit" }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::OK);

    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "kaosheng1", "Person-pass-2026").await;
    page_shot(&d, &t.url("/exams"), "page_exam_mine").await;
    page_shot(
        &d,
        &t.url(&format!("/exams/{id}/ticket")),
        "page_exam_ticket",
    )
    .await;
    // Start: the answer sheet with the server's time left.
    d.client.goto(&t.url("/exams")).await.unwrap();
    d.click(&format!("form[action=\"/exams/{id}/theory/start\"] button"))
        .await;
    d.wait_js(
        "return !!document.getElementById('exam-left') && /\\d+:\\d\\d/.test(document.getElementById('exam-left').textContent)",
        "the exam clock",
    )
    .await;
    let paper_url = d.client.current_url().await.unwrap().to_string();
    d.shot("page_exam_paper").await;
    // The first question in exam mode: answered, saved on the server, then back to the sheet.
    d.click(".qgrid a").await;
    d.wait_ready().await;
    d.js(
        "document.querySelector('.wb-option input').click(); return true;",
        vec![],
    )
    .await;
    d.wait_saved().await;
    d.shot("exam_question").await;
    let (answered,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM practice_answers p JOIN mock_exams m ON m.id = p.mock_id
         WHERE m.candidate_id = $1 AND p.answer IS NOT NULL",
    )
    .bind(&cand)
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    assert_eq!(answered, 1);
    d.client.goto(&paper_url).await.unwrap();
    d.wait_js(
        "return document.querySelectorAll('.qgrid .q-answered, .qgrid .q-flagged').length === 1",
        "the answered cell",
    )
    .await;
    // Hand in: the summary names the unanswered questions, then the confirmation.
    d.click("details.confirm > summary").await;
    d.shot("page_exam_hand_in").await;
    d.click("#hand-in-confirm").await;
    d.wait_js(
        "return !document.getElementById('exam-clock') && !!document.querySelector('main .card h2')",
        "the handed-in paper",
    )
    .await;
    d.shot("page_exam_handed_in").await;
    // The skill exam: one of its tasks is a generated scene, its picture under the paper's URL.
    d.client.goto(&t.url("/exams")).await.unwrap();
    d.click(&format!("form[action=\"/exams/{id}/skill/start\"] button"))
        .await;
    d.wait_js(
        "return !!document.getElementById('exam-left')",
        "the skill paper",
    )
    .await;
    let skill_url = d.client.current_url().await.unwrap().to_string();
    let mut found = false;
    for n in 1..=4 {
        d.open(&format!("{skill_url}/q/{n}")).await;
        let id = d
            .js(
                "return JSON.parse(document.getElementById('wb-task').textContent).item_id",
                vec![],
            )
            .await;
        if id.as_str().is_some_and(|s| s.contains("SCENE")) {
            d.shot("exam_scene_question").await;
            found = true;
            break;
        }
    }
    assert!(found, "a generated scene in the skill paper");
    d.client.goto(&skill_url).await.unwrap();
    d.click("details.confirm > summary").await;
    d.click("#hand-in-confirm").await;
    d.wait_js(
        "return !document.getElementById('exam-clock')",
        "the handed-in skill paper",
    )
    .await;
    d.quit().await;

    // The center's pages.
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "ex-admin", "Center-admin-2026").await;
    page_shot(&d, &t.url("/center/exams"), "page_exam_sessions").await;
    page_shot(&d, &t.url("/center/exams/new"), "page_exam_new").await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}")),
        "page_exam_session",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}/monitor")),
        "page_exam_monitor",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}/candidates/{cand}")),
        "page_exam_candidate",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}/signin")),
        "page_exam_signin",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}/results")),
        "page_exam_results",
    )
    .await;
    // After the window: publish from the results page.
    t.clock.set(opens + 4 * 3_600_000 + 1);
    sign_in(&d, &t, "ex-admin", "Center-admin-2026").await;
    d.client
        .goto(&t.url(&format!("/center/exams/{id}/results")))
        .await
        .unwrap();
    d.click("details.confirm > summary").await;
    d.click("details.confirm button[type=submit]").await;
    d.wait_js(
        "return !document.querySelector('details.confirm') && !!document.querySelector('.tag-ok')",
        "the published results",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}/results")),
        "page_exam_results_published",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}/analysis")),
        "page_item_analysis_session",
    )
    .await;
    page_shot(
        &d,
        &t.url("/center/analysis?level=5&source=exams"),
        "page_item_analysis_level",
    )
    .await;
    d.quit().await;

    // The candidate sees the score and the breakdown per function.
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "kaosheng1", "Person-pass-2026").await;
    page_shot(&d, &paper_url, "page_exam_result").await;
    d.client
        .wait()
        .for_element(Locator::Css(".big-num"))
        .await
        .unwrap();
    page_shot(&d, &t.url("/exams"), "page_exam_mine_published").await;
    d.quit().await;
}

/// Counts the pages of a PDF (its page objects: `/Type /Page`, not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let mut n = 0;
    let mut rest = text.as_ref();
    while let Some(i) = rest.find("/Type") {
        rest = &rest[i + 5..];
        let t = rest.trim_start();
        if t.starts_with("/Page") && !t.starts_with("/Pages") {
            n += 1;
        }
    }
    n
}

/// The certificate prints on one A4 landscape page; the verification page (the QR target) reads
/// on a phone; the holder's, the center's and the public pages look as they should.
#[tokio::test]
async fn certificates_in_the_browser() {
    let Some(path) = chromedriver() else { return };
    let c = common::exam::center().await;
    let (_, holder) = common::exam::published(&c, "2612p").await;
    let (_, mine) = holder.get_json("/api/v1/my/certificates").await;
    let id = mine[0]["id"].as_str().unwrap().to_string();
    let compact: String = mine[0]["number"].as_str().unwrap().replace('-', "");
    let t = &c.t;
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, t, "cand1", "Person-pass-2026").await;
    page_shot(&d, &t.url("/certificates"), "page_cert_mine").await;
    page_shot(
        &d,
        &t.url(&format!("/certificates/{id}")),
        "page_certificate",
    )
    .await;
    if !firefox() {
        use fantoccini::wd::{PrintConfiguration, PrintOrientation, PrintSize};
        let cfg = PrintConfiguration::builder()
            .orientation(PrintOrientation::Landscape)
            .size(PrintSize::A4)
            .background(true)
            .build()
            .unwrap();
        let pdf = d.client.print(cfg).await.unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::write(dir.join("certificate.pdf"), &pdf).unwrap();
        assert_eq!(pdf_pages(&pdf), 1, "the certificate prints on one page");
    }
    d.quit().await;

    // The public pages, without a session: at desktop width and on a 390 px phone.
    let d = Driver::start(&path, Screen::Desktop).await;
    page_shot(
        &d,
        &t.url(&format!("/verify/{compact}")),
        "page_verify_valid",
    )
    .await;
    page_shot(
        &d,
        &t.url("/verify?number=HZ01-2026-5-000001-00"),
        "page_verify_typo",
    )
    .await;
    page_shot(&d, &t.url("/verify/bulk"), "page_verify_bulk").await;
    // A 390 px phone (Chromium: headless Firefox keeps a wider minimum window).
    if !firefox() {
        d.client.set_window_size(390, 844).await.unwrap();
        d.client
            .goto(&t.url(&format!("/verify/{compact}")))
            .await
            .unwrap();
        d.wait_js("return window.innerWidth <= 400", "the phone width")
            .await;
        let wide = d
            .js(
                "return document.documentElement.scrollWidth > window.innerWidth + 1",
                vec![],
            )
            .await;
        assert_eq!(wide, json!(false), "nothing scrolls sideways on a phone");
        d.shot("page_verify_phone").await;
    }
    d.quit().await;

    // The center's list.
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, t, "hz01-admin", "Center-admin-2026").await;
    page_shot(&d, &t.url("/center/certificates"), "page_cert_center").await;
    page_shot(
        &d,
        &t.url(&format!("/certificates/{id}")),
        "page_certificate_manager",
    )
    .await;
    d.quit().await;
}

/// A written task in a level-2 skill paper, then marking: the examiner's queue, the scoring
/// screen (bands, points, reasons, autosave, submit), the chief's panel and the overview.
#[tokio::test]
async fn examiners_mark_written_answers_in_the_browser() {
    let Some(path) = chromedriver() else { return };
    let t = TestApp::spawn().await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "mk").await;
    let mut examiners = vec![];
    for name in ["kaoping1", "kaoping2", "kaoping3"] {
        examiners.push(common::person(&t, &ca, "examiner", name).await);
    }
    let proctor = common::person(&t, &ca, "examiner", "jiankao1").await;
    common::person(&t, &ca, "trainee", "kaosheng1").await;
    let opens = common::T0 + 3_600_000;
    let iso = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .to_rfc3339()
    };
    let r = ca
        .post_json(
            "/api/v1/exam-sessions",
            &json!({
                "code": "2612M", "name": "二级技能 12 月场", "level": 2, "job_type": "data_annotator",
                "components": ["skill"], "starts_at": iso(opens), "ends_at": iso(opens + 4 * 3_600_000),
                "rooms": ["B201"], "pool": "open",
            }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = ca
        .http
        .put(ca.url(&format!("/api/v1/exam-sessions/{id}/staff")))
        .header("x-csrf-token", &ca.csrf)
        .json(&json!({ "proctors": ["jiankao1"], "examiners": ["kaoping1", "kaoping2", "kaoping3"], "chief": "kaoping1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    let r = ca
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            &json!({ "username": "kaosheng1", "years": 10, "override_reason": "浏览器测试" }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let cand = r.json::<Value>().await.unwrap()["candidate"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.clock.set(opens + 60_000);
    let r = proctor
        .post_json(
            &format!("/api/v1/exam-sessions/{id}/candidates/{cand}/actions"),
            &json!({ "action": "admit" }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::OK);

    // The candidate writes the answer in the workbench.
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "kaosheng1", "Person-pass-2026").await;
    d.client.goto(&t.url("/exams")).await.unwrap();
    d.click(&format!("form[action=\"/exams/{id}/skill/start\"] button"))
        .await;
    d.wait_js(
        "return !!document.getElementById('exam-left')",
        "the skill paper",
    )
    .await;
    let paper_url = d.client.current_url().await.unwrap().to_string();
    let mut written = None;
    for n in 1..=5 {
        d.open(&format!("{paper_url}/q/{n}")).await;
        if d.js("return !!document.getElementById('wb-written')", vec![])
            .await
            == Value::Bool(true)
        {
            written = Some(n);
            break;
        }
    }
    assert!(
        written.is_some(),
        "a written task in the level-2 skill paper"
    );
    d.type_into(
        "wb-written",
        "一、项目背景：本项目对城市道路图像进行标注……\n二、实施方案：分三个阶段……",
    )
    .await;
    d.wait_saved().await;
    d.shot("exam_written_question").await;
    d.client.goto(&paper_url).await.unwrap();
    d.click("details.confirm > summary").await;
    d.click("#hand-in-confirm").await;
    d.wait_js(
        "return !document.getElementById('exam-clock')",
        "the handed-in paper",
    )
    .await;
    d.quit().await;
    let (script,): (String,) = sqlx::query_as(
        "SELECT p.id FROM practice_answers p JOIN mock_exams m ON m.id = p.mock_id
         WHERE m.candidate_id = $1 AND p.marking = 1",
    )
    .bind(&cand)
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();

    // The chief scores in the browser: bands, a reason, the autosave, then submit.
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "kaoping1", "Person-pass-2026").await;
    page_shot(&d, &t.url("/marking"), "page_marking_queue").await;
    d.click(&format!("a[href=\"/marking/{script}\"]")).await;
    d.wait_js(
        "return !!document.getElementById('rubric-form')",
        "the scoring screen",
    )
    .await;
    // Every criterion: its second-highest band's top, with a reason.
    d.js(
        "for (const f of document.querySelectorAll('fieldset.criterion')) {
           const bands = f.querySelectorAll('button.band');
           bands[Math.max(0, bands.length - 2)].click();
           const r = f.querySelector('textarea.reason');
           r.value = '要点不全：缺少风险分析';
           r.dispatchEvent(new Event('input', { bubbles: true }));
         }
         return true;",
        vec![],
    )
    .await;
    d.wait_js(
        "return /已自动保存|Saved/.test(document.getElementById('mark-status').textContent)",
        "the autosave",
    )
    .await;
    let h = d
        .js("return document.documentElement.scrollHeight", vec![])
        .await
        .as_u64()
        .unwrap_or(720)
        .clamp(720, 4000);
    d.set_height(h as u32).await;
    d.shot("page_marking_script").await;
    d.set_height(720).await;
    d.js("window.confirm = () => true; return true;", vec![])
        .await;
    d.click("button[value=submit]").await;
    d.wait_js(
        "return location.pathname === '/marking'",
        "back to the queue",
    )
    .await;
    d.check("queue after submit").await;

    // The two others by API: one far lower, so the script goes to the panel.
    for (b, low) in [(&examiners[1], false), (&examiners[2], true)] {
        let (_, v) = b.get_json(&format!("/api/v1/marking/{script}")).await;
        let mut points = serde_json::Map::new();
        let mut reasons = serde_json::Map::new();
        for c in v["item"]["criteria"].as_array().unwrap() {
            let max = c["max"].as_f64().unwrap();
            let p = if low { 0.0 } else { (max - 1.0).max(0.0) };
            points.insert(c["id"].as_str().unwrap().into(), json!(p));
            reasons.insert(c["id"].as_str().unwrap().into(), json!("不完整"));
        }
        let r = b
            .http
            .put(b.url(&format!("/api/v1/marking/{script}")))
            .header("x-csrf-token", &b.csrf)
            .json(&json!({"seq": 0, "points": points, "reasons": reasons, "submit": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::OK, "{:?}", r.text().await);
    }
    page_shot(
        &d,
        &t.url(&format!("/marking/{script}")),
        "page_marking_panel",
    )
    .await;
    d.js(
        "for (const i of document.querySelectorAll('input[id^=\"panel-\"]')) i.value = Math.floor(Number(i.max) / 2);
         document.getElementById('panel-reason').value = '评审组合议：方案要点基本齐全，风险分析欠缺';
         return true;",
        vec![],
    )
    .await;
    d.click("form[action$=\"/panel\"] button[type=submit]")
        .await;
    d.wait_js(
        "return !document.getElementById('panel-reason') && !!document.querySelector('.marks-table')",
        "the decided script",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/marking/{script}")),
        "page_marking_final",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}/marking")),
        "page_marking_overview_chief",
    )
    .await;
    d.quit().await;

    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "mk-admin", "Center-admin-2026").await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}/marking")),
        "page_marking_overview",
    )
    .await;
    page_shot(
        &d,
        &t.url(&format!("/center/exams/{id}")),
        "page_exam_session_staff",
    )
    .await;
    d.quit().await;
    // Practice reviews: a trainee's written answer in practice, reviewed by a trainer.
    let xue = common::person(&t, &ca, "trainee", "xueyuan1").await;
    let v = common::version_of(&t, "L4-P-RUB-001").await;
    assert_eq!(
        xue.get(&format!("/practice/items/{v}")).await.status(),
        reqwest::StatusCode::OK
    );
    let r = xue
        .post_json(
            &format!("/api/v1/practice/{v}/submit"),
            &json!({"answer": {"text": "审核报告：抽检 100 张，正确率 91%，低于 95%，本批不合格，整批退回返工。"}, "seq": 1}),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::OK, "{:?}", r.text().await);
    let (attempt,): (String,) = sqlx::query_as(
        "SELECT p.id FROM practice_answers p JOIN users u ON u.id = p.user_id WHERE u.username = 'xueyuan1'",
    )
    .fetch_one(&t.app().db.pool)
    .await
    .unwrap();
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "kaoping2", "Person-pass-2026").await;
    page_shot(&d, &t.url("/reviews"), "page_reviews_queue").await;
    page_shot(&d, &t.url(&format!("/reviews/{attempt}")), "page_review").await;
    d.quit().await;
    let d = Driver::start(&path, Screen::Desktop).await;
    sign_in(&d, &t, "xueyuan1", "Person-pass-2026").await;
    d.open(&t.url(&format!("/practice/attempts/{attempt}")))
        .await;
    d.shot("practice_written_pending").await;
    d.quit().await;
}

/// Signs in with the one-time password and chooses `password` (the first sign-in of a trainee).
async fn first_sign_in(d: &Driver, t: &TestApp, login: &str, otp: &str, password: &str) {
    d.client.goto(&t.url("/login")).await.unwrap();
    d.type_into("login", login).await;
    d.type_into("password", otp).await;
    d.click("form.form button").await;
    d.client
        .wait()
        .for_element(Locator::Id("current"))
        .await
        .unwrap()
        .send_keys(otp)
        .await
        .unwrap();
    d.type_into("new", password).await;
    d.type_into("confirm", password).await;
    d.click("form.form button").await;
    d.client
        .wait()
        .for_element(Locator::Css(".alert-ok"))
        .await
        .unwrap();
    d.check("the password changed").await;
}

impl Driver {
    /// Image pixels under viewport point (x, y): what the workbench must store for a touch there.
    async fn image_point(&self, p: (f64, f64)) -> (f64, f64) {
        let v = self
            .js(
                "const st = document.querySelector('.wb-svg').getBoundingClientRect();
                 const g = document.querySelector('.wb-view').transform.baseVal.consolidate().matrix;
                 return [(arguments[0] - st.left - g.e) / g.a, (arguments[1] - st.top - g.f) / g.d];",
                vec![json!(p.0.round()), json!(p.1.round())],
            )
            .await;
        (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
    }

    /// Taps the first shown element matching `css` whose text is `text`.
    async fn tap_text(&self, css: &str, text: &str) {
        let c = self
            .js(
                "const el = [...document.querySelectorAll(arguments[0])]
                   .find((e) => e.getClientRects().length && e.textContent.trim() === arguments[1]);
                 if (!el) return null;
                 el.scrollIntoView({ block: 'nearest' });
                 const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];",
                vec![json!(css), json!(text)],
            )
            .await;
        assert!(c.is_array(), "nothing to tap: {css} «{text}»");
        self.tap_at((c[0].as_f64().unwrap(), c[1].as_f64().unwrap()), None)
            .await;
    }

    /// Taps the bottom sheet's tab whose title starts with `title` (titles may end in a count).
    async fn tap_tab(&self, title: &str) {
        let id = self
            .js(
                "const b = [...document.querySelectorAll('.wb-sheet-tab')].find((b) => b.textContent.startsWith(arguments[0]));
                 return b ? b.id : null;",
                vec![json!(title)],
            )
            .await;
        let id = id
            .as_str()
            .unwrap_or_else(|| panic!("no sheet tab «{title}»"))
            .to_string();
        self.tap(&format!("#{id}")).await;
        self.wait_js(
            &format!(
                "return document.getElementById('{id}').getAttribute('aria-selected') === 'true'"
            ),
            "the tab",
        )
        .await;
    }

    /// Waits until the bottom sheet rests in `state` (collapsed, half or full) at its height.
    async fn wait_sheet(&self, state: &str) {
        self.wait_js(
            &format!(
                "const s = document.querySelector('.wb-side');
                 return s.dataset.sheet === '{state}'
                   && Math.abs(s.getBoundingClientRect().height - parseFloat(s.style.getPropertyValue('--wb-sheet-h'))) < 1"
            ),
            "the sheet",
        )
        .await;
    }

    async fn scale(&self) -> f64 {
        self.js(
            "return document.querySelector('.wb-view').transform.baseVal.consolidate().matrix.a",
            vec![],
        )
        .await
        .as_f64()
        .unwrap()
    }
}

/// Both numbers within `tol` of each other, pairwise.
fn close_to(a: &Value, b: &[f64], tol: f64) -> bool {
    a.as_array().is_some_and(|a| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x.as_f64().unwrap() - y).abs() <= tol)
    })
}

/// The box [x, y, w, h] from two corners in image pixels.
fn bbox_of(a: (f64, f64), b: (f64, f64)) -> [f64; 4] {
    [
        a.0.min(b.0),
        a.1.min(b.1),
        (b.0 - a.0).abs(),
        (b.1 - a.1).abs(),
    ]
}

#[tokio::test]
async fn a_trainee_labels_by_touch_on_a_phone() {
    if firefox() {
        eprintln!(
            "skipping the phone test under Firefox: it needs Chromium's mobile emulation (device metrics, touch events)"
        );
        return;
    }
    let Some(path) = chromedriver() else { return };
    let t = TestApp::spawn().await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let (login, otp) = common::make_trainee(&t, "phone").await;
    let password = "Trainee-pass-2026";
    let d = Driver::start(&path, Screen::PHONE).await;
    d.client.goto(&t.url("/login")).await.unwrap();
    let env = d
        .js(
            "return [innerWidth, navigator.maxTouchPoints > 0, matchMedia('(pointer: coarse)').matches]",
            vec![],
        )
        .await;
    assert_eq!(env, json!([390, true, true]), "a touch phone 390 px wide");
    first_sign_in(&d, &t, &login, &otp, password).await;

    // Boxes: the stage takes the whole width, the panel is a collapsed bottom sheet.
    let v = version_of(&t, "L5-P-BOX-001").await;
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    d.no_sideways_scroll("boxes").await;
    let layout = d
        .js(
            "const s = document.querySelector('.wb-stage').getBoundingClientRect();
             return [Math.round(s.width), document.querySelector('.wb-side').dataset.sheet,
                     document.querySelector('.wb').classList.contains('wb-narrow')]",
            vec![],
        )
        .await;
    assert_eq!(layout, json!([390, "collapsed", true]));

    // One finger draws a box: stored in image pixels, those under the finger.
    let (a, b) = (
        d.stage_point(120.0, 84.0).await,
        d.stage_point(145.0, 159.0).await,
    );
    let (ia, ib) = (d.image_point(a).await, d.image_point(b).await);
    d.touch_drag(a, b).await;
    d.wait_saved().await;
    let ans = saved(&t, &v).await;
    assert_eq!(ans.as_array().unwrap().len(), 1, "{ans}");
    assert!(close_to(&ans[0]["bbox"], &bbox_of(ia, ib), 0.15), "{ans}");
    assert!(
        close_to(&ans[0]["bbox"], &[120.0, 84.0, 25.0, 75.0], 2.0),
        "{ans}"
    );
    // handles are finger-sized once a finger has touched the stage
    let pad = d
        .js(
            "const r = [...document.querySelectorAll('.wb-layer-handles .wb-pad')].map((e) => e.getBoundingClientRect());
             return r.length ? Math.min(...r.map((b) => Math.min(b.width, b.height))) : 0",
            vec![],
        )
        .await;
    assert!(pad.as_f64().unwrap() >= 40.0, "handle touch targets {pad}");

    // Two fingers pinch around the second light: zoomed in, the point between the fingers stays
    // where it was, and nothing is drawn.
    let c = d.stage_point(343.0, 117.0).await;
    let fit = d.scale().await;
    d.touch(vec![
        Driver::swipe_steps((c.0 - 20.0, c.1), (c.0 - 90.0, c.1)),
        Driver::swipe_steps((c.0 + 20.0, c.1), (c.0 + 90.0, c.1)),
    ])
    .await;
    d.wait_js(
        &format!(
            "return document.querySelector('.wb-view').transform.baseVal.consolidate().matrix.a > {fit} * 3"
        ),
        "the pinch zoom",
    )
    .await;
    let under = d.image_point(c).await;
    assert!(
        (under.0 - 343.0).abs() < 3.0 && (under.1 - 117.0).abs() < 3.0,
        "the pinch keeps its midpoint: {under:?}"
    );
    let n = d
        .js(
            "return document.querySelectorAll('.wb-objects li').length",
            vec![],
        )
        .await;
    assert_eq!(n, json!(1), "a pinch draws nothing");

    // Zoomed in, one finger draws the next box: still image pixels.
    let zoom = d.scale().await;
    let (a, b) = (
        d.stage_point(330.0, 77.0).await,
        d.stage_point(357.0, 158.0).await,
    );
    let (ia, ib) = (d.image_point(a).await, d.image_point(b).await);
    d.touch_drag(a, b).await;
    d.wait_js(
        "return document.querySelectorAll('.wb-objects li').length === 2",
        "the second box",
    )
    .await;
    d.wait_saved().await;
    let ans = saved(&t, &v).await;
    assert!(
        close_to(&ans[1]["bbox"], &bbox_of(ia, ib), 0.15),
        "zoom {zoom}: {ans}"
    );
    assert!(near(&ans[1]["bbox"], &[330.0, 77.0, 27.0, 81.0]), "{ans}");
    d.shot("phone-boxes-zoomed").await;

    // The sheet: a tap on its handle opens it half way; the attribute of the new box is picked
    // on its tab.
    d.tap(".wb-sheet-handle").await;
    d.wait_sheet("half").await;
    d.tap_tab("对象 #2").await;
    d.tap_text(".wb-seg-opt", "绿").await;
    d.wait_js(
        "return !!document.querySelector('.wb-seg-opt input[value=\"green\"]:checked')",
        "the attribute",
    )
    .await;
    d.wait_saved().await;
    assert_eq!(saved(&t, &v).await[1]["attributes"]["state"], "green");
    d.no_sideways_scroll("the sheet").await;
    d.shot("phone-boxes-sheet").await;

    // Handle taps: half → full → collapsed.
    d.tap(".wb-sheet-handle").await;
    d.wait_sheet("full").await;
    d.tap(".wb-sheet-handle").await;
    d.wait_sheet("collapsed").await;

    // A tap selects: the first box, seen whole again.
    d.tap("[data-tool=fit]").await;
    let p = d.stage_point(132.0, 121.0).await;
    d.tap_at(p, None).await;
    d.wait_js(
        "const s = document.querySelector('.wb-object.is-sel .wb-object-no'); return !!s && s.textContent === '#1'",
        "the tapped box selected",
    )
    .await;

    // The sheet again: a finger drags it up (it rests open) and back down (collapsed).
    let handle = d
        .js(
            "const r = document.querySelector('.wb-sheet-handle').getBoundingClientRect();
             return [r.left + r.width / 2, r.top + r.height / 2]",
            vec![],
        )
        .await;
    let h = (handle[0].as_f64().unwrap(), handle[1].as_f64().unwrap());
    d.touch_drag(h, (h.0, h.1 - 320.0)).await;
    d.wait_js(
        "const s = document.querySelector('.wb-side');
         return s.dataset.sheet !== 'collapsed' && !s.classList.contains('is-dragging')
           && Math.abs(s.getBoundingClientRect().height - parseFloat(s.style.getPropertyValue('--wb-sheet-h'))) < 1",
        "the sheet dragged open",
    )
    .await;
    let top = d
        .js(
            "const r = document.querySelector('.wb-sheet-handle').getBoundingClientRect(); return r.top + r.height / 2",
            vec![],
        )
        .await
        .as_f64()
        .unwrap();
    d.touch_drag((h.0, top), (h.0, 835.0)).await;
    d.wait_sheet("collapsed").await;

    // Another street: a box by touch, its class and attributes picked in the sheet, submitted;
    // the result opens in the sheet. (A new session for each page touched: chromedriver stops
    // dispatching touches to a page opened after a page where the touched element was removed
    // from the document, which the panel's re-rendering does; a phone has no such trouble.)
    d.quit().await;
    let d = Driver::start(&path, Screen::PHONE).await;
    sign_in(&d, &t, &login, password).await;
    let v = version_of(&t, "L5-P-BOX-003").await;
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    let (a, b) = (
        d.stage_point(3.0, 288.0).await,
        d.stage_point(168.0, 370.0).await,
    );
    d.touch_drag(a, b).await;
    d.wait_js(
        "return document.querySelectorAll('.wb-objects li').length === 1",
        "the box",
    )
    .await;
    d.tap(".wb-sheet-handle").await;
    d.wait_sheet("half").await;
    d.tap_tab("标签").await;
    d.tap(".wb-label[data-label=bus]").await;
    d.wait_js(
        "return document.querySelector('.wb-label[data-label=bus]').getAttribute('aria-checked') === 'true'",
        "the label",
    )
    .await;
    d.tap_tab("对象 #1").await;
    d.tap_text(".wb-seg[aria-label='遮挡'] .wb-seg-opt", "否")
        .await;
    d.tap_text(".wb-seg[aria-label='截断'] .wb-seg-opt", "是")
        .await;
    d.wait_js(
        "return document.querySelectorAll('.wb-seg-opt input:checked').length === 2",
        "the attributes",
    )
    .await;
    d.wait_saved().await;
    let ans = saved(&t, &v).await;
    assert_eq!(ans[0]["label"], "bus", "{ans}");
    assert_eq!(
        ans[0]["attributes"],
        json!({ "occluded": "false", "truncated": "true" })
    );
    d.tap(".wb-bar-right .wb-btn-primary:not([hidden])").await;
    d.wait_js(
        "return !!document.querySelector('.wb-modal .wb-btn-primary, .wb-score')",
        "the confirmation or the result",
    )
    .await;
    if d.js("return !!document.querySelector('.wb-modal')", vec![])
        .await
        == json!(true)
    {
        d.tap(".wb-modal .wb-btn-primary").await;
    }
    d.wait_js(
        "const s = document.querySelector('.wb-score');
         if (!s || document.querySelector('.wb-side').dataset.sheet === 'collapsed') return false;
         const r = s.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.height > 0",
        "the result in the sheet",
    )
    .await;
    let result = d
        .js(
            "return [document.querySelector('.wb-score-value').textContent,
                     [...document.querySelectorAll('.wb-fb-item')].map((e) => e.textContent)]",
            vec![],
        )
        .await;
    let score = result[0].as_str().unwrap();
    assert!(score.ends_with('%'), "{result}");
    let mistakes = result[1].as_array().unwrap();
    assert_eq!(
        mistakes.len(),
        3,
        "three cars and trucks were not drawn: {result}"
    );
    assert!(
        mistakes
            .iter()
            .all(|m| m.as_str().unwrap().contains("漏标")),
        "{result}"
    );
    d.no_sideways_scroll("the result").await;
    d.shot("phone-boxes-result").await;

    // A polygon by touch: a tap for each corner, a tap on the first point closes it.
    d.quit().await;
    let d = Driver::start(&path, Screen::PHONE).await;
    sign_in(&d, &t, &login, password).await;
    let v = version_of(&t, "L5-P-POLY-001").await;
    d.open(&t.url(&format!("/practice/items/{v}"))).await;
    let square = [
        (40.0, 40.0),
        (230.0, 40.0),
        (230.0, 170.0),
        (40.0, 170.0),
        (42.0, 42.0),
    ];
    let mut expect = Vec::new();
    for (i, (x, y)) in square.into_iter().enumerate() {
        let p = d.stage_point(x, y).await;
        expect.push(d.image_point(p).await);
        d.tap_at(p, None).await;
        let placed = if i < 4 {
            format!(
                "return document.querySelectorAll('.wb-layer-draft .wb-draft-vertex').length === {}",
                i + 1
            )
        } else {
            "return !document.querySelector('.wb-layer-draft .wb-draft-vertex')
                 && document.querySelectorAll('.wb-objects li').length === 1"
                .into()
        };
        d.wait_js(&placed, "the polygon vertex").await;
    }
    d.wait_saved().await;
    let ans = saved(&t, &v).await;
    let points = ans[0]["points"].as_array().unwrap();
    assert_eq!(points.len(), 4, "{ans}");
    for (p, e) in points.iter().zip(&expect) {
        assert!(close_to(p, &[e.0, e.1], 0.15), "{ans}");
    }
    assert!(close_to(&points[1], &[230.0, 40.0], 2.0), "{ans}");
    d.shot("phone-polygons").await;

    // A long press on the polygon offers its actions (what a right click or a key gives on a
    // desktop); delete it there, then undo with the tool bar's button.
    let p = d.stage_point(135.0, 105.0).await;
    d.tap_at(p, Some(Duration::from_millis(800))).await;
    d.wait_js(
        "return !!document.querySelector('.wb-menu')",
        "the long-press menu",
    )
    .await;
    d.shot("phone-longpress").await;
    d.tap(".wb-menu-item.is-danger").await;
    d.wait_js(
        "return document.querySelectorAll('.wb-objects li').length === 0 && !document.querySelector('.wb-menu')",
        "the deletion",
    )
    .await;
    d.wait_saved().await;
    assert_eq!(saved(&t, &v).await, json!([]));
    d.tap("[data-tool=undo]").await;
    d.wait_js(
        "return document.querySelectorAll('.wb-objects li').length === 1",
        "the undo",
    )
    .await;
    d.wait_saved().await;
    assert_eq!(
        saved(&t, &v).await[0]["points"].as_array().map(Vec::len),
        Some(4)
    );
    d.quit().await;

    // Every kind at phone width: nothing scrolls sideways; the sheet open half way where there
    // is one (opened by a WebDriver click: see above for touches across pages).
    let d = Driver::start(&path, Screen::PHONE).await;
    sign_in(&d, &t, &login, password).await;
    for kind in [
        "keypoints",
        "polylines",
        "spans",
        "classify",
        "select",
        "table",
        "transcript",
        "true_false",
        "single_choice",
        "multi_choice",
        "rubric",
    ] {
        let (v,): (String,) = sqlx::query_as("SELECT current_version FROM bank_items WHERE kind = $1 AND uses LIKE '%practice%' ORDER BY level DESC, item_id LIMIT 1")
            .bind(kind)
            .fetch_one(&t.app().db.pool)
            .await
            .unwrap();
        d.open(&t.url(&format!("/practice/items/{v}"))).await;
        d.no_sideways_scroll(kind).await;
        let sheet = d
            .js(
                "const h = document.querySelector('.wb-sheet-handle'); return !!h && h.getClientRects().length > 0",
                vec![],
            )
            .await;
        if sheet == json!(true) {
            d.click(".wb-sheet-handle").await;
            d.wait_sheet("half").await;
        }
        d.no_sideways_scroll(kind).await;
        d.shot(&format!("phone-{kind}")).await;
    }
    d.quit().await;

    // Tablets: landscape 1024 × 768 keeps the desktop layout (the panel beside the stage);
    // upright 768 × 1024 takes the narrow one (the stage the whole width, the bottom sheet).
    for (w, h, narrow) in [(1024, 768, false), (768, 1024, true)] {
        let d = Driver::start(&path, Screen::tablet(w, h)).await;
        sign_in(&d, &t, &login, password).await;
        for item in ["L5-P-BOX-001", "L5-P-NER-001"] {
            let v = version_of(&t, item).await;
            d.open(&t.url(&format!("/practice/items/{v}"))).await;
            let is = d
                .js(
                    "return [innerWidth, document.querySelector('.wb').classList.contains('wb-narrow')]",
                    vec![],
                )
                .await;
            assert_eq!(is, json!([w, narrow]), "{item} at {w} × {h}");
            d.no_sideways_scroll(item).await;
            d.shot(&format!("tablet-{w}x{h}-{item}")).await;
        }
        d.quit().await;
    }
}

/// The site's own pages at phone width (390 × 844, touch), for a visitor, a center admin and a
/// trainee: nothing scrolls sideways, the top bar is a menu button that opens the navigation
/// and closes on Escape with the focus back on it, and `check` runs the accessibility audit on
/// each page at this width (the desktop tests audit the same pages at 1280).
#[tokio::test]
async fn pages_at_phone_width() {
    if firefox() {
        eprintln!("skipping the phone pages under Firefox: they need Chromium's mobile emulation");
        return;
    }
    let Some(path) = chromedriver() else { return };
    let t = TestApp::spawn().await;
    annocert::app::bank::import_shipped_if_changed(t.app())
        .await
        .unwrap();
    let admin = t.admin_browser().await;
    let (_, ca) = t.center_admin(&admin, "ph01").await;
    common::person(&t, &ca, "trainee", "shouji1").await;
    let d = Driver::start(&path, Screen::PHONE).await;

    let visit = |url: &'static str| {
        let d = &d;
        let t = &t;
        async move {
            d.client.goto(&t.url(url)).await.unwrap();
            let name = format!("phone{}", url.replace('/', "_"));
            d.shot(&name).await;
            d.no_sideways_scroll(url).await;
        }
    };
    for url in ["/login", "/verify", "/curriculum"] {
        visit(url).await;
    }
    // An error page (a visitor may not see the scenes) is a page too.
    d.client.goto(&t.url("/scenes/gallery")).await.unwrap();
    d.settle().await;
    assert!(d.audit().await.is_empty(), "the error page at phone width");

    sign_in(&d, &t, "ph01-admin", "Center-admin-2026").await;
    // The menu: closed, the links hidden; opened by its button; closed by Escape.
    let state = "const b = document.querySelector('.menu-btn');
                 const a = document.querySelector('.mainnav a');
                 return [!b.hidden && b.getClientRects().length > 0, b.getAttribute('aria-expanded'),
                         a.getClientRects().length > 0, document.activeElement === b];";
    assert_eq!(
        d.js(state, vec![]).await,
        json!([true, "false", false, false])
    );
    d.click(".menu-btn").await;
    assert_eq!(d.js(state, vec![]).await, json!([true, "true", true, true]));
    d.no_sideways_scroll("the open menu").await;
    d.shot("phone_menu_open").await;
    d.keys("\u{e00c}").await; // Escape
    assert_eq!(
        d.js(state, vec![]).await,
        json!([true, "false", false, true])
    );
    for url in [
        "/",
        "/center/people",
        "/center/exams",
        "/center/exams/new",
        "/center/certificates",
        "/center/progress",
        "/center/banks",
        "/center/analysis",
        "/reviews",
        "/audit",
        "/account",
    ] {
        visit(url).await;
    }

    d.client.delete_all_cookies().await.unwrap();
    sign_in(&d, &t, "shouji1", "Person-pass-2026").await;
    for url in [
        "/",
        "/exams",
        "/certificates",
        "/practice",
        "/progress",
        "/review",
        "/mock",
    ] {
        visit(url).await;
    }
    d.quit().await;
}
