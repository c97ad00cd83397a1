//! The paginated API against a real HTTP server on 127.0.0.1: the server's
//! own request log shows which pages were fetched, and when.

#[macro_use]
mod common;

use common::drain;

use pygen::{Backend, Error, Generator, GeneratorState, Outcome};
use pygen_patterns::api::{
    ApiError, ApiServer, Fault, MALFORMED_BODY, MAX_PAGE_BYTES, Page, TIMEOUT, fetch_users,
    sample_users,
};
use std::time::Duration;

both!(
    fetches_a_page_only_when_its_first_item_is_needed,
    walks_every_page_and_returns_the_page_count,
    refused_connection_is_a_typed_error,
    malformed_page_is_a_typed_error_after_the_good_ones,
    http_error_status_is_a_typed_error,
    silent_server_is_a_timeout_naming_its_duration,
    oversized_page_is_refused_naming_the_limit,
    page_exactly_at_the_limit_is_read,
    dropped_connection_names_its_cause_once,
    stalled_body_is_a_timeout_too,
);

/// 7 users, 3 to a page: pages 1, 2 and 3 (one user).
fn server(faults: Vec<(u32, Fault)>) -> ApiServer {
    ApiServer::start(sample_users(7), 3, faults).unwrap()
}

fn id(outcome: Option<pygen_patterns::api::User>) -> Option<u64> {
    outcome.map(|u| u.id)
}

fn fetches_a_page_only_when_its_first_item_is_needed(backend: Backend) {
    let server = server(vec![]);
    let mut users = fetch_users::on(backend, server.page_url(1), TIMEOUT);
    assert_eq!(
        server.requests(),
        Vec::<String>::new(),
        "nothing before the first next"
    );

    let first = users.next().unwrap();
    assert_eq!(first, sample_users(1)[0]);
    assert_eq!(server.requests(), ["/users?page=1"]);
    assert_eq!(id(users.next()), Some(2));
    assert_eq!(id(users.next()), Some(3));
    assert_eq!(
        server.requests(),
        ["/users?page=1"],
        "page 2 not yet needed"
    );

    assert_eq!(id(users.next()), Some(4));
    assert_eq!(server.requests(), ["/users?page=1", "/users?page=2"]);
    assert_eq!(id(users.next()), Some(5));
    assert_eq!(id(users.next()), Some(6));

    // Stop after two pages: page 3 is never requested.
    assert_eq!(users.close(), Ok(None));
    assert_eq!(users.state(), GeneratorState::Closed);
    assert_eq!(server.requests(), ["/users?page=1", "/users?page=2"]);
}

