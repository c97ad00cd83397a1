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
use std::io::{self, Read};
use std::time::Duration;

mod server;
pub use server::{ApiServer, Fault, MALFORMED_BODY, sample_users};

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
    /// No (complete) HTTP response: connection refused, reset...
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
    /// No complete answer within the client's timeout (connecting, the
    /// headers and the body together).
    Timeout {
        /// The page requested.
        url: String,
        /// The timeout that ran out.
        after: Duration,
    },
    /// The body is larger than [`MAX_PAGE_BYTES`]: refused unread (by its
    /// `Content-Length`) or as soon as the limit is passed.
    TooLarge {
        /// The page requested.
        url: String,
        /// The limit, in bytes.
        limit: u64,
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
            ApiError::Timeout { url, after } => {
                write!(f, "GET {url}: timed out after {} s", after.as_secs_f64())
            }
            ApiError::TooLarge { url, limit } => write!(
                f,
                "GET {url}: page too large: over the {} MiB limit ({limit} bytes)",
                limit >> 20
            ),
            ApiError::Status { url, status } => write!(f, "GET {url}: HTTP {status}"),
            ApiError::Malformed { url, message } => {
                write!(f, "GET {url}: malformed page: {message}")
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// The largest page body a [`Client`] reads: 16 MiB.
pub const MAX_PAGE_BYTES: u64 = 16 << 20;

/// The timeout [`fetch_users`](fn@fetch_users) callers use unless they have
/// a reason not to: 30 s for a whole page (connect, headers and body).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// An HTTP client whose every page must arrive whole (connection, headers
/// and body) within its timeout.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Client {
    /// A client whose pages must each arrive within `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Client {
            agent: ureq::AgentBuilder::new().timeout(timeout).build(),
            timeout,
        }
    }

    /// Fetches and parses one page.
    pub fn fetch_page(&self, url: &str) -> Result<Page, ApiError> {
        let network = |e: &(dyn std::error::Error + 'static), text: String| {
            if io_kind(e) == Some(io::ErrorKind::TimedOut) {
                ApiError::Timeout {
                    url: url.to_owned(),
                    after: self.timeout,
                }
            } else {
                ApiError::Network {
                    url: url.to_owned(),
                    message: text,
                }
            }
        };
        let response = match self.agent.get(url).call() {
            Ok(response) => response,
            Err(ureq::Error::Status(status, _)) => {
                return Err(ApiError::Status {
                    url: url.to_owned(),
                    status,
                });
            }
            Err(ureq::Error::Transport(t)) => return Err(network(&t, transport_message(&t))),
        };
        let too_large = || ApiError::TooLarge {
            url: url.to_owned(),
            limit: MAX_PAGE_BYTES,
        };
        let declared = response
            .header("Content-Length")
            .and_then(|n| n.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_PAGE_BYTES) {
            return Err(too_large());
        }
        // One byte more than the limit tells a page over it from one exactly at it.
        let mut body = Vec::new();
        if let Err(e) = response
            .into_reader()
            .take(MAX_PAGE_BYTES + 1)
            .read_to_end(&mut body)
        {
            return Err(network(&e, root_cause(&e).to_string()));
        }
        if body.len() as u64 > MAX_PAGE_BYTES {
            return Err(too_large());
        }
        serde_json::from_slice(&body).map_err(|e| ApiError::Malformed {
            url: url.to_owned(),
            message: e.to_string(),
        })
    }
}

/// The errors `e` is made of, outermost first.
fn chain<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |e| e.source())
}

/// The kind of the innermost I/O error behind `e` (ureq wraps its own
/// errors in `io::Error`s, and those in its errors again).
fn io_kind(e: &(dyn std::error::Error + 'static)) -> Option<io::ErrorKind> {
    chain(e)
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .last()
        .map(io::Error::kind)
}

/// The innermost error behind `e`: what actually went wrong.
fn root_cause<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> &'a (dyn std::error::Error + 'static) {
    chain(e).last().unwrap_or(e)
}

/// What went wrong, once: ureq's kind, its note, and the innermost cause
/// (its own text repeats the URL and, nested, the kind).
fn transport_message(t: &ureq::Transport) -> String {
    let mut text = t.kind().to_string();
    if let Some(message) = t.message() {
        text = format!("{text}: {message}");
    }
    let cause = root_cause(t);
    if !std::ptr::addr_eq(cause, t as &dyn std::error::Error) {
        text = format!("{text}: {cause}");
    }
    text
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
/// requested when the item after the current page is needed. Each page must
/// arrive whole within `timeout` (usually [`TIMEOUT`]) and be at most
/// [`MAX_PAGE_BYTES`]. Errors ([`ApiError`]) are thrown out of the
/// generator, which is then closed.
#[generator]
pub fn fetch_users(
    first_page: String,
    timeout: Duration,
) -> impl Generator<Item = User, Return = u32, Error = ApiError> {
    let client = Client::new(timeout);
    let mut next = Some(first_page);
    let mut pages = 0u32;
    while let Some(url) = next.take() {
        let page = client.fetch_page(&url).map_err(Error::Raised)?;
        pages += 1;
        next = page.next;
        for user in page.results {
            (yield user)?;
        }
    }
    Ok(pages)
}
