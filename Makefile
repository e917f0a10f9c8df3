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

bench: deps build
	bench/run.sh

stop:
	deploy/local/run.sh stop

clean:
	rm -rf $(BUILD_DIR)
