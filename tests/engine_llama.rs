//! The llama engine on the real default model (fetched by `scripts/setup.sh`, hash-checked by
//! `tests/models.rs`): real translations, batches, limits and errors.
#![cfg(feature = "llama")]

use std::sync::{Arc, OnceLock};
use vibrief::engine::{open, Engine, Error, Finish, GenOptions, Message, OpenOptions, Request};

mod common;

const MODEL: &str = "qwen2.5-coder-1.5b-instruct";
const SYSTEM: &str = "You are a professional translator of Vietnamese news. Translate the user's \
Vietnamese text into fluent English. Keep every name and number. Output only the translation.";

/// One engine for the whole file: loading is the slow part, and sharing it is what the pipeline does.
fn engine() -> Arc<dyn Engine> {
    static ENGINE: OnceLock<Arc<dyn Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            common::default_model();
            let options = OpenOptions { context_length: Some(1024), ..Default::default() };
            open(MODEL, &options).unwrap_or_else(|e| {
                panic!("{e}\nthe default model is needed: run `make setup` (or `vibrief models fetch`)")
            })
        })
        .clone()
}

/// Lower case without diacritics, so `Chính` and `Chinh` compare equal.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect::<String>()
        .to_lowercase()
        .replace('đ', "d")
}

/// A translation request whose system prompt is the shared prefix.
fn translate(vi: &str) -> Request {
    Request::chat(vec![Message::system(SYSTEM), Message::user(vi)]).with_shared_prefix(1)
}

#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn translates_vietnamese_news_into_english_keeping_names() {
    let e = engine();
    let vi = "Thủ tướng Phạm Minh Chính đã tiếp Tổng thống Hàn Quốc Yoon Suk Yeol tại Hà Nội vào sáng thứ Hai.";
    let out = e
        .generate(&[translate(vi)], &GenOptions::new().max_tokens(80))
        .unwrap();
    let c = &out[0];
    let text = fold(&c.text);
    assert_eq!(c.finish, Finish::End, "{c:?}");
    // The proper nouns survive (with or without their diacritics). The Korean president's name
    // is not asserted: this small model drops it in some runs, as the requests of the other
    // tests decoded beside it tip greedy decoding ("arrived at the State of the Republic of
    // Korea"); the pipeline's verification is what catches such a loss.
    for name in ["pham minh chinh", "korea"] {
        assert!(text.contains(name), "{name}: {}", c.text);
    }
    assert!(
        text.contains("hanoi") || text.contains("ha noi"),
        "{}",
        c.text
    );
    // ...in English, with no Vietnamese left around them.
    assert!(text.contains("prime minister"), "{}", c.text);
    for vi in ["thu tuong", "tong thong", "han quoc", " tai ", " vao "] {
        assert!(!text.contains(vi), "{vi}: {}", c.text);
    }
    assert_eq!(c.origin, format!("mt:{MODEL}"));
    assert!(c.prompt_tokens > 40 && c.generated_tokens > 10, "{c:?}");
}

#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn a_batch_larger_than_the_sequence_count_keeps_each_answer_with_its_request() {
    let e = engine();
    let numbers = [1234, 2345, 3456, 4567, 5678, 6789];
    let requests: Vec<Request> = numbers
        .iter()
        .map(|n| {
            translate(&format!(
                "Năm nay tỉnh Quảng Nam đón {n} khách du lịch quốc tế."
            ))
        })
        .collect();
    let out = e
        .generate(&requests, &GenOptions::new().max_tokens(48))
        .unwrap();
    assert_eq!(out.len(), numbers.len());
    for (n, c) in numbers.iter().zip(&out) {
        let digits: String = c.text.chars().filter(char::is_ascii_digit).collect();
        assert!(digits.contains(&n.to_string()), "{n}: {}", c.text);
        for other in numbers.iter().filter(|m| *m != n) {
            assert!(
                !digits.contains(&other.to_string()),
                "{n} got {other}: {}",
                c.text
            );
        }
        assert!(
            c.text.contains("Quang Nam") || c.text.contains("Quảng Nam"),
            "{}",
            c.text
        );
        // The system prompt is the shared prefix: computed once, charged to one request.
        assert!(c.cached_tokens < c.prompt_tokens, "{c:?}");
    }
    let cached: Vec<usize> = out.iter().map(|c| c.cached_tokens).collect();
    // (None at all when another test of this file computed the same prefix first.)
    assert!(
        cached.iter().filter(|&&n| n == 0).count() <= 1,
        "one request computes the prefix, the others reuse it: {cached:?}"
    );
    let prefix = *cached.iter().max().unwrap();
    assert!(
        prefix >= 20 && cached.iter().all(|&n| n == 0 || n == prefix),
        "every other request reuses the whole system prompt: {cached:?}"
    );
    // Again, with the prefix now reused from the cache: each answer still carries its own number.
    // (Exact equality is not asserted: a cached prefix changes the order of floating-point sums,
    // and greedy decoding may then break a near-tie differently, e.g. "34,560" vs "34, 560".)
    let again = e
        .generate(&requests, &GenOptions::new().max_tokens(48))
        .unwrap();
    for ((n, first), second) in numbers.iter().zip(&out).zip(&again) {
        let digits: String = second.text.chars().filter(char::is_ascii_digit).collect();
        assert!(digits.contains(&n.to_string()), "{n}: {}", second.text);
        assert!(second.cached_tokens >= first.cached_tokens, "{second:?}");
    }
}

