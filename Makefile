# Thin wrapper over Meson: the commands a user types.
BUILD ?= build
ASAN_BUILD ?= build-asan
MESON ?= meson

DEBIAN_PKGS = meson ninja-build pkg-config gcc clang python3 \
	libseccomp-dev libelf-dev libdw-dev libjansson-dev libcmocka-dev \
	libyara-dev libhyperscan-dev libclang-rt-14-dev strace yara

.PHONY: all deps build demo check test asan clang bench fuzz install clean

all: build

# Install missing Debian packages (as root), or say exactly what to run.
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing || \
			{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; } ; \
		else \
			echo "missing packages; run as root:"; \
			echo "  apt-get install -y --no-install-recommends$$missing"; \
			exit 1; \
		fi; \
	fi

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) >/dev/null

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja:
	$(MESON) setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false >/dev/null

asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)

# The code must also build with clang (warnings are errors there too).
build-clang/build.ninja:
	CC=clang $(MESON) setup build-clang >/dev/null

clang: deps build-clang/build.ninja
	ninja -C build-clang >/dev/null

demo: build
	@sh samples/demo.sh $(BUILD)

check: build asan clang
	@sh tests/run.sh $(BUILD) $(ASAN_BUILD)

# Every comparison: tracing, sandbox, --from, -k, proxy, scanner.
bench: build
	@sh bench/run.sh $(BUILD)
	@BENCH_SET=sandbox sh bench/run.sh $(BUILD)
	@sh bench/from.sh $(BUILD)
	@sh bench/stack.sh $(BUILD)
	@sh bench/proxy.sh $(BUILD)
	@sh bench/scan.sh $(BUILD)

fuzz: deps
	CC=clang $(MESON) setup build-fuzz -Dfuzz=true -Dtests=false >/dev/null 2>&1 || true
	ninja -C build-fuzz
	@sh fuzz/run.sh build-fuzz 60

install: build
	$(MESON) install -C $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-clang build-fuzz
