# Thin wrappers over scripts; see README.md. BUILD_DIR may be overridden.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: run test deps build lint bench stop clean

run: deps build
	deploy/local/run.sh

test: deps build lint
	tests/run_all.sh

deps:
	deploy/local/install-deps.sh

build:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

lint:
	tools/lint.sh

# Then the cases scenario again with PostgreSQL alone on the upper half of the CPUs, as on its
# own host in production (bench/README.md, "Cases").
bench: deps build
	bench/run.sh
	@n=$$(nproc); if [ "$$n" -ge 2 ]; then \
	  BENCH_SCENARIOS=cases BENCH_PG_CPUS=$$(seq -s, $$((n / 2)) $$((n - 1))) bench/run.sh; fi

stop:
	deploy/local/run.sh stop

clean:
	rm -rf $(BUILD_DIR)
