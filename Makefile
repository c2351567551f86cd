# The two commands the README promises: `make` (the main job) and `make test` (the tests).
.PHONY: all test

all:
	cargo build --release

test:
	cargo test
