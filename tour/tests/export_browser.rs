//! The HTML export in a real browser: headless Chromium driven through
//! chromedriver with `fantoccini`. For every example on both backends,
//! stepping forward visits every event of the timeline in order, the marker
//! in the Python source follows the generator's line, stepping back retraces
//! the same states, and both backends' pages agree. The page loads nothing
//! from outside and the browser logs no error.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium
//! chromium-driver`). Without them the test writes why it was skipped to
//! stderr, where the test harness shows it.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use pygen::Backend;
use pygen_tour::export::{self, Format};
use pygen_tour::tutorial::{self, Example};
use serde_json::json;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The browser, if one is installed.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PYGEN_CHROMIUM") {
        return Some(path.into());
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// What the page shows after a step: how many rows, the current row's
/// text, the marked source line, and the position label.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    rows: usize,
    current: String,
    marked: String,
    pos: String,
}

const STATE: &str = "(function (id) {
  var sec = document.getElementById(id);
  var cur = sec.querySelector('.timeline .row.current');
  var here = sec.querySelectorAll('.source .line.here');
  var marks = Array.from(sec.querySelectorAll('.source .mark'))
    .filter(function (m) { return m.textContent !== ''; }).length;
  return JSON.stringify([
    sec.querySelectorAll('.timeline .row:not(.hidden)').length,
    cur ? cur.textContent : '',
    here.length === 1 && marks === 1 ? here[0].dataset.line : (here.length + marks > 0 ? 'BAD' : ''),
    sec.querySelector('.pos').textContent
  ]);
})";

/// chromedriver's log endpoint (not in the W3C protocol, so not in fantoccini).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

async fn shown(client: &Client, id: &str) -> Shown {
    let json = client
        .execute(&format!("return {STATE}(arguments[0]);"), vec![json!(id)])
        .await
        .unwrap();
    parse(json.as_str().unwrap())
}

/// [`STATE`]'s answer.
fn parse(json: &str) -> Shown {
    let v: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    let text = |i: usize| v[i].as_str().unwrap().to_owned();
    Shown {
        rows: v[0].as_u64().unwrap() as usize,
        current: text(1),
        marked: text(2),
        pos: text(3),
    }
}

async fn click(client: &Client, id: &str, button: &str) {
    client
        .find(Locator::Css(&format!("#{id} .{button}")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Clicks `button` of example `id` `times` times in the page and returns
/// the state after each click (one round trip for the whole run).
async fn clicks(client: &Client, id: &str, button: &str, times: usize) -> Vec<Shown> {
    let script = format!(
        "var out = []; for (var i = 0; i < arguments[1]; i++) {{ \
         document.querySelector('#' + arguments[0] + ' .{button}').click(); \
         out.push({STATE}(arguments[0])); }} return JSON.stringify(out);"
    );
    let json = client
        .execute(&script, vec![json!(id), json!(times)])
        .await
        .unwrap();
    let all: Vec<String> = serde_json::from_str(json.as_str().unwrap()).unwrap();
    all.iter().map(|one| parse(one)).collect()
}

/// Steps one example forward to the end and back to the start, checking
/// every state against the recorder; returns the states visited. With
/// `mouse`, every click goes through WebDriver (a real pointer click);
/// otherwise the page's buttons are clicked from a script, one round trip
/// per direction.
async fn walk(client: &Client, ex: &Example, backend: Backend, mouse: bool) -> Vec<Shown> {
    let steps = export::steps(ex, backend);
    let n = steps.len();
    let expected = |k: usize| Shown {
        rows: k,
        current: if k == 0 {
            String::new()
        } else {
            steps[k - 1].text.clone()
        },
        marked: if k == 0 {
            String::new()
        } else {
            steps[k - 1].line.map(|l| l.to_string()).unwrap_or_default()
        },
        pos: format!("{k} / {n}"),
    };
    let start = shown(client, ex.id).await;
    assert_eq!(start, expected(0), "{}: the start", ex.id);
    let (forward, back) = if mouse {
        let mut forward = Vec::new();
        for _ in 0..=n {
            click(client, ex.id, "forward").await;
            forward.push(shown(client, ex.id).await);
        }
        let mut back = Vec::new();
        for _ in 0..n {
            click(client, ex.id, "back").await;
            back.push(shown(client, ex.id).await);
        }
        (forward, back)
    } else {
        (
            clicks(client, ex.id, "forward", n + 1).await,
            clicks(client, ex.id, "back", n).await,
        )
    };
    for (k, now) in (1..=n).chain([n]).zip(&forward) {
        assert_eq!(
            *now,
            expected(k),
            "{} on {backend}: forward to step {k}",
            ex.id
        );
    }
    for (k, now) in (0..n).rev().zip(&back) {
        assert_eq!(
            *now,
            expected(k),
            "{} on {backend}: back to step {k}",
            ex.id
        );
    }
    let mut visited = vec![start];
    visited.extend(forward.into_iter().take(n));
    visited
}

/// chromedriver, ended when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn skip(why: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED the_html_export_steps_through_every_event_in_a_real_browser: {why}; install \
         them with `apt-get install chromium chromium-driver`"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_html_export_steps_through_every_event_in_a_real_browser() {
    let Some(browser) = chromium() else {
        return skip(
            "no chromium found (PYGEN_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome)",
        );
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let Ok(child) = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return skip("no chromedriver on PATH");
    };
    let _driver = Driver(child);
    let dir = std::env::temp_dir().join(format!("pygen-browser-{}", std::process::id()));
    let profile = dir.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": browser,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
    let mut client = None;
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let client = client.expect("chromedriver starts a headless chromium session");

    let examples: Vec<&Example> = tutorial::examples().iter().collect();
    let mut visits = Vec::new();
    for backend in Backend::ALL {
        let page = export::page(&examples, backend, Format::Html, "tour");
        let file = dir.join(format!("tour-{backend}.html"));
        std::fs::write(&file, page).unwrap();
        client
            .goto(&format!("file://{}", file.display()))
            .await
            .unwrap();
        let resources = client
            .execute(
                "return performance.getEntriesByType('resource').length + \
                 document.querySelectorAll('[src], link, iframe, img, object, embed').length;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(resources.as_u64(), Some(0), "the page loads nothing else");
        let mut visited = Vec::new();
        for (i, ex) in examples.iter().enumerate() {
            visited.push(walk(&client, ex, backend, i == 0).await);
        }
        visits.push(visited);
    }
    // The pages agree step for step, except the chapter on the engines,
    // whose point is that they run differently: there the caller sees the
    // same values come back, in the same order.
    for (i, ex) in examples.iter().enumerate() {
        if ex.id == "tree_walk" {
            let outcomes = |v: &Vec<Shown>| -> Vec<String> {
                v.iter()
                    .filter(|s| s.current.starts_with("<--"))
                    .map(|s| s.current.clone())
                    .collect()
            };
            assert_eq!(
                outcomes(&visits[0][i]),
                outcomes(&visits[1][i]),
                "tree_walk"
            );
            assert_eq!(outcomes(&visits[0][i]).len(), 4, "1, 2, 3, then the end");
        } else {
            assert_eq!(
                visits[0][i], visits[1][i],
                "{}: both backends' pages agree",
                ex.id
            );
        }
    }
    let log = client.issue_cmd(BrowserLog).await.unwrap();
    let entries = log.as_array().cloned().unwrap_or_default();
    assert!(entries.is_empty(), "the browser logged: {entries:#?}");
    client.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
