//! The bert engine on the tiny random Marian fixture (`tests/fixtures/marian-tiny`, made by
//! `scripts/make-tiny-models.py marian`): loading from a local directory, generation, and the errors
//! for broken or missing files and for hub ids without network. The output is gibberish: these
//! tests prove loading and generation, not quality.
#![cfg(feature = "bert")]

use std::path::{Path, PathBuf};
use vibrief::engine::bert::{BertConfig, BertEngine, Task};
use vibrief::engine::{
    open, Engine, Error, Finish, GenOptions, InputKind, Message, OpenOptions, Request,
};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/marian-tiny")
}

/// A copy of the fixture that a test may break.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("marian-tiny");
    std::fs::create_dir(&dir).unwrap();
    for e in std::fs::read_dir(fixture()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    (tmp, dir)
}

/// The message of the error loading `dir` gives.
fn load_error(dir: &Path) -> String {
    match BertEngine::from_dir(dir, "x", BertConfig::default()) {
        Ok(_) => panic!("{} loaded", dir.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn loads_the_fixture_and_generates() {
    let engine = BertEngine::from_dir(&fixture(), "marian-tiny", BertConfig::default()).unwrap();
    assert_eq!(engine.task(), Task::Translation);
    assert_eq!(engine.input_kind(), InputKind::Source);
    assert_eq!(engine.context_length(), 128);
    let requests = [
        Request::source("Thủ tướng chủ trì cuộc họp về kinh tế."),
        Request::source("Giá xăng dầu giảm nhẹ."),
    ];
    let out = engine
        .generate(&requests, &GenOptions::new().max_tokens(6))
        .unwrap();
    assert_eq!(out.len(), 2);
    for c in &out {
        assert!(c.generated_tokens > 0 && c.generated_tokens <= 6, "{c:?}");
        assert!(!c.text.trim().is_empty(), "{c:?}");
        assert!(c.prompt_tokens > 5, "{c:?}");
        assert_eq!(c.origin, "mt:marian-tiny");
        assert!(c.finish == Finish::End || c.finish == Finish::Length);
    }
    // Greedy decoding is reproducible.
    let again = engine
        .generate(&requests, &GenOptions::new().max_tokens(6))
        .unwrap();
    assert_eq!(
        again.iter().map(|c| &c.text).collect::<Vec<_>>(),
        out.iter().map(|c| &c.text).collect::<Vec<_>>()
    );
}

#[test]
fn open_picks_the_bert_engine_for_a_directory() {
    let engine = open(fixture().to_str().unwrap(), &OpenOptions::default()).unwrap();
    assert_eq!(engine.model_id(), "marian-tiny");
    let err = engine
        .generate(
            &[Request::chat(vec![Message::user("Xin chào")])],
            &GenOptions::new(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Unsupported { index: 0, .. }), "{err}");
    assert!(err.to_string().contains("takes source text"), "{err}");
}

#[test]
fn corrupted_weights_are_reported_with_the_file() {
    let (_tmp, dir) = copy();
    let weights = dir.join("model.safetensors");
    let bytes = std::fs::read(&weights).unwrap();
    std::fs::write(&weights, &bytes[..bytes.len() / 2]).unwrap();
    let err = BertEngine::from_dir(&dir, "x", BertConfig::default())
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!(
            "{}: cannot load model: truncated safetensors file",
            weights.display()
        )),
        "{msg}"
    );

    let mut garbled = bytes.clone();
    garbled[8..16].copy_from_slice(b"\xff\xfe garbl");
    std::fs::write(&weights, &garbled).unwrap();
    let msg = load_error(&dir);
    assert!(msg.contains("corrupt safetensors header"), "{msg}");
}

#[test]
fn weights_missing_a_tensor_are_reported() {
    let (_tmp, dir) = copy();
    // A valid safetensors file holding one unrelated tensor.
    let header = br#"{"other":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#;
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header);
    bytes.extend_from_slice(&[0, 0, 0, 0]);
    std::fs::write(dir.join("model.safetensors"), bytes).unwrap();
    let msg = load_error(&dir);
    assert!(
        msg.contains("model.safetensors: cannot load model:"),
        "{msg}"
    );
}

#[test]
fn a_missing_file_is_named() {
    for name in [
        "tokenizer.json",
        "config.json",
        "model.safetensors",
        "special_tokens_map.json",
    ] {
        let (_tmp, dir) = copy();
        std::fs::remove_file(dir.join(name)).unwrap();
        let err = BertEngine::from_dir(&dir, "x", BertConfig::default())
            .err()
            .unwrap();
        assert!(matches!(err, Error::Missing { .. }), "{name}: {err}");
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!("{}: not found", dir.join(name).display())),
            "{msg}"
        );
        assert!(
            msg.contains("a model directory needs config.json, tokenizer.json"),
            "{msg}"
        );
    }
}

#[test]
fn a_broken_config_is_reported() {
    let (_tmp, dir) = copy();
    std::fs::write(dir.join("config.json"), "{\"model_type\": \"gpt2\"}").unwrap();
    let msg = load_error(&dir);
    assert!(
        msg.contains("config.json: cannot load model: model_type \"gpt2\" is not supported"),
        "{msg}"
    );
    std::fs::write(dir.join("config.json"), "{not json").unwrap();
    let msg = load_error(&dir);
    assert!(
        msg.contains("config.json: cannot load model: invalid JSON"),
        "{msg}"
    );
}

#[test]
fn a_hub_id_without_network_says_how_to_use_a_local_directory() {
    let cache = tempfile::tempdir().unwrap();
    std::env::set_var("RUSTBERT_CACHE", cache.path());
    let err = open("vibrief-test/no-such-model", &OpenOptions::default())
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(
        msg.starts_with(
            "\"vibrief-test/no-such-model\": cannot get config.json from the Hugging Face hub"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("pass its local path instead of the hub id"),
        "{msg}"
    );
}