#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn token_limit_and_stop_strings_end_generation() {
    let e = engine();
    let count = Request::chat(vec![Message::user(
        "Count from 1 to 20, separated by commas. Output only the numbers.",
    )]);
    let out = e
        .generate(
            std::slice::from_ref(&count),
            &GenOptions::new().max_tokens(3),
        )
        .unwrap();
    assert_eq!(
        (out[0].generated_tokens, out[0].finish),
        (3, Finish::Length),
        "{:?}",
        out[0]
    );

    let out = e
        .generate(
            &[count],
            &GenOptions::new().max_tokens(60).stop(vec!["5".into()]),
        )
        .unwrap();
    assert_eq!(out[0].finish, Finish::Stop, "{:?}", out[0]);
    assert!(
        out[0].text.contains('4') && !out[0].text.contains('5'),
        "{:?}",
        out[0].text
    );
}

#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn shared_between_threads() {
    let e = engine();
    let handles: Vec<_> = ["Xin chào", "Cảm ơn"]
        .into_iter()
        .map(|vi| {
            let e = Arc::clone(&e);
            std::thread::spawn(move || {
                e.generate(&[translate(vi)], &GenOptions::new().max_tokens(16))
                    .unwrap()
            })
        })
        .collect();
    let texts: Vec<String> = handles
        .into_iter()
        .map(|h| h.join().unwrap()[0].text.to_lowercase())
        .collect();
    assert!(
        texts[0].contains("hello") || texts[0].contains("hi"),
        "{texts:?}"
    );
    assert!(texts[1].contains("thank"), "{texts:?}");
}

#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn a_prompt_longer_than_the_context_is_refused_by_index() {
    let e = engine();
    let long = "Hà Nội ".repeat(2000);
    let err = e
        .generate(
            &[translate("Xin chào"), translate(&long)],
            &GenOptions::new(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLong {
                index: 1,
                limit: 1024,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().starts_with("request 1: prompt of "),
        "{err}"
    );
}

#[test]
fn files_that_are_not_models_give_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let fake = tmp.path().join("fake.gguf");
    std::fs::write(&fake, b"not a model").unwrap();
    let err = open(fake.to_str().unwrap(), &OpenOptions::default())
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        format!("{}: cannot load model: not a GGUF file", fake.display())
    );

    let truncated = tmp.path().join("truncated.gguf");
    std::fs::write(&truncated, b"GGUF\x03\x00\x00\x00").unwrap();
    let err = open(truncated.to_str().unwrap(), &OpenOptions::default())
        .err()
        .unwrap();
    assert!(err.to_string().contains("is the file complete?"), "{err}");

    let err = open("no-such-model", &OpenOptions::default())
        .err()
        .unwrap();
    assert!(err.to_string().contains("vibrief models list"), "{err}");
}

/// The context length bounds prompt and answer together: a long answer to a prompt that
/// nearly fills the context stops where the context ends, with `Finish::Length`.
#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn an_answer_stops_at_the_end_of_the_context() {
    let e = engine();
    // About two tokens a repetition: the prompt leaves a few dozen tokens for the answer.
    let filler = "Hà Nội ".repeat(470);
    let request = translate(&format!(
        "{filler}\nNow count from 1 to 500, separated by commas."
    ));
    let out = e
        .generate(&[request], &GenOptions::new().max_tokens(500))
        .unwrap();
    let c = &out[0];
    assert!(
        (950..1024).contains(&c.prompt_tokens),
        "the prompt should nearly fill the context: {c:?}"
    );
    assert_eq!(c.finish, Finish::Length, "{c:?}");
    // The last token is sampled from the context's final position and never decoded itself.
    assert_eq!(c.prompt_tokens + c.generated_tokens - 1, 1024, "{c:?}");
}
