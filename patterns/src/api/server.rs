//! The other side of [`fetch_users`](fn@super::fetch_users): a real HTTP
//! server that pages through a list of users, and can be told to fail.

use super::{MAX_PAGE_BYTES, Page, User};
use std::io;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

/// What [`ApiServer`] serves at a given page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A body that is not JSON.
    Malformed,
    /// HTTP 503.
    Unavailable,
    /// No answer at all: the request is held unanswered until the server
    /// stops.
    Silent,
    /// A body one byte over [`MAX_PAGE_BYTES`], its size announced in
    /// `Content-Length`.
    Oversized,
    /// The same, sent chunked (no `Content-Length`): the client finds out
    /// while reading.
    OversizedChunked,
    /// A valid last page padded with spaces to exactly [`MAX_PAGE_BYTES`],
    /// sent chunked.
    AtLimit,
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
    let mut held = Vec::new();
    for request in server.incoming_requests() {
        let target = request.url().to_owned();
        log.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(target.clone());
        let page = target
            .strip_prefix("/users?page=")
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|&n| n >= 1);
        let limit = MAX_PAGE_BYTES as usize;
        // (status, body, whether to announce its length)
        let (status, body, sized) = match page {
            None => (404, br#"{"error": "not found"}"#.to_vec(), true),
            Some(n) => match faults.iter().find(|(p, _)| *p == n).map(|(_, f)| *f) {
                Some(Fault::Malformed) => (200, MALFORMED_BODY.as_bytes().to_vec(), true),
                Some(Fault::Unavailable) => (503, br#"{"error": "try later"}"#.to_vec(), true),
                Some(Fault::Silent) => {
                    held.push(request);
                    continue;
                }
                Some(Fault::Oversized) => (200, vec![b' '; limit + 1], true),
                Some(Fault::OversizedChunked) => (200, vec![b' '; limit + 1], false),
                Some(Fault::AtLimit) => {
                    let mut body = br#"{"results": [], "next": null}"#.to_vec();
                    body.resize(limit, b' ');
                    (200, body, false)
                }
                None => {
                    let start = (n as usize - 1).saturating_mul(per_page);
                    let results: Vec<User> =
                        users.iter().skip(start).take(per_page).cloned().collect();
                    let next = (start + per_page < users.len())
                        .then(|| format!("http://127.0.0.1:{port}/users?page={}", n + 1));
                    let page = Page { results, next };
                    (200, serde_json::to_vec(&page).unwrap_or_default(), true)
                }
            },
        };
        let length = sized.then_some(body.len());
        let headers = json.clone().into_iter().collect();
        let response = tiny_http::Response::new(
            tiny_http::StatusCode(status),
            headers,
            io::Cursor::new(body),
            length,
            None,
        );
        let _ = request.respond(response);
    }
    // Unblocked: the held requests' connections close here.
    drop(held);
}
