//! Token counts for the corpus benchmark (`scripts/bench-corpus.py`): per article, the tokens of
//! its cleaned Vietnamese text (title and sentences, its related articles included) and, given the JSON that `brief` wrote for
//! it, of its final English (translation and summary), both with the default model's tokenizer.
//! The per-article budgets of BENCHMARKS.md are ratios to these.
//!
//! `cargo bench --bench tokens -- ARTICLE.txt [BRIEF.json]...` prints one line per article:
//! `ARTICLE<TAB>article tokens<TAB>English tokens` (English 0 without a JSON).

use vibrief::engine::llama::{LlamaConfig, LlamaEngine};
use vibrief::models::Catalog;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let catalog = Catalog::load().expect("model catalog");
    let manifest = catalog.default_model();
    let path = catalog.file_path(manifest).expect("model path");
    let config = LlamaConfig {
        sequences: 1,
        prefixes: 1,
        context_length: 64,
        ..LlamaConfig::default()
    };
    let engine = LlamaEngine::load(&path, &manifest.name, config)
        .unwrap_or_else(|e| panic!("{e}: run `make setup` to fetch the default model"));
    let mut args = args.iter().peekable();
    while let Some(article) = args.next() {
        let doc = vibrief::ingest::read_document(std::path::Path::new(article))
            .unwrap_or_else(|e| panic!("{article}: {e}"));
        // The related articles the cleaner split off are briefed too: they count.
        let text: Vec<&str> = std::iter::once(&doc)
            .chain(&doc.related)
            .flat_map(|d| d.sentences())
            .map(|s| s.text.as_str())
            .collect();
        let english = match args.peek() {
            Some(json) if json.ends_with(".json") => {
                let json = args.next().expect("peeked");
                let value: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(json).expect("read JSON"))
                        .expect("parse JSON");
                let mut parts: Vec<String> = value["segments"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s["target"].as_str().map(str::to_string))
                    .collect();
                let summary = &value["summary"];
                parts.extend(summary["lead"].as_str().map(str::to_string));
                parts.extend(
                    summary["points"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| p.as_str().map(str::to_string)),
                );
                engine.count_tokens(&parts.join("\n"))
            }
            _ => 0,
        };
        println!(
            "{article}\t{}\t{english}",
            engine.count_tokens(&text.join("\n"))
        );
    }
}
