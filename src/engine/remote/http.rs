//! One HTTP exchange with the server, and the retry policy around it.

use super::error::Error;
use super::ApiKey;
use std::hash::{BuildHasher, RandomState};
use std::io::ErrorKind;
use std::time::{Duration, Instant};

/// How failed requests are retried: HTTP 429, 5xx and connection errors only; 400, 401, 403
/// and 404 are answered at once, and a read timeout is not retried (the server may still be
/// working on it).
///
/// The wait before retry `k` (from 0) is `first_wait * 2^k`, at most `max_wait`, times a
/// random factor in [0.5, 1) (jitter, so clients that failed together do not return together);
/// a `Retry-After` header in seconds replaces it. A request gives up after `retries` retries or
/// when the next wait would pass `budget` of waiting in total, whichever comes first. The
/// default: 5 retries, 0.5 s doubling to 8 s, 60 s budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first wait (before jitter).
    pub first_wait: Duration,
    /// The longest computed wait (before jitter).
    pub max_wait: Duration,
    /// The most time one request spends waiting between attempts.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 5,
            first_wait: Duration::from_millis(500),
            max_wait: Duration::from_secs(8),
            budget: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry `k`, given the server's `Retry-After`.
    fn wait(&self, k: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(d) = retry_after {
            return d;
        }
        let base = self
            .first_wait
            .saturating_mul(1u32 << k.min(16))
            .min(self.max_wait);
        let r = RandomState::new().hash_one((Instant::now(), k));
        base.mul_f64(0.5 + (r % 1000) as f64 / 2000.0)
    }
}

/// A non-retryable answer, or a 2xx: status and body.
pub(super) struct Reply {
    pub status: u16,
    pub body: String,
}

/// What one attempt came to.
enum Attempt {
    Answer(Reply, Option<Duration>),
    /// Connection refused, reset or lost: worth retrying.
    Lost(String),
    /// No answer within the read timeout.
    TimedOut,
}

/// The server's address, the key and the HTTP agent (connections are pooled and reused).
pub(super) struct Client {
    agent: ureq::Agent,
    /// The server root, without a trailing `/` or `/v1`.
    pub base: String,
    key: Option<ApiKey>,
    retry: RetryPolicy,
}

impl Client {
    /// A client for the server at `endpoint` (`http://host:port`, with or without `/v1`).
    pub fn new(
        endpoint: &str,
        key: Option<ApiKey>,
        retry: RetryPolicy,
        connect_timeout: Duration,
        connections: usize,
    ) -> Result<Self, Error> {
        let trimmed = endpoint.trim().trim_end_matches('/');
        let base = trimmed.strip_suffix("/v1").unwrap_or(trimmed).to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(Error::BadEndpoint {
                endpoint: endpoint.to_string(),
            });
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(connect_timeout))
            .max_idle_connections_per_host(connections.max(3))
            .user_agent(concat!("vibrief/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Client {
            agent,
            base,
            key,
            retry,
        })
    }

    /// What the 401 error says about the key.
    pub fn key_hint(&self) -> String {
        match &self.key {
            Some(k) => format!("key from ${}", k.name),
            None => "no key sent; pass --api-key-env NAME".to_string(),
        }
    }

    /// One attempt: `GET path`, or `POST path` with a JSON `body`.
    fn attempt(&self, path: &str, body: Option<&str>, read: Duration) -> Attempt {
        let url = format!("{}{path}", self.base);
        let bearer = self.key.as_ref().map(|k| format!("Bearer {}", k.value));
        let result = match body {
            Some(body) => {
                let mut r = self
                    .agent
                    .post(&url)
                    .config()
                    .timeout_recv_response(Some(read))
                    .timeout_recv_body(Some(read))
                    .build()
                    .header("Content-Type", "application/json");
                if let Some(b) = &bearer {
                    r = r.header("Authorization", b);
                }
                r.send(body)
            }
            None => {
                let mut r = self
                    .agent
                    .get(&url)
                    .config()
                    .timeout_recv_response(Some(read))
                    .timeout_recv_body(Some(read))
                    .build();
                if let Some(b) = &bearer {
                    r = r.header("Authorization", b);
                }
                r.call()
            }
        };
        let read_body = |mut resp: ureq::http::Response<ureq::Body>| {
            let status = resp.status().as_u16();
            let retry_after = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let body = resp.body_mut().read_to_string()?;
            Ok::<_, ureq::Error>((Reply { status, body }, retry_after))
        };
        match result.and_then(read_body) {
            Ok((reply, after)) => Attempt::Answer(reply, after),
            Err(ureq::Error::Timeout(t)) if !matches!(t, ureq::Timeout::Connect) => {
                Attempt::TimedOut
            }
            Err(ureq::Error::Io(e)) if e.kind() == ErrorKind::TimedOut => Attempt::TimedOut,
            Err(e) => Attempt::Lost(e.to_string()),
        }
    }

    /// One attempt, no retries: for `/health` polls. `None`: the server cannot be reached.
    pub fn probe(&self, path: &str, read: Duration) -> Option<Reply> {
        match self.attempt(path, None, read) {
            Attempt::Answer(reply, _) => Some(reply),
            Attempt::Lost(_) | Attempt::TimedOut => None,
        }
    }

    /// `GET path` or `POST path` with retries (see [`RetryPolicy`]). Returns the first answer
    /// that is not 429 or 5xx; the caller reads its status.
    pub fn call(&self, path: &str, body: Option<&str>, read: Duration) -> Result<Reply, Error> {
        let started = Instant::now();
        let mut waited = Duration::ZERO;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let (failure, retry_after) = match self.attempt(path, body, read) {
                Attempt::Answer(r, _) if r.status != 429 && r.status < 500 => return Ok(r),
                Attempt::Answer(r, after) => {
                    (Err((r.status, super::wire::error_message(&r.body))), after)
                }
                Attempt::Lost(reason) => (Ok(reason), None),
                Attempt::TimedOut => {
                    return Err(Error::Timeout {
                        endpoint: self.base.clone(),
                        path: path.to_string(),
                        seconds: read.as_secs_f64(),
                    })
                }
            };
            let wait = self.retry.wait(attempts - 1, retry_after);
            if attempts > self.retry.retries || waited + wait > self.retry.budget {
                let seconds = started.elapsed().as_secs_f64();
                let (endpoint, path) = (self.base.clone(), path.to_string());
                return Err(match failure {
                    Ok(reason) => Error::Unreachable {
                        endpoint,
                        path,
                        attempts,
                        seconds,
                        reason,
                    },
                    Err((status, message)) => Error::Overloaded {
                        endpoint,
                        path,
                        status,
                        attempts,
                        seconds,
                        message,
                    },
                });
            }
            std::thread::sleep(wait);
            waited += wait;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_with_jitter_and_honour_retry_after() {
        let p = RetryPolicy::default();
        for k in 0..8 {
            let w = p.wait(k, None);
            let base = Duration::from_millis(500 * (1 << k)).min(p.max_wait);
            assert!(w >= base / 2 && w < base, "{k}: {w:?}");
        }
        assert_eq!(
            p.wait(0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
    }

    #[test]
    fn endpoint_with_or_without_v1() {
        let c = |e| Client::new(e, None, RetryPolicy::default(), Duration::from_secs(1), 1);
        assert_eq!(c("http://h:8080/v1/").unwrap().base, "http://h:8080");
        assert_eq!(c("http://h:8080").unwrap().base, "http://h:8080");
        assert!(matches!(c("h:8080"), Err(Error::BadEndpoint { .. })));
    }
}
