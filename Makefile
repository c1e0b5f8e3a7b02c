# Trappa: static site generator for a municipality's citizen dialogues.
#
#   make          build generator/trappa
#   make site     install missing build dependencies (as root), build, render content/ into public/
#   make check    every test: unit, Mustache spec, fuzz corpora, golden, CLI; sanitizers on
#                 (GCC's ASan+UBSan, clang's ASan+UBSan, ThreadSanitizer)
#   make fuzz     build the libFuzzer targets with clang (tests/fuzz/)
#   make clean

PKGS        = libcmark libgit2 yaml-0.1 libxxhash zlib libmicrohttpd
DEB_DEPS    = build-essential pkg-config libcmark-dev libyaml-dev libgit2-dev libxxhash-dev zlib1g-dev tzdata \
              libmicrohttpd-dev
TEST_DEPS   = libcmocka-dev mandoc clang libclang-rt-14-dev git valgrind chromium default-jre-headless nginx \
              curl systemd strace libxml2-utils python3-icalendar python3-jsonschema \
              python3-yaml openssh-client raptor2-utils
MUSTACHE_SPEC ?= tests/spec/mustache-spec

CC         ?= cc
CLANG      ?= clang
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN        = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
STD         = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS     ?= -O2 -g
# CPPFLAGS and LDFLAGS from the environment (a distribution's hardening
# flags, an include path) reach every compile and every link.
ALL_CFLAGS  = $(STD) $(WARN) -Igenerator $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS)
SAN_FLAGS   = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS  = $(STD) $(WARN) -Igenerator $(CPPFLAGS) $(SAN_FLAGS) $(PKG_CFLAGS)
TSAN_FLAGS  = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
TSAN_CFLAGS = $(STD) $(WARN) -Igenerator $(CPPFLAGS) $(TSAN_FLAGS) $(PKG_CFLAGS)
LIBS        = $(PKG_LIBS) -lm -pthread

