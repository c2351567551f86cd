//! Glossary speed: loading a 10,000-entry TSV glossary, and finding its terms in 1 MB of
//! Vietnamese text (the real corpus from `../shared` repeated with glossary terms mixed in,
//! or synthetic text when `../shared` is absent). Run with `cargo bench --bench glossary`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::fmt::Write as _;
use std::path::Path;
use vibrief::glossary::{Glossary, LoadOptions};

const SYLLABLES: [&str; 64] = [
    "bộ",
    "ngoại",
    "giao",
    "kinh",
    "tế",
    "hợp",
    "tác",
    "phát",
    "triển",
    "đầu",
    "tư",
    "quốc",
    "tế",
    "đối",
    "thoại",
    "chiến",
    "lược",
    "toàn",
    "diện",
    "đối",
    "tác",
    "hội",
    "nghị",
    "thủ",
    "tướng",
    "chính",
    "phủ",
    "ủy",
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "thành",
    "phố",
    "sở",
    "văn",
    "hóa",
    "xã",
    "hội",
    "an",
    "ninh",
    "quốc",
    "phòng",
    "thương",
    "mại",
    "công",
    "nghiệp",
    "nông",
    "thôn",
    "khoa",
    "học",
    "giáo",
    "dục",
    "y",
    "bảo",
    "hiểm",
    "tài",
    "nguyên",
    "môi",
    "trường",
    "du",
    "lịch",
    "vận",
    "tải",
];

/// A deterministic pseudo-random sequence (no extra dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// 10,000 distinct entries of 2–5 syllables; every 50th is a pattern entry.
fn synthetic_glossary() -> (String, Vec<String>) {
    let mut rng = Lcg(7);
    let mut seen = std::collections::HashSet::new();
    let mut tsv = String::from("source\ttarget\tvariants\tforbidden\tnote\tcase\n");
    let mut sources = Vec::new();
    while sources.len() < 10_000 {
        let len = 2 + rng.next(4);
        let words: Vec<&str> = (0..len)
            .map(|_| SYLLABLES[rng.next(SYLLABLES.len())])
            .collect();
        let source = words.join(" ");
        if !seen.insert(source.clone()) {
            continue;
        }
        let i = sources.len();
        if i % 50 == 0 {
            writeln!(
                tsv,
                "{source} lần thứ {{n}}\t{{n:ordinal}} term {i}\tterm {i} No. {{n}}\t\t\t"
            )
            .unwrap();
            sources.push(format!("{source} lần thứ {}", 1 + i % 30));
        } else {
            writeln!(tsv, "{source}\tterm {i}\tvariant {i}\tbad {i}\t\t").unwrap();
            sources.push(source);
        }
    }
    (tsv, sources)
}

/// About 1 MB: corpus paragraphs (or filler) with a glossary term every few words.
fn text_1mb(sources: &[String]) -> String {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/vi");
    let mut base = String::new();
    if let Ok(dir) = std::fs::read_dir(&corpus) {
        let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            base.push_str(&std::fs::read_to_string(f).unwrap_or_default());
        }
    }
    if base.is_empty() {
        base = "Sáng nay, tại Hà Nội, Thủ tướng Chính phủ đã chủ trì hội nghị trực tuyến với các địa phương. ".repeat(50);
    }
    let words: Vec<&str> = base.split(' ').collect();
    let mut rng = Lcg(11);
    let mut out = String::with_capacity(1 << 20);
    let mut i = 0;
    while out.len() < 1 << 20 {
        out.push_str(words[i % words.len()]);
        out.push(' ');
        if rng.next(8) == 0 {
            out.push_str(&sources[rng.next(sources.len())]);
            out.push_str(", ");
        }
        i += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let (tsv, sources) = synthetic_glossary();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthetic.tsv");
    std::fs::write(&path, &tsv).unwrap();
    let opts = LoadOptions::default();
    let glossary = Glossary::load(&path, &opts).unwrap();
    let text = text_1mb(&sources);
    if std::env::var_os("GLOSSARY_BENCH_DUMP").is_some() {
        std::fs::write("/tmp/glossary-text.txt", &text).unwrap();
        std::fs::write("/tmp/glossary-syn.tsv", &tsv).unwrap();
    }
    eprintln!(
        "glossary: {} entries; text: {} bytes, {} hits",
        glossary.len(),
        text.len(),
        glossary.find(&text).len()
    );

    let mut g = c.benchmark_group("glossary");
    g.sample_size(20);
    g.bench_function("load 10k-entry TSV", |b| {
        b.iter(|| Glossary::load(&path, &opts).unwrap())
    });
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("find in 1 MB", |b| b.iter(|| glossary.find(&text)));
    let sentence: String = text.chars().skip(1000).take(200).collect();
    g.throughput(Throughput::Bytes(sentence.len() as u64));
    g.bench_function("find in one 200-char sentence", |b| {
        b.iter(|| glossary.find(&sentence))
    });
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalize 1 MB (part of find)", |b| {
        b.iter(|| {
            vibrief::text::normalize::Normalized::new(&text, vibrief::text::normalize::Options::KEY)
        })
    });
    g.finish();

    // Wall time on a shared machine counts the time other processes hold the core; the
    // scheduler's own on-CPU figure for this thread does not.
    if let Some(cpu0) = on_cpu_ns() {
        let passes = 30;
        let wall = std::time::Instant::now();
        for _ in 0..passes {
            criterion::black_box(glossary.find(&text));
        }
        let wall = wall.elapsed().as_secs_f64() * 1e3 / passes as f64;
        let cpu = (on_cpu_ns().unwrap_or(cpu0) - cpu0) as f64 / 1e6 / passes as f64;
        eprintln!("find in 1 MB, mean of {passes} passes: {wall:.1} ms wall, {cpu:.1} ms on CPU");
    }
}

/// Nanoseconds this thread has spent on a CPU (Linux `schedstat`), if available.
fn on_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

criterion_group!(benches, bench);
criterion_main!(benches);
