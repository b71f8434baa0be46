# The two commands a newcomer needs are `make run` and `make test`.
.PHONY: run test lint bench deb clean

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

# build/deb/insyt_<version>_amd64.deb (needs root for the Debian build packages once)
deb:
	scripts/bootstrap deb
	scripts/build-deb build/deb

clean:
	rm -rf .venv var build .pytest_cache .mypy_cache .ruff_cache