LIB_SRCS   := $(filter-out generator/main.c,$(wildcard generator/*.c))
LIB_OBJS    = $(LIB_SRCS:generator/%.c=generator/build/%.o)
SAN_OBJS    = $(LIB_SRCS:generator/%.c=generator/build-san/%.o)
TSAN_OBJS   = $(LIB_SRCS:generator/%.c=generator/build-tsan/%.o)
CLANG_OBJS  = $(LIB_SRCS:generator/%.c=tests/build-clang/obj/%.o)
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS   = $(UNIT_SRCS:tests/unit/%.c=tests/build/%)
FUZZ_SRCS  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES  = $(FUZZ_SRCS:tests/fuzz/fuzz_%.c=%)

.PHONY: all site deps check test-unit test-spec test-fuzz-replay test-golden test-cli test-browser \
	test-hostile test-incremental test-crash test-crash-long test-export test-valgrind test-tsan test-clang \
	test-serve lint-man lint-layers fuzz golden-update clean

all: generator/trappa

generator/build generator/build-san generator/build-tsan tests/build tests/build-clang/obj:
	mkdir -p $@

generator/build/%.o: generator/%.c | generator/build
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

generator/build-san/%.o: generator/%.c | generator/build-san
	$(CC) $(SAN_CFLAGS) -MMD -MP -c $< -o $@

generator/build-tsan/%.o: generator/%.c | generator/build-tsan
	$(CC) $(TSAN_CFLAGS) -MMD -MP -c $< -o $@

generator/build/libtrappa.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

generator/build-san/libtrappa.a: $(SAN_OBJS)
	rm -f $@ && ar rcs $@ $^

generator/build-tsan/libtrappa.a: $(TSAN_OBJS)
	rm -f $@ && ar rcs $@ $^

generator/trappa: generator/build/main.o generator/build/libtrappa.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The same program under AddressSanitizer and UBSan, for the golden and CLI tests.
generator/trappa-san: generator/build-san/main.o generator/build-san/libtrappa.a
	$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# And under ThreadSanitizer: pages and dialogue files are handled on two threads.
generator/trappa-tsan: generator/build-tsan/main.o generator/build-tsan/libtrappa.a
	$(CC) $(TSAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

-include $(wildcard generator/build/*.d generator/build-san/*.d generator/build-tsan/*.d tests/build/*.d \
	tests/build-clang/*.d tests/build-clang/obj/*.d)

# ---- set-up -------------------------------------------------------------

deps:
	@missing=""; for p in $(DEB_DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$(WANT_NODE)" ] && ! command -v npm >/dev/null; then missing="$$missing nodejs npm"; fi; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installerar / installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
		echo "Saknade paket / missing packages. Kör / run:"; \
		echo "  sudo apt-get install$$missing"; exit 1; \
	fi

site:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		./generator/trappa build --ref HEAD --out public; \
	else \
		echo "Ingen .git här: renderar arbetskatalogen / no .git here: rendering the work tree"; \
		./generator/trappa build --worktree --out public; \
	fi

# ---- tests --------------------------------------------------------------

check:
	@$(MAKE) --no-print-directory deps DEB_DEPS="$(DEB_DEPS) $(TEST_DEPS)" WANT_NODE=1
	@$(MAKE) --no-print-directory test-unit test-spec test-fuzz-replay lint-man lint-layers test-golden test-cli \
		test-hostile test-incremental test-crash test-export test-valgrind test-tsan test-clang test-publish \
		lint-publish test-docs test-browser test-serve
	@echo "make check: alla tester gick igenom / all tests passed"

tests/build/test_%: tests/unit/test_%.c generator/build-san/libtrappa.a | tests/build
	$(CC) $(SAN_CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< generator/build-san/libtrappa.a $(LIBS) -lcmocka

test-unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

tests/build/spec-runner: tests/spec/runner.c generator/build-san/libtrappa.a | tests/build
	$(CC) $(SAN_CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< generator/build-san/libtrappa.a $(LIBS)

test-spec: tests/build/spec-runner
	tests/build/spec-runner $(MUSTACHE_SPEC)

# Each fuzz target is also linked with a plain driver that replays its corpus.
tests/build/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c generator/build-san/libtrappa.a | tests/build
	$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c generator/build-san/libtrappa.a $(LIBS)

test-fuzz-replay: $(FUZZ_NAMES:%=tests/build/replay_%)
	@set -e; for n in $(FUZZ_NAMES); do \
		echo "== fuzz corpus $$n"; tests/build/replay_$$n tests/fuzz/corpus/$$n; done

fuzz: | tests/build
	@set -e; for n in $(FUZZ_NAMES); do \
		$(CLANG) $(STD) $(WARN) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) \
			-Igenerator $(LDFLAGS) -o tests/build/fuzz_$$n tests/fuzz/fuzz_$$n.c $(LIB_SRCS) $(LIBS); \
		echo "built tests/build/fuzz_$$n"; done

# The unit tests and the fuzz corpora again, built with clang's ASan+UBSan:
# clang checks more undefined behaviour than GCC (pointer arithmetic on NULL,
# "applying zero offset to null pointer", among others). Own object folder.
tests/build-clang/obj/%.o: generator/%.c | tests/build-clang/obj
	$(CLANG) $(SAN_CFLAGS) -MMD -MP -c $< -o $@

tests/build-clang/libtrappa.a: $(CLANG_OBJS)
	rm -f $@ && ar rcs $@ $^

tests/build-clang/test_%: tests/unit/test_%.c tests/build-clang/libtrappa.a
	$(CLANG) $(SAN_CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< tests/build-clang/libtrappa.a $(LIBS) -lcmocka

tests/build-clang/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/build-clang/libtrappa.a
	$(CLANG) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c tests/build-clang/libtrappa.a $(LIBS)

test-clang: $(UNIT_SRCS:tests/unit/%.c=tests/build-clang/%) $(FUZZ_NAMES:%=tests/build-clang/replay_%)
	@set -e; for t in $(UNIT_SRCS:tests/unit/%.c=tests/build-clang/%); do echo "== clang $$t"; $$t; done; \
	for n in $(FUZZ_NAMES); do \
		echo "== clang fuzz corpus $$n"; tests/build-clang/replay_$$n tests/fuzz/corpus/$$n; done

lint-man:
	mandoc -Tlint -W warning generator/trappa.1

# No module includes one above it (the order is in tests/layers.sh).
lint-layers:
	tests/layers.sh

test-golden: generator/trappa-san
	tests/golden.sh

# The golden build under ThreadSanitizer (a data race exits 66). TSan needs
# the address space layout it expects: kernels with high mmap entropy make it
# abort at start, so it runs with address randomisation off where setarch can.
TSAN_RUN = $(shell setarch "$$(uname -m)" -R true 2>/dev/null && echo 'setarch $(shell uname -m) -R')
test-tsan: generator/trappa-tsan
	TRAPPA=generator/trappa-tsan TRAPPA_WRAPPER="$(TSAN_RUN)" \
		TSAN_OPTIONS="halt_on_error=1 exitcode=66 $(TSAN_OPTIONS)" tests/golden.sh

golden-update: generator/trappa-san
	UPDATE=1 tests/golden.sh

test-cli: generator/trappa-san
	tests/cli.sh

test-hostile: generator/trappa-san generator/trappa
	tests/hostile.sh

# A rebuild rewrites only what changed and equals a full build.
test-incremental: generator/trappa-san
	tests/incremental.sh

# Publishing survives kills and errors at every rename (and a spread of
# fsync, link, unlink and rmdir calls), and fsyncs before it publishes:
# strace's fault injection (about a minute). test-crash-long tries every
# point of every call (tens of minutes); its figures are in the README.
test-crash: generator/trappa
	tests/crash.sh

test-crash-long: generator/trappa
	CRASH_LONG=1 tests/crash.sh

# Feeds, calendars and data checked by independent tools (xmllint, Python's
# icalendar, jsonschema and csv; rapper for the DCAT catalogue).
test-export: generator/trappa-san
	@d=$$(mktemp -d); \
	TRAPPA_LANG=sv generator/trappa-san build --worktree --today 2026-11-22 --out $$d/site --quiet 2>/dev/null \
		&& tests/export.sh $$d/site; rc=$$?; rm -rf $$d; [ $$rc -eq 0 ] || exit $$rc
	@# the golden site built from git: the change log's commit notes and step changes in the feeds
	tests/export.sh tests/golden-git/site

# The golden and hostile tests again under valgrind's memcheck (the plain
# build: valgrind and ASan do not mix). Exit 99 marks a valgrind finding.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
test-valgrind: generator/trappa
	TRAPPA=generator/trappa TRAPPA_WRAPPER="$(VALGRIND)" tests/golden.sh
	TRAPPA=generator/trappa TRAPPA_WRAPPER="$(VALGRIND)" tests/hostile.sh

# Headless Chromium (axe-core, no-JS reading, 320 px reflow) and the Nu HTML Checker.
test-browser: generator/trappa
	tests/browser/run.sh generator/trappa

# trappa serve in headless Chromium: live reload, the error page, drafts,
# path traversal, and flat memory and file descriptors over 200 rebuilds.
test-serve: generator/trappa
	tests/serve.sh generator/trappa

clean:
	rm -rf generator/build generator/build-san generator/build-tsan tests/build tests/build-clang \
		generator/trappa generator/trappa-san generator/trappa-tsan public public.cache public.lock \
		public.staging-*

# Trappa against Hugo and the floor on generated corpora, all in tests/bench/
# (not part of check; ~15 min; SIZES=100 RUNS=1 WARMUP=0 REBUILD_RUNS=1 for a look).
.PHONY: bench
bench:
	sh tests/bench/run.sh

# make install, the git hooks, nginx and systemd: the publishing workflow.
include generator/install.mk
