# The commands the README promises: `make` (the main job) and `make test` (the tests).
# Both first run scripts/setup.sh (system packages, the default model and, for the tests,
# libtorch; each skipped when present).
.PHONY: all briefs setup setup-llama test bench

# The main job: English briefs of examples/ with the default model, in out/ (index.md lists
# them). Exit status 1 from vibrief means "done, some segments need review": not a failure here.
all: briefs

briefs: setup-llama
	cargo build --release
	./target/release/vibrief batch examples -o out --formats md,html,json || [ $$? -eq 1 ]
	@echo "Briefs written: out/index.md"

setup-llama:
	VIBRIEF_SETUP_BERT=0 VIBRIEF_SETUP_PROFILE=release scripts/setup.sh

setup:
	scripts/setup.sh

# Tests needing what the repository does not hold are #[ignore = "needs …"] (tests/common/mod.rs).
# They run under CI=true, where a missing one then fails naming it, and beside ../shared, the one
# dependency setup cannot install; elsewhere they are listed as ignored.
TEST_ARGS := $(if $(or $(filter true,$(CI)),$(wildcard ../shared)),-- --include-ignored)

test: setup
	cargo test $(TEST_ARGS)
	cargo test --features bert --lib --test engine_bert --test bert_pipeline $(TEST_ARGS)

bench:
	scripts/bench-engines.sh
