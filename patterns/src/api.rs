//! A paginated JSON API walked lazily: one user at a time, and page N+1 is
//! requested only when the consumer asks for the item after page N.
//!
//! [`fetch_users`](fn@fetch_users) is the generator (a real HTTP client, `ureq`);
//! [`ApiServer`] is a real HTTP server (`tiny_http`) on 127.0.0.1 that the
//! example and the tests start in-process, and whose request log shows
//! exactly which pages were fetched.

use pygen::{Error, Generator, generator};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::Read;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// One item of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Unique, from 1.
    pub id: u64,
    /// Display name.
    pub name: String,
    /// Contact address.
    pub email: String,
}

/// One page: `{"results": [...], "next": "http://..." | null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// This page's users.
    pub results: Vec<User>,
    /// The next page's URL, `null` on the last page.
    pub next: Option<String>,
}

/// Why walking the API stopped: each one is thrown out of the generator as
/// `Error::Raised(ApiError::..)`, never a panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No HTTP response at all: connection refused, reset, timed out...
    Network {
        /// The page requested.
        url: String,
        /// The client's description.
        message: String,
    },
    /// The server answered with a non-2xx status.
    Status {
        /// The page requested.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The body was not a page (`{"results": [...], "next": ...}`).
    Malformed {
        /// The page requested.
        url: String,
        /// What the JSON parser said.
        message: String,
    },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network { url, message } => write!(f, "GET {url}: {message}"),
            ApiError::Status { url, status } => write!(f, "GET {url}: HTTP {status}"),
            ApiError::Malformed { url, message } => {
                write!(f, "GET {url}: malformed page: {message}")
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// Fetches and parses one page.
pub fn fetch_page(agent: &ureq::Agent, url: &str) -> Result<Page, ApiError> {
    let response = match agent.get(url).call() {
        Ok(response) => response,
        Err(ureq::Error::Status(status, _)) => {
            return Err(ApiError::Status {
                url: url.to_owned(),
                status,
            });
        }
        Err(ureq::Error::Transport(t)) => {
            // ureq's text starts with the URL, which the error already carries.
            let text = t.to_string();
            let message = text
                .strip_prefix(&format!("{url}: "))
                .unwrap_or(&text)
                .to_owned();
            return Err(ApiError::Network {
                url: url.to_owned(),
                message,
            });
        }
    };
    let mut body = String::new();
    if let Err(e) = response
        .into_reader()
        .take(16 << 20)
        .read_to_string(&mut body)
    {
        return Err(ApiError::Network {
            url: url.to_owned(),
            message: e.to_string(),
        });
    }
    serde_json::from_str(&body).map_err(|e| ApiError::Malformed {
        url: url.to_owned(),
        message: e.to_string(),
    })
}

/// ```python
/// def fetch_users(url):
///     pages = 0
///     while url:
///         page = requests.get(url).json()
///         pages += 1
///         yield from page["results"]
///         url = page["next"]
///     return pages
/// ```
///
/// Yields every user of every page, in order, and returns how many pages it
/// fetched. Nothing is requested before the first `next`; the next page is
/// requested when the item after the current page is needed. Errors
/// ([`ApiError`]) are thrown out of the generator, which is then closed.
#[generator]
pub fn fetch_users(
    first_page: String,
) -> impl Generator<Item = User, Return = u32, Error = ApiError> {
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .build();
    let mut next = Some(first_page);
    let mut pages = 0u32;
    while let Some(url) = next.take() {
        let page = fetch_page(&agent, &url).map_err(Error::Raised)?;
        pages += 1;
        next = page.next;
        for user in page.results {
            (yield user)?;
        }
    }
    Ok(pages)
}

/// What [`ApiServer`] serves at a given page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A body that is not JSON.
    Malformed,
    /// HTTP 503.
    Unavailable,
}

/// The body [`ApiServer`] sends for [`Fault::Malformed`]: truncated JSON.
pub const MALFORMED_BODY: &str = r#"{"results": [{"id": 1,"#;

/// The users served by [`ApiServer::start`]: ids `1..=n`.
pub fn sample_users(n: u64) -> Vec<User> {
    (1..=n)
        .map(|id| User {
            id,
            name: format!("user{id}"),
            email: format!("user{id}@example.com"),
        })
        .collect()
}

/// A real HTTP server on 127.0.0.1 (an OS-chosen port) serving
/// `GET /users?page=N` (N from 1) as JSON pages, in a thread of this
/// process. It logs every request target before answering, so the log shows
/// exactly what a client fetched, in order. Stops on drop.
pub struct ApiServer {
    server: Arc<tiny_http::Server>,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl ApiServer {
    /// Serves `users`, `per_page` to a page, with `faults` replacing the
    /// given pages' answers.
    pub fn start(
        users: Vec<User>,
        per_page: usize,
        faults: Vec<(u32, Fault)>,
    ) -> std::io::Result<Self> {
        let server = tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| std::io::Error::other("not an IP listener"))?;
        let server = Arc::new(server);
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (server, log) = (Arc::clone(&server), Arc::clone(&log));
            let per_page = per_page.max(1);
            std::thread::Builder::new()
                .name("api-server".into())
                .spawn(move || serve(&server, port, &users, per_page, &faults, &log))?
        };
        Ok(ApiServer {
            server,
            port,
            log,
            thread: Some(thread),
        })
    }

    /// The URL of page `n`.
    pub fn page_url(&self, n: u32) -> String {
        format!("http://127.0.0.1:{}/users?page={n}", self.port)
    }

    /// Every request target received so far (`"/users?page=1"`, ...), in order.
    pub fn requests(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    server: &tiny_http::Server,
    port: u16,
    users: &[User],
    per_page: usize,
    faults: &[(u32, Fault)],
    log: &Mutex<Vec<String>>,
) {
    let json = tiny_http::Header::from_bytes("Content-Type", "application/json").ok();
    for request in server.incoming_requests() {
        let target = request.url().to_owned();
        log.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(target.clone());
        let page = target
            .strip_prefix("/users?page=")
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|&n| n >= 1);
        let (status, body) = match page {
            None => (404, r#"{"error": "not found"}"#.to_owned()),
            Some(n) => match faults.iter().find(|(p, _)| *p == n).map(|(_, f)| *f) {
                Some(Fault::Malformed) => (200, MALFORMED_BODY.to_owned()),
                Some(Fault::Unavailable) => (503, r#"{"error": "try later"}"#.to_owned()),
                None => {
                    let start = (n as usize - 1).saturating_mul(per_page);
                    let results: Vec<User> =
                        users.iter().skip(start).take(per_page).cloned().collect();
                    let next = (start + per_page < users.len())
                        .then(|| format!("http://127.0.0.1:{port}/users?page={}", n + 1));
                    let page = Page { results, next };
                    (200, serde_json::to_string(&page).unwrap_or_default())
                }
            },
        };
        let mut response = tiny_http::Response::from_string(body).with_status_code(status);
        if let Some(h) = json.clone() {
            response.add_header(h);
        }
        let _ = request.respond(response);
    }
}
