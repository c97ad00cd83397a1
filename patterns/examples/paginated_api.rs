//! A paginated JSON API walked lazily by a generator, against a real HTTP
//! server on 127.0.0.1 started here; the server's request log shows which
//! pages were fetched. Then the typed errors: refused connection, a
//! malformed page, an HTTP error, a page over the size limit, a server that
//! never answers.
//!
//! ```sh
//! cargo run --release --example paginated_api
//! ```

use pygen::{Backend, Generator, Outcome};
use pygen_patterns::api::{ApiServer, Fault, TIMEOUT, fetch_users, sample_users};
use std::time::Duration;

fn main() -> std::process::ExitCode {
    pygen_patterns::main_or_exit(run)
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    pygen_patterns::cli::paginated_api(std::env::args().skip(1))?;
    // 95 users, 10 to a page: pages 1..=10.
    let server = ApiServer::start(sample_users(95), 10, vec![])?;
    println!("API on {}", server.page_url(1));

    for backend in Backend::ALL {
        let before = server.requests().len();
        let mut users = fetch_users::on(backend, server.page_url(1), TIMEOUT);
        let fifteen: Vec<u64> = users.by_ref().take(15).map(|u| u.id).collect();
        users.close()?;
        println!(
            "\n{backend}: took users {:?}..{:?} then close()d; the server saw: {:?}",
            fifteen.first().unwrap_or(&0),
            fifteen.last().unwrap_or(&0),
            &server.requests()[before..]
        );

        let before = server.requests().len();
        let mut users = fetch_users::on(backend, server.page_url(1), TIMEOUT);
        let mut count = 0;
        loop {
            match users.resume()? {
                Outcome::Yielded(_) => count += 1,
                Outcome::Returned(pages) => {
                    println!(
                        "{backend}: the whole walk yielded {count} users and returned {pages} (pages); {} requests",
                        server.requests().len() - before
                    );
                    break;
                }
                Outcome::Exhausted => break,
            }
        }
    }

    println!("\nerrors are thrown out of the generator, typed (Error::Raised(ApiError::..)):");
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        format!("http://{}/users?page=1", listener.local_addr()?)
    }; // the listener is gone: nothing listens there any more
    let faulty = ApiServer::start(
        sample_users(30),
        10,
        vec![
            (2, Fault::Malformed),
            (3, Fault::Unavailable),
            (4, Fault::OversizedChunked),
            (5, Fault::Silent),
        ],
    )?;
    let quick = Duration::from_secs(1);
    for (what, url, timeout) in [
        ("refused connection", refused, TIMEOUT),
        ("malformed page 2", faulty.page_url(1), TIMEOUT),
        ("HTTP 503 on page 3", faulty.page_url(3), TIMEOUT),
        ("page 4 over the size limit", faulty.page_url(4), TIMEOUT),
        (
            "page 5 never answered, 1 s timeout",
            faulty.page_url(5),
            quick,
        ),
    ] {
        let mut users = fetch_users::on(Backend::Stackful, url, timeout);
        let mut got = 0;
        let err = loop {
            match users.resume() {
                Ok(Outcome::Yielded(_)) => got += 1,
                Ok(_) => break None,
                Err(e) => break Some(e),
            }
        };
        match err {
            Some(e) => println!("  {what}: after {got} users: {e:?}\n      {e}"),
            None => println!("  {what}: no error?"),
        }
    }
    Ok(())
}
