//! The llama engine on the default model, measured like llama.cpp's `llama-bench`: load time,
//! prompt processing (tokens/s over a prompt of about `--pp` tokens), generation (tokens/s over
//! `--tg` tokens), peak RSS; then a batch of translations one at a time versus four sequences
//! with a shared prefix. Run through `scripts/bench-engines.sh`, which also runs `llama-bench`.
//!
//! `cargo bench --bench llama -- [--pp N] [--tg N] [--reps N] [--threads N]`

use std::time::{Duration, Instant};
use vibrief::engine::llama::{LlamaConfig, LlamaEngine};
use vibrief::engine::{Engine, GenOptions, Message, Request};
use vibrief::models::Catalog;

const SYSTEM: &str = "You are a professional translator of Vietnamese news. Translate the user's \
Vietnamese text into fluent English. Keep every name and number. Output only the translation.";

const SENTENCES: [&str; 8] = [
    "Thủ tướng Chính phủ chủ trì cuộc họp về phát triển kinh tế xã hội.",
    "Bộ Y tế khuyến cáo người dân tiêm vắc xin đầy đủ trước mùa dịch.",
    "Hà Nội và Thành phố Hồ Chí Minh đẩy mạnh chuyển đổi số trong dịch vụ công.",
    "Ngân hàng Nhà nước điều chỉnh lãi suất điều hành từ đầu tháng sau.",
    "Quốc hội thảo luận dự án luật đất đai sửa đổi tại kỳ họp thứ sáu.",
    "Giá xăng dầu trong nước giảm nhẹ theo xu hướng thị trường thế giới.",
    "Đà Nẵng đón hơn một triệu lượt khách du lịch trong dịp nghỉ lễ.",
    "Mưa lớn kéo dài gây ngập úng tại nhiều tỉnh miền Trung.",
];

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map_or(default, |v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} takes a number"))
        })
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let m = xs.iter().sum::<f64>() / xs.len() as f64;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len().max(2) - 1) as f64;
    (m, v.sqrt())
}

/// A request of about `tokens` prompt tokens that asks for a long answer.
fn long_request(engine: &LlamaEngine, tokens: usize) -> Request {
    let ask = "\n\nWrite a detailed English essay of at least 1000 words about the text above.";
    let mut text = String::new();
    for s in SENTENCES.iter().cycle() {
        // The chat template adds about 30 tokens around the message.
        if engine.count_tokens(&text) + engine.count_tokens(s) + engine.count_tokens(ask) + 30
            > tokens
        {
            break;
        }
        text.push_str(s);
        text.push(' ');
    }
    text.push_str(ask);
    Request::chat(vec![Message::user(text)])
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn main() {
    let pp = arg("--pp", 512);
    let tg = arg("--tg", 128);
    let reps = arg("--reps", 3).max(1);
    let threads = arg("--threads", vibrief::engine::physical_cores());
    let catalog = Catalog::load().expect("model catalog");
    let manifest = catalog.default_model();
    let path = catalog.file_path(manifest).expect("default model path");

    let single = LlamaConfig {
        threads,
        sequences: 1,
        context_length: pp + tg + 64,
        kv_cells: Some(pp + tg + 64),
        min_shared_prefix: usize::MAX,
        ..LlamaConfig::default()
    };
    let start = Instant::now();
    let engine = LlamaEngine::load(&path, &manifest.name, single.clone())
        .unwrap_or_else(|e| panic!("{e}\nrun `make setup` (or `vibrief models fetch`) first"));
    let load = start.elapsed();
    println!("model: {} ({threads} threads)", path.display());
    println!("load: {:.2} s", secs(load));

    let request = long_request(&engine, pp);
    let (mut pp_rates, mut tg_rates) = (Vec::new(), Vec::new());
    let mut shape = (0, 0);
    for _ in 0..reps {
        let c = engine
            .generate(
                std::slice::from_ref(&request),
                &GenOptions::new().max_tokens(tg),
            )
            .unwrap()
            .remove(0);
        pp_rates.push(c.prompt_tokens as f64 / secs(c.timings.prompt));
        tg_rates.push((c.generated_tokens.saturating_sub(1)) as f64 / secs(c.timings.generation));
        shape = (c.prompt_tokens, c.generated_tokens);
    }
    let (ppm, pps) = mean_sd(&pp_rates);
    let (tgm, tgs) = mean_sd(&tg_rates);
    println!("prompt: {} tokens, {ppm:.2} ± {pps:.2} t/s", shape.0);
    println!("generation: {} tokens, {tgm:.2} ± {tgs:.2} t/s", shape.1);
    drop(engine);

    // A batch of translations: one at a time, then four sequences sharing the system prompt.
    let requests: Vec<Request> = SENTENCES
        .iter()
        .map(|s| {
            Request::chat(vec![Message::system(SYSTEM), Message::user(*s)]).with_shared_prefix(1)
        })
        .collect();
    let options = GenOptions::new().max_tokens(64);
    let mut walls = Vec::new();
    for (label, sequences, min_shared_prefix) in [
        ("one at a time", 1, usize::MAX),
        ("4 sequences + shared prefix", 4, 32),
    ] {
        let config = LlamaConfig {
            threads,
            sequences,
            context_length: 512,
            kv_cells: Some(4 * 512),
            min_shared_prefix,
            ..LlamaConfig::default()
        };
        let engine = LlamaEngine::load(&path, &manifest.name, config).unwrap();
        let start = Instant::now();
        let out = if sequences == 1 {
            requests
                .iter()
                .flat_map(|r| engine.generate(std::slice::from_ref(r), &options).unwrap())
                .collect::<Vec<_>>()
        } else {
            engine.generate(&requests, &options).unwrap()
        };
        let wall = secs(start.elapsed());
        let generated: usize = out.iter().map(|c| c.generated_tokens).sum();
        println!(
            "batch of {} translations, {label}: {wall:.2} s ({generated} tokens generated)",
            requests.len()
        );
        walls.push(wall);
    }
    println!("batch speed-up: {:.2}x", walls[0] / walls[1]);
    println!("peak RSS: {:.0} MB", peak_rss_mb());
}
