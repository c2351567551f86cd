# The commands the README promises: `make` (the main job) and `make test` (the tests).
# `make test` first runs scripts/setup.sh (system packages, libtorch, the default model; each
# skipped when present), then the tests of both engines.
.PHONY: all setup test bench

all:
	cargo build --release

setup:
	scripts/setup.sh

test: setup
	cargo test
	cargo test --features bert --lib --test engine_bert

bench:
	scripts/bench-engines.sh