fn walks_every_page_and_returns_the_page_count(backend: Backend) {
    let server = server(vec![]);
    let (users, pages) = drain(fetch_users::on(backend, server.page_url(1), TIMEOUT));
    let ids: Vec<u64> = users.iter().map(|u| u.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(pages, 3);
    assert_eq!(
        server.requests(),
        ["/users?page=1", "/users?page=2", "/users?page=3"]
    );
}

fn refused_connection_is_a_typed_error(backend: Backend) {
    // A port that was just free: nothing listens there.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/users?page=1");
    let mut users = fetch_users::on(backend, url.clone(), TIMEOUT);
    match users.resume() {
        Err(Error::Raised(ApiError::Network {
            url: failed,
            message,
        })) => {
            assert_eq!(failed, url);
            assert_eq!(
                message,
                "Connection Failed: Connect error: Connection refused (os error 111)"
            );
        }
        other => panic!("expected a network error, got {other:?}"),
    }
    assert_eq!(users.state(), GeneratorState::Closed);
    assert_eq!(users.resume(), Ok(Outcome::Exhausted));
}

fn malformed_page_is_a_typed_error_after_the_good_ones(backend: Backend) {
    let server = server(vec![(2, Fault::Malformed)]);
    let mut users = fetch_users::on(backend, server.page_url(1), TIMEOUT);
    assert_eq!(
        users.by_ref().take(3).map(|u| u.id).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let expected = serde_json::from_str::<Page>(MALFORMED_BODY)
        .unwrap_err()
        .to_string();
    assert_eq!(
        users.resume(),
        Err(Error::Raised(ApiError::Malformed {
            url: server.page_url(2),
            message: expected.clone()
        }))
    );
    assert_eq!(expected, "EOF while parsing a value at line 1 column 22");
    assert_eq!(users.state(), GeneratorState::Closed);
    assert_eq!(server.requests(), ["/users?page=1", "/users?page=2"]);
}

fn http_error_status_is_a_typed_error(backend: Backend) {
    let server = server(vec![(1, Fault::Unavailable)]);
    let mut users = fetch_users::on(backend, server.page_url(1), TIMEOUT);
    let err = users.resume().unwrap_err();
    assert_eq!(
        err,
        Error::Raised(ApiError::Status {
            url: server.page_url(1),
            status: 503
        })
    );
    assert_eq!(
        err.to_string(),
        format!("GET {}: HTTP 503", server.page_url(1))
    );
    assert_eq!(server.requests(), ["/users?page=1"]);
}

fn silent_server_is_a_timeout_naming_its_duration(backend: Backend) {
    let server = server(vec![(2, Fault::Silent)]);
    let timeout = Duration::from_millis(500);
    let mut users = fetch_users::on(backend, server.page_url(1), timeout);
    assert_eq!(
        users.by_ref().take(3).map(|u| u.id).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let err = users.resume().unwrap_err();
    assert_eq!(
        err,
        Error::Raised(ApiError::Timeout {
            url: server.page_url(2),
            after: timeout
        })
    );
    assert_eq!(
        err.to_string(),
        format!("GET {}: timed out after 0.5 s", server.page_url(2))
    );
    assert_eq!(users.state(), GeneratorState::Closed);
    assert_eq!(server.requests(), ["/users?page=1", "/users?page=2"]);
}

fn oversized_page_is_refused_naming_the_limit(backend: Backend) {
    assert_eq!(MAX_PAGE_BYTES, 16 * 1024 * 1024);
    // Announced by Content-Length (refused unread), or found out while reading.
    for fault in [Fault::Oversized, Fault::OversizedChunked] {
        let server = server(vec![(2, fault)]);
        let mut users = fetch_users::on(backend, server.page_url(1), TIMEOUT);
        assert_eq!(users.by_ref().take(3).count(), 3, "{fault:?}");
        let err = users.resume().unwrap_err();
        assert_eq!(
            err,
            Error::Raised(ApiError::TooLarge {
                url: server.page_url(2),
                limit: MAX_PAGE_BYTES
            }),
            "{fault:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "GET {}: page too large: over the 16 MiB limit (16777216 bytes)",
                server.page_url(2)
            )
        );
        assert_eq!(users.state(), GeneratorState::Closed);
    }
}

fn page_exactly_at_the_limit_is_read(backend: Backend) {
    // Page 3, normally user 7 alone, is an empty last page of exactly the limit.
    let server = server(vec![(3, Fault::AtLimit)]);
    let (users, pages) = drain(fetch_users::on(backend, server.page_url(1), TIMEOUT));
    let ids: Vec<u64> = users.iter().map(|u| u.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    assert_eq!(pages, 3);
}

fn dropped_connection_names_its_cause_once(backend: Backend) {
    // A server that reads one request and closes the connection unanswered
    // (having read it all, so the client sees an end of stream, not a reset).
    let (url, server) = raw_server(|_| {});
    let mut users = fetch_users::on(backend, url.clone(), TIMEOUT);
    let err = users.resume().unwrap_err();
    server.join().unwrap();
    assert_eq!(
        err,
        Error::Raised(ApiError::Network {
            url: url.clone(),
            message: "Network Error: Unexpected EOF".into()
        })
    );
    assert_eq!(
        err.to_string(),
        format!("GET {url}: Network Error: Unexpected EOF")
    );
}

fn stalled_body_is_a_timeout_too(backend: Backend) {
    // The headers arrive, then part of the body, then nothing: the timeout
    // covers the whole page. The server waits for the client to hang up.
    let (url, server) = raw_server(|conn| {
        use std::io::{Read, Write};
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"results\": [";
        conn.write_all(head.as_bytes()).unwrap();
        let _ = conn.read(&mut [0; 1]);
    });
    let timeout = Duration::from_millis(500);
    let mut users = fetch_users::on(backend, url.clone(), timeout);
    let err = users.resume().unwrap_err();
    assert_eq!(
        err,
        Error::Raised(ApiError::Timeout {
            url: url.clone(),
            after: timeout
        })
    );
    assert_eq!(users.state(), GeneratorState::Closed);
    drop(users);
    server.join().unwrap();
}

/// A one-connection HTTP server on 127.0.0.1: reads one request's head, then
/// runs `answer` on the connection and closes it. Returns page 1's URL.
fn raw_server(
    answer: impl FnOnce(&mut std::net::TcpStream) + Send + 'static,
) -> (String, std::thread::JoinHandle<()>) {
    use std::io::BufRead;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/users?page=1", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut request = std::io::BufReader::new(conn.try_clone().unwrap());
        let mut line = String::new();
        while request.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        answer(&mut conn);
    });
    (url, server)
}
