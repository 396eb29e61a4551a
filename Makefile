# The two commands a fresh machine needs: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS ?= dev,corpus,web,spark

.PHONY: install demo test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[$(EXTRAS)]"
	touch $@

install: $(VENV)/.installed

# One screen: a summary per article, the corpus built from them, its disputes, and
# what to run next.
demo: install
	@echo "== counterclaim analyze --summary examples/articles.jsonl"
	@$(BIN)/counterclaim analyze --summary --no-progress examples/articles.jsonl
	@rm -rf .demo && mkdir -p .demo
	@echo
	@$(BIN)/counterclaim ingest examples/articles.jsonl --db .demo/counterclaim.db --quiet
	@echo
	@echo "== counterclaim disputes --db .demo/counterclaim.db"
	@$(BIN)/counterclaim disputes --db .demo/counterclaim.db
	@echo
	@echo "Next: browse the corpus in a web browser (http://127.0.0.1:8000):"
	@echo "  $(BIN)/counterclaim serve --db .demo/counterclaim.db"
	@echo "or read one dispute side against side, or one article in full:"
	@echo "  $(BIN)/counterclaim dispute 1 --db .demo/counterclaim.db"
	@echo "  $(BIN)/counterclaim analyze examples/06-veldra-publishes-photographs.txt"

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
