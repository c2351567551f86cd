//! The bert engine's load time on the tiny Marian fixture (`tests/fixtures/marian-tiny`), and a
//! small generation for scale. The fixture's weights are random: no quality figure here.
//!
//! `cargo bench --features bert --bench bert`

use std::path::Path;
use std::time::Instant;
use vibrief::engine::bert::{BertConfig, BertEngine};
use vibrief::engine::{Engine, GenOptions, Request};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/marian-tiny");
    let mut loads = Vec::new();
    let mut engine = None;
    for _ in 0..5 {
        let start = Instant::now();
        engine = Some(BertEngine::from_dir(&dir, "marian-tiny", BertConfig::default()).unwrap());
        loads.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    loads.sort_by(f64::total_cmp);
    println!(
        "bert load (fixture, 5 runs): median {:.1} ms, min {:.1} ms",
        loads[2], loads[0]
    );
    let engine = engine.unwrap();
    let requests: Vec<Request> = (0..8)
        .map(|i| Request::source(format!("Giá xăng dầu giảm nhẹ lần thứ {i}.")))
        .collect();
    let start = Instant::now();
    let out = engine
        .generate(&requests, &GenOptions::new().max_tokens(16))
        .unwrap();
    let tokens: usize = out.iter().map(|c| c.generated_tokens).sum();
    println!(
        "bert generate (fixture, batch of 8, 16 tokens max): {:.1} ms, {tokens} tokens",
        start.elapsed().as_secs_f64() * 1000.0
    );
}
