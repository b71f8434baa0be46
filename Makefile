# The two commands a newcomer needs are `make run` and `make test`.
.PHONY: run test lint bench deb clean analyst-model

# The analyst's CTranslate2 model, rebuilt when the committed adapter or the
# build (vocabulary pruning included) changes (PyPI GGUF + adapter -> merged
# -> vocabulary pruned -> int8; a few minutes on two cores).
ANALYST_MODEL := .cache/analyst/model
ANALYST_ADAPTER := insyt/training/analyst/adapter/adapter_model.safetensors
ANALYST_BUILD := insyt/training/analyst/build.py insyt/training/analyst/vocab.py

run: analyst-model
	scripts/bootstrap run
	.venv/bin/insyt run -c conf/insyt.dev.toml

test: analyst-model
	scripts/bootstrap test
	.venv/bin/ruff check insyt tests bench
	.venv/bin/mypy
	.venv/bin/python -m pytest -q

bench:
	scripts/bootstrap test
	.venv/bin/python bench/ingest.py

# build/deb/insyt_<version>_amd64.deb (needs root for the Debian build packages once)
deb:
	scripts/bootstrap deb
	scripts/build-deb build/deb

analyst-model: $(ANALYST_MODEL)/model.bin

$(ANALYST_MODEL)/model.bin: $(ANALYST_ADAPTER) $(ANALYST_BUILD)
	scripts/bootstrap analyst
	.venv/bin/insyt model build-analyst --out $(ANALYST_MODEL)

clean:
	rm -rf .venv var build .cache .pytest_cache .mypy_cache .ruff_cache
