//! Cleaning + segmenting speed: `cargo bench --bench clean`.
//!
//! Cleans every article of `../shared/corpus/vi` (or `examples/` when the corpus is absent)
//! many times and prints the median time per pass, per article and the throughput. A plain
//! timing loop rather than criterion, to keep the build small on shared 2-core machines.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/vi");
    let dir = if corpus.exists() {
        corpus
    } else {
        root.join("examples")
    };
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read input folder") {
        let path = entry.expect("list input folder").path();
        if path.extension().is_some_and(|e| e == "txt") {
            texts.push(std::fs::read_to_string(&path).expect("read article"));
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let sentences: usize = texts
        .iter()
        .map(|t| vibrief::ingest::clean(t, None).sentences().count())
        .sum();

    let passes = 200;
    let mut times: Vec<Duration> = (0..passes)
        .map(|_| {
            let start = Instant::now();
            for t in &texts {
                std::hint::black_box(vibrief::ingest::clean(std::hint::black_box(t), None));
            }
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[passes / 2];
    let secs = median.as_secs_f64();
    println!(
        "clean+segment {}: {} articles, {} bytes, {} segments",
        dir.display(),
        texts.len(),
        bytes,
        sentences
    );
    println!(
        "median of {passes} passes: {:.3} ms per pass, {:.3} ms per article, {:.1} MB/s, {:.0} segments/s",
        secs * 1e3,
        secs * 1e3 / texts.len() as f64,
        bytes as f64 / secs / 1e6,
        sentences as f64 / secs
    );
}
