# The two commands a newcomer needs are `make run` and `make test`.
.PHONY: run test lint bench clean

run:
	scripts/bootstrap run
	.venv/bin/insyt run -c conf/insyt.dev.toml

test:
	scripts/bootstrap test
	.venv/bin/ruff check insyt tests bench
	.venv/bin/mypy
	.venv/bin/python -m pytest -q

bench:
	scripts/bootstrap test
	.venv/bin/python bench/ingest.py

clean:
	rm -rf .venv var .pytest_cache .mypy_cache .ruff_cache
