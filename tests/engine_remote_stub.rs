//! The remote engine against a stub: a few lines of HTTP in a test thread, standing in for a
//! server only where a real one cannot be made to misbehave on cue (HTTP 429 with Retry-After,
//! an answer that never comes). Everything else is tested on a real llama-server
//! (`tests/engine_remote.rs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vibrief::engine::remote::{RemoteEngine, RemoteOptions};
use vibrief::engine::{Engine, GenOptions, GenParams, Message, Request};

/// What the stub answers to a chat request: status, extra headers, body; or `None`: never.
type Answer = Box<dyn Fn(usize) -> Option<(u16, String, String)> + Send + Sync>;

/// A stub OpenAI-compatible server on a free loopback port: `/health`, `/v1/models` (one model,
/// `stub`) and no `/props`; chat requests get `answer(n)` for the `n`-th (from 0). Counts them.
struct Stub {
    url: String,
    chats: Arc<AtomicUsize>,
}

fn stub(answer: Answer) -> Stub {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let chats = Arc::new(AtomicUsize::new(0));
    let counter = chats.clone();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (answer, counter) = (answer.clone(), counter.clone());
            std::thread::spawn(move || serve(stream, &answer, &counter));
        }
    });
    Stub { url, chats }
}

/// Answers one request on `stream` (and closes the connection).
fn serve(mut stream: TcpStream, answer: &Answer, chats: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut length = 0;
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        if h.trim().is_empty() {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let (status, headers, body) = match path.as_str() {
        "/health" => (200, String::new(), r#"{"status":"ok"}"#.to_string()),
        "/v1/models" => (
            200,
            String::new(),
            r#"{"data":[{"id":"stub"}]}"#.to_string(),
        ),
        "/v1/chat/completions" => {
            let n = chats.fetch_add(1, Ordering::SeqCst);
            match answer(n) {
                Some(a) => a,
                None => {
                    std::thread::sleep(Duration::from_secs(30));
                    return;
                }
            }
        }
        _ => (
            404,
            String::new(),
            r#"{"error":{"message":"no such path"}}"#.to_string(),
        ),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n{headers}\r\n{body}",
        body.len()
    );
}

fn chat_ok() -> (u16, String, String) {
    let body = r#"{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":"Hello."}}],
        "usage":{"prompt_tokens":12,"completion_tokens":3}}"#;
    (200, String::new(), body.to_string())
}

fn request() -> Request {
    Request::chat(vec![
        Message::system("Translate."),
        Message::user("Xin chào."),
    ])
}

#[test]
fn stub_429_with_retry_after_is_waited_out_then_answered() {
    let s = stub(Box::new(|n| {
        Some(match n {
            0 => (
                429,
                "Retry-After: 1\r\n".into(),
                r#"{"error":{"message":"busy"}}"#.into(),
            ),
            _ => chat_ok(),
        })
    }));
    let engine = RemoteEngine::connect(&RemoteOptions::new(&s.url), GenParams::default(), None)
        .expect("the stub is ready");
    assert_eq!(
        engine.info().parallel,
        4,
        "no /props: the default concurrency"
    );
    let started = Instant::now();
    let out = engine.generate(&[request()], &GenOptions::new()).unwrap();
    let waited = started.elapsed();
    assert_eq!(out[0].text, "Hello.");
    assert_eq!((out[0].prompt_tokens, out[0].generated_tokens), (12, 3));
    assert_eq!(s.chats.load(Ordering::SeqCst), 2, "one 429, one answer");
    assert!(
        waited >= Duration::from_secs(1),
        "Retry-After: 1 not honoured: {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[test]
fn stub_read_timeout_is_one_clear_error_and_not_retried() {
    let s = stub(Box::new(|_| None));
    let mut options = RemoteOptions::new(&s.url);
    options.read_timeout = Some(Duration::from_millis(500));
    let engine = RemoteEngine::connect(&options, GenParams::default(), None).unwrap();
    let started = Instant::now();
    let err = engine
        .generate(&[request()], &GenOptions::new())
        .unwrap_err()
        .to_string();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.contains("/v1/chat/completions: no answer within 0 s")
            || err.contains("no answer within 1 s"),
        "{err}"
    );
    assert!(err.contains("--read-timeout"), "{err}");
    assert_eq!(
        s.chats.load(Ordering::SeqCst),
        1,
        "a timed-out request is not resent"
    );
}

#[test]
fn stub_500s_are_retried_within_the_bound_then_reported() {
    let s = stub(Box::new(|_| {
        Some((
            500,
            String::new(),
            r#"{"error":{"message":"kaput"}}"#.into(),
        ))
    }));
    let mut options = RemoteOptions::new(&s.url);
    options.retry.retries = 2;
    options.retry.first_wait = Duration::from_millis(50);
    let engine = RemoteEngine::connect(&options, GenParams::default(), None).unwrap();
    let err = engine
        .generate(&[request()], &GenOptions::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("HTTP 500 after 3 attempts"), "{err}");
    assert!(err.contains("kaput"), "{err}");
    assert_eq!(s.chats.load(Ordering::SeqCst), 3);
}
