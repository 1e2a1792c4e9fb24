# Two commands work on a fresh clone: `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: setup demo test clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# The bundled sample corpus: the project's own plans (inputs only, not their gold files).
SAMPLES := $(filter-out %.gold.json,$(wildcard corpora/plans/*))
OUT     := out

demo: $(STAMP)
	@mkdir -p $(OUT)
	@rm -f $(OUT)/demo.db $(OUT)/demo.db-wal $(OUT)/demo.db-shm
	@echo "== parse: one summary per document"
	$(BIN)/fangan parse $(SAMPLES) > $(OUT)/parse.txt; head -n 24 $(OUT)/parse.txt
	@echo "== ingest the sample corpus into $(OUT)/demo.db"
	$(BIN)/fangan ingest $(SAMPLES) --db $(OUT)/demo.db
	@echo "== search (simplified query, then a traditional one)"
	$(BIN)/fangan search 健康教育 --db $(OUT)/demo.db --limit 3
	$(BIN)/fangan search 領導小組 --db $(OUT)/demo.db --limit 3
	@echo "== one plan, every field beside the original words it was read from"
	$(BIN)/fangan search 第二人民醫院 --db $(OUT)/demo.db --json --limit 1 > $(OUT)/hit.json
	$(BIN)/fangan show $$($(BIN)/python -c "import json; print(json.load(open('$(OUT)/hit.json'))['hits'][0]['id'])") --db $(OUT)/demo.db > $(OUT)/show.txt; head -n 16 $(OUT)/show.txt
	@echo "== task tables (任务分解表) of the plans that match 健康教育 and set tasks"
	$(BIN)/fangan tasks --query 健康教育 --db $(OUT)/demo.db --format xlsx -o $(OUT)/tasks.xlsx
	$(BIN)/fangan tasks --query 健康教育 --db $(OUT)/demo.db --format md -o $(OUT)/tasks.md
	@head -n 8 $(OUT)/tasks.md
	$(BIN)/fangan stats --db $(OUT)/demo.db

# The same checks for developers and CI: lint, format, types, then the suite (incl. the gold gate).
test: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n 2

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
