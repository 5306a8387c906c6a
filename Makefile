# Quill: the two commands of the README, and the tools around them.
#   make demo    build in release and show the applications on the shipped models
#   make test    install what is missing, build, run the whole test suite
#   make bench-tokenize   tokenizer throughput beside raw ICU, spaCy and NLTK (see Benchmarks/README.md)

SWIFT ?= swift
# Debian packages the build and the tests need (bzip2: the normalization test reads a .bz2 file).
APT_PACKAGES := libicu-dev libopenblas-dev unicode-data bzip2

.PHONY: test demo deps build release bench-tokenize clean

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

demo: deps release
	@Scripts/demo.sh

deps:
	@Scripts/install-dependencies.sh $(APT_PACKAGES)

build: deps
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product tokenize

bench-tokenize: deps
	@Benchmarks/run-tokenize.sh

clean:
	rm -rf .build Benchmarks/.build
