# Quill: the two commands of the README, and the tools around them.
#   make demo    build in release and show the applications on the shipped models
#   make test    install what is missing, build, run the whole test suite
#   make fuzz    libFuzzer + AddressSanitizer on every reader, FUZZ_SECONDS each (see Fuzzing/README.md)
#   make bench-tokenize   tokenizer throughput beside raw ICU, spaCy and NLTK (see Benchmarks/README.md)

SWIFT ?= swift
# Tests run optimised: the numeric code (SIMD kernels, training loops) is 10x slower unoptimised,
# and -enable-testing keeps @testable imports working in release.
TEST_FLAGS := -c release -Xswiftc -enable-testing
# Debian packages the build and the tests need (bzip2: the normalization test reads a .bz2 file).
APT_PACKAGES := libicu-dev libopenblas-dev unicode-data bzip2

# Seconds each fuzz target runs for in `make fuzz`.
FUZZ_SECONDS ?= 60

.PHONY: test demo deps build release fuzz bench-tokenize clean

test: deps
	$(SWIFT) build --build-tests $(TEST_FLAGS)
	$(SWIFT) test $(TEST_FLAGS)

demo: deps release
	@Scripts/demo.sh

deps:
	@Scripts/install-dependencies.sh $(APT_PACKAGES)

build: deps
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product tokenize
	$(SWIFT) build -c release --product textgen
	$(SWIFT) build -c release --product tagger
	$(SWIFT) build -c release --product autocomplete

fuzz: deps
	@Scripts/fuzz.sh --seconds $(FUZZ_SECONDS)

bench-tokenize: deps
	@Benchmarks/run-tokenize.sh

clean:
	rm -rf .build Benchmarks/.build Fuzzing/.build
