# sunset - build, test and demo.
#
#   make demo    install what is missing, build, scan a demo repository
#   make test    install what is missing, build, run every test
#   make check   clang-format and cppcheck over the sources
#   make bench   time sunset against ripgrep, git grep and ast-grep
#   make asan    the tests again, built with ASan and UBSan
#   make fuzz    each libFuzzer target for FUZZ_TIME seconds (clang)
#   make valgrind  the end-to-end test under valgrind memcheck
#   make         build build/sunset
#
# Debian packages are installed with apt-get when run as root; otherwise
# the exact list is printed and make stops. Grammars come from the npm
# registry, pinned in package-lock.json (npm ci --ignore-scripts).

VERSION_FLAGS :=
PREFIX ?= /usr/local
DESTDIR ?=

BUILD := build
CC ?= cc

DEB_BUILD := gcc make pkg-config git libgit2-dev \
	libtree-sitter-dev libpcre2-dev libsqlite3-dev libyaml-dev
DEB_TEST := libcmocka-dev python3-jsonschema chromium
DEB_CHECK := clang-format cppcheck
DEB_BENCH := ripgrep time python3 python3-yaml
# libFuzzer ships in the compiler-rt package, a recommendation of clang
DEB_FUZZ := clang libclang-rt-dev
DEB_VALGRIND := valgrind

PKGS := libgit2 tree-sitter libpcre2-8 sqlite3 yaml-0.1

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wpointer-arith -Wvla
# CI (CI=true) turns warnings into errors
ifneq ($(CI),)
WARN += -Werror
endif

CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE -pthread $(WARN) $(CFLAGS) \
	-Iscanner -Ireports -I$(BUILD)/gen \
	-DSUNSET_TS_RUNTIME_VERSION='"$(TS_RUNTIME_VERSION)"' \
	$(PKG_CFLAGS) -MMD -MP
GRAMMAR_CFLAGS = -std=gnu11 -O2 -g0 -w

# Looked up once per make run, after the deps step has installed them.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread
TS_RUNTIME_VERSION = $(shell dpkg-query -W -f='$${Version}' libtree-sitter0 2>/dev/null | sed 's/-[^-]*$$//')

SRC := $(wildcard scanner/*.c reports/*.c)
LIB_SRC := $(filter-out scanner/main.c,$(SRC))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
LIB := $(BUILD)/libsunset.a
BIN := $(BUILD)/sunset

# grammar name, source directory (relative to node_modules), C files
NM := node_modules
G_python := tree-sitter-python/src|parser.c scanner.c
G_javascript := tree-sitter-javascript/src|parser.c scanner.c
G_typescript := tree-sitter-typescript/typescript/src|parser.c scanner.c
G_tsx := tree-sitter-typescript/tsx/src|parser.c scanner.c
G_go := tree-sitter-go/src|parser.c
G_java := tree-sitter-java/src|parser.c
G_kotlin := tree-sitter-kotlin/src|parser.c scanner.c
G_c_sharp := tree-sitter-c-sharp/src|parser.c scanner.c
G_ruby := tree-sitter-ruby/src|parser.c scanner.c
G_php := tree-sitter-php/php/src|parser.c scanner.c
G_rust := tree-sitter-rust/src|parser.c scanner.c
G_json := tree-sitter-json/src|parser.c
G_yaml := @tree-sitter-grammars/tree-sitter-yaml/src|parser.c scanner.c
G_toml := @tree-sitter-grammars/tree-sitter-toml/src|parser.c scanner.c
GRAMMARS := python javascript typescript tsx go java kotlin c_sharp ruby \
	php rust json yaml toml

g_dir = $(NM)/$(word 1,$(subst |, ,$(G_$(1))))
g_files = $(wordlist 2,99,$(subst |, ,$(G_$(1))))
GRAMMAR_OBJ = $(foreach g,$(GRAMMARS),$(foreach f,$(call g_files,$(g)),$(GRAMMAR_DIR)/$(g)/$(f:.c=.o)))
NPM_STAMP := $(NM)/.package-lock.json
# grammar objects are third-party code built without sanitizers: the
# sanitizer and fuzzing builds share the plain build's
GRAMMAR_DIR = $(BUILD)/grammars

define grammar_rule
$(GRAMMAR_DIR)/$(1)/%.o: $(NPM_STAMP) | deps
	@mkdir -p $$(@D)
	@echo "  CC grammar $(1)/$$*.c"
	@$$(CC) $$(GRAMMAR_CFLAGS) -I$(call g_dir,$(1)) -c $(call g_dir,$(1))/$$*.c -o $$@
endef
$(foreach g,$(GRAMMARS),$(eval $(call grammar_rule,$(g))))

TEST_SRC := $(filter-out tests/helpers.c,$(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_HELPERS := $(BUILD)/obj/tests/helpers.o

# keep object files make considers intermediate (tests link them)
.SECONDARY:

.PHONY: all deps deps-test deps-check deps-bench deps-fuzz deps-valgrind \
	test check demo clean install format bench asan fuzz fuzz-build \
	fuzz-targets valgrind
.DEFAULT_GOAL := all

all: $(BIN)

# ---- dependencies -------------------------------------------------------

# Installs what is missing when root; otherwise names it and stops.
# node and npm count as present when on PATH, whoever installed them.
define install_debs
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || missing="$$missing $$p"; \
	done; \
	if [ "$(2)" = node ]; then \
		command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
		command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	fi; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian packages:$$missing"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || { \
				echo "sunset: apt-get could not install:$$missing" >&2; exit 2; }; \
		else \
			echo "sunset: missing Debian packages:$$missing" >&2; \
			echo "install them with: sudo apt-get install -y$$missing" >&2; \
			exit 2; \
		fi; \
	fi
endef

deps:
	$(call install_debs,$(DEB_BUILD),node)

deps-test: deps
	$(call install_debs,$(DEB_TEST))

deps-check:
	$(call install_debs,$(DEB_CHECK))

deps-bench: deps
	$(call install_debs,$(DEB_BENCH))
deps-fuzz: deps
	$(call install_debs,$(DEB_FUZZ))

deps-valgrind: deps
	$(call install_debs,$(DEB_VALGRIND))

$(NPM_STAMP): package.json package-lock.json | deps
	@echo "  NPM ci (grammars pinned in package-lock.json)"
	@# node may not read the system CA store; a proxy's CA lives there
	@if [ -z "$$NODE_EXTRA_CA_CERTS" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then \
		export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt; fi; \
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# ---- generated headers --------------------------------------------------

$(BUILD)/gen/grammars.h: package.json
	@mkdir -p $(@D)
	@echo "  GEN $@"
	@{ echo "/* generated from package.json: pinned grammar versions */"; \
	  sed -n 's/^ *"\([^"]*tree-sitter-[^"]*\)": *"\([^"]*\)".*/\1 \2/p' package.json | \
	  while read -r name ver; do \
		macro=$$(echo "$$name" | sed 's/^@//; s/[^A-Za-z0-9]/_/g' | tr a-z A-Z); \
		echo "#define GRAMMAR_$$macro \"$$ver\""; \
	  done; } > $@.tmp && mv $@.tmp $@

# The content cache's engine identity: a hash of everything that decides
# a file's findings besides the file and the rules (the scanner's sources,
# the pinned grammars, the tree-sitter runtime). Only cache.c includes it,
# so a change elsewhere does not rebuild everything.
BUILD_ID_SRC := $(sort $(wildcard scanner/*.c scanner/*.h)) package-lock.json

$(BUILD)/gen/build_id.h: $(BUILD_ID_SRC) | deps
	@mkdir -p $(@D)
	@echo "  GEN $@"
	@{ echo "/* generated: hash of $(words $(BUILD_ID_SRC)) scanner sources, package-lock.json, tree-sitter $(TS_RUNTIME_VERSION) */"; \
	  printf '#define SUNSET_BUILD_ID "%s"\n' \
		"$$({ cat $(BUILD_ID_SRC); echo "tree-sitter $(TS_RUNTIME_VERSION)"; } | sha1sum | cut -c1-40)"; \
	} > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/scanner/cache.o: $(BUILD)/gen/build_id.h

# the schema for new databases, and the steps that bring an older one
# forward: reports/migrate-N.sql takes version N-1 to N
MIGRATIONS := $(sort $(wildcard reports/migrate-*.sql))
SQL_TO_C = sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/'

$(BUILD)/gen/schema_sql.h: reports/schema.sql $(MIGRATIONS)
	@mkdir -p $(@D)
	@echo "  GEN $@"
	@{ echo "/* generated from reports/schema.sql and reports/migrate-*.sql */"; \
	  echo "static const char sunset_schema_sql[] ="; \
	  $(SQL_TO_C) reports/schema.sql; \
	  echo ";"; \
	  echo "static const char *const sunset_migrations[] = {"; \
	  for m in $(MIGRATIONS); do $(SQL_TO_C) $$m; echo ","; done; \
	  echo "NULL};"; } > $@.tmp && mv $@.tmp $@

GEN_H := $(BUILD)/gen/grammars.h $(BUILD)/gen/schema_sql.h

# ---- sunset -------------------------------------------------------------

$(BUILD)/obj/%.o: %.c $(GEN_H) | deps
	@mkdir -p $(@D)
	@echo "  CC $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@echo "  AR $@"
	@rm -f $@ && ar rcs $@ $^

$(BIN): $(BUILD)/obj/scanner/main.o $(LIB) $(GRAMMAR_OBJ)
	@echo "  LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

# ---- tests --------------------------------------------------------------

$(BUILD)/obj/tests/%.o: tests/%.c $(GEN_H) | deps-test
	@mkdir -p $(@D)
	@echo "  CC $<"
	@$(CC) $(ALL_CFLAGS) -Itests $$(pkg-config --cflags cmocka) -c $< -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(TEST_HELPERS) $(LIB) $(GRAMMAR_OBJ)
	@mkdir -p $(@D)
	@echo "  LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $$(pkg-config --libs cmocka)

# The fuzz targets, each linked with a standalone driver that replays
# its seed corpus (fixtures/fuzz/NAME/) without libFuzzer.
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/%)

$(BUILD)/fuzz-replay/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/obj/tests/fuzz/replay.o $(LIB) $(GRAMMAR_OBJ)
	@mkdir -p $(@D)
	@echo "  LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

# Runs every test binary from the project root (fixtures are found
# relative to it), then prints one closing line with the totals.
test: $(BIN) $(TEST_BIN) $(FUZZ_REPLAY)
	@SUNSET_BIN=$(abspath $(BIN)) SUNSET_FIXTURES=$(abspath fixtures) \
		SUNSET_FUZZ_REPLAY="$(FUZZ_REPLAY)" \
		sh tests/run.sh $(TEST_BIN)

# ---- sanitizers, fuzzing, valgrind ----------------------------------------

# `make asan`: everything `make test` runs, built apart (build/asan) with
# AddressSanitizer and UndefinedBehaviorSanitizer; the first report of
# either fails the test that caused it. tests/lsan.supp holds the
# leaks that are libraries' own, each with its reason.
# -fno-sanitize-recover=all matters beyond stopping at the first report:
# with recoverable UBSan at -O2, gcc 12 sees the path past a failed
# nonnull check and fails CI=true on a false "null format string"
# (-Wformat-truncation) at scanner/facts.c's vsnprintf(NULL, 0, fmt, ap).
ASAN_BUILD := $(BUILD)/asan
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
ASAN_OPTS := halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1
SAN_ENV_COMMON := UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0
# full malloc stacks: slower, and needed for tests/lsan.supp to match
SAN_ENV := ASAN_OPTIONS=$(ASAN_OPTS):fast_unwind_on_malloc=0 $(SAN_ENV_COMMON)
# the fuzz targets never reach libgit2: fast stacks, more inputs a second
FUZZ_ENV := ASAN_OPTIONS=$(ASAN_OPTS) $(SAN_ENV_COMMON)

# SUNSET_RULES: the binary in build/asan/ finds no rules/ beside build/
asan: $(GRAMMAR_OBJ)
	@$(SAN_ENV) SUNSET_RULES=$(abspath rules) $(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) \
		GRAMMAR_DIR=$(GRAMMAR_DIR) CFLAGS='-O1 -g $(SAN_FLAGS)' test

# `make fuzz`: each target under tests/fuzz/, built with clang,
# libFuzzer, ASan and UBSan (build/fuzz), runs FUZZ_TIME seconds over a
# writable copy of its corpus (build/fuzz/corpus/NAME; fixtures/fuzz/NAME
# is never written). Inputs that crash land in build/fuzz/crashes/NAME/
# and make fails naming them: minimise one, add it to fixtures/fuzz/NAME/
# and fix the bug (make test replays it from then on).
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_TIME ?= 60
FUZZ_BIN = $(FUZZ_TARGETS:%=$(BUILD)/fuzzers/%)

$(BUILD)/fuzzers/%: $(BUILD)/obj/tests/fuzz/%.o $(LIB) $(GRAMMAR_OBJ)
	@mkdir -p $(@D)
	@echo "  LD $@"
	@$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

fuzz-targets: $(FUZZ_BIN)

# `make fuzz-build` only builds them
fuzz-build: deps-fuzz $(GRAMMAR_OBJ)
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang \
		GRAMMAR_DIR=$(GRAMMAR_DIR) \
		CFLAGS='-O1 -g -fsanitize=fuzzer-no-link $(SAN_FLAGS)' fuzz-targets

fuzz: fuzz-build
	@$(FUZZ_ENV) SUNSET_RULES=$(abspath rules) sh tests/fuzz/run.sh \
		$(FUZZ_BUILD) $(FUZZ_TIME) $(FUZZ_TARGETS)

# `make valgrind`: the end-to-end test of the command line (scans,
# inventories, reports, concurrent scans; in process) under memcheck; any error
# or definite leak fails. SUNSET_NO_JIT=1 makes PCRE2 interpret the
# rules' patterns: valgrind cannot follow its JIT code and reports the
# JIT's reads as uninitialised.
VALGRIND_TEST := $(BUILD)/tests/test_cli

valgrind: deps-valgrind $(BIN) $(VALGRIND_TEST)
	@cache=$$(mktemp -d) && trap 'rm -rf "$$cache"' EXIT && \
	XDG_CACHE_HOME=$$cache SUNSET_NO_JIT=1 \
		SUNSET_BIN=$(abspath $(BIN)) SUNSET_FIXTURES=$(abspath fixtures) \
		valgrind --quiet --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite \
		$(VALGRIND_TEST)

# ---- demo ---------------------------------------------------------------

DEMO_REPO := $(BUILD)/demo/acme-media

demo: $(BIN)
	@rm -rf $(DEMO_REPO) && mkdir -p $(dir $(DEMO_REPO))
	@cp -R fixtures/demo $(DEMO_REPO)
	@# fixture files named dot.X stand for .X
	@cd $(DEMO_REPO) && find . -name 'dot.*' | while read -r f; do \
		mv "$$f" "$$(dirname "$$f")/.$${f##*/dot.}"; done
	@cd $(DEMO_REPO) && git init -q -b main && git add -A && \
		git -c user.name=demo -c user.email=demo@example.invalid \
		commit -q -m "demo application"
	@echo "demo repository: $(DEMO_REPO)"
	@$(BIN) scan --db sunset.db --html report.html $(DEMO_REPO)

# ---- benchmark ----------------------------------------------------------

# Two synthetic corpora (tests/bench/gen_corpus.py, fixed seeds): sparse,
# about 1.5% of the files call a vendor; dense, about 90% do. A measurement,
# not a test: see README.md, Benchmark. BENCH_RUNS sets the best-of count.
BENCH := $(BUILD)/bench
BENCH_RUNS ?= 3
# the platform package's binary, called directly: the wrapper package's
# postinstall, which would link it, does not run (--ignore-scripts)
AST_GREP_ARCH := $(patsubst x86_64,x64,$(patsubst aarch64,arm64,$(shell uname -m)))
AST_GREP := $(NM)/@ast-grep/cli-linux-$(AST_GREP_ARCH)-gnu/ast-grep

$(BENCH)/sparse.stamp: tests/bench/gen_corpus.py | deps-bench
	@mkdir -p $(@D)
	@python3 tests/bench/gen_corpus.py $(BENCH)/sparse --files 4000 --vendor-share 0.015 --seed 7
	@touch $@

$(BENCH)/dense.stamp: tests/bench/gen_corpus.py | deps-bench
	@mkdir -p $(@D)
	@python3 tests/bench/gen_corpus.py $(BENCH)/dense --files 2000 --vendor-share 0.9 --seed 8
	@touch $@

# the literals sunset's prefilter uses, for rg, git grep and ast-grep alike
$(BENCH)/tools.stamp: tests/bench/bench_rules.py $(wildcard rules/vendors/*.yaml) $(BIN) | deps-bench
	@mkdir -p $(BENCH)/tools
	@$(BIN) rules literals > $(BENCH)/tools/sunset-literals.txt
	@$(BIN) rules literals --by-rule > $(BENCH)/tools/sunset-literals-by-rule.txt
	@python3 tests/bench/bench_rules.py --literals $(BENCH)/tools/sunset-literals.txt \
		$(BENCH)/tools/sunset-literals-by-rule.txt rules $(BENCH)/tools
	@touch $@

bench: $(BIN) $(NPM_STAMP) $(BENCH)/sparse.stamp $(BENCH)/dense.stamp $(BENCH)/tools.stamp
	@python3 tests/bench/run.py --sunset $(BIN) --ast-grep $(AST_GREP) \
		--tools $(BENCH)/tools --runs $(BENCH_RUNS) $(BENCH)/sparse $(BENCH)/dense

# ---- quality ------------------------------------------------------------

FORMAT_SRC := $(wildcard scanner/*.[ch] reports/*.[ch] tests/*.[ch] tests/fuzz/*.[ch])

check: deps-check $(GEN_H)
	@echo "  clang-format --dry-run"
	@clang-format --dry-run --Werror $(FORMAT_SRC)
	@echo "  cppcheck"
	@cppcheck -q --error-exitcode=1 --enable=warning,portability \
		--std=c11 --inline-suppr -D__GNUC__ -Iscanner -Ireports \
		-I$(BUILD)/gen scanner reports tests

# twice: one pass does not always reach clang-format's fixed point
format:
	clang-format -i $(FORMAT_SRC)
	clang-format -i $(FORMAT_SRC)

# the rules go where the binary looks for them: PREFIX/share/sunset/rules
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/sunset/rules/vendors
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/sunset
	install -m 644 rules/README.md $(DESTDIR)$(PREFIX)/share/sunset/rules/
	install -m 644 rules/vendors/*.yaml $(DESTDIR)$(PREFIX)/share/sunset/rules/vendors/

clean:
	rm -rf $(BUILD)

-include $(wildcard $(BUILD)/obj/*/*.d $(BUILD)/obj/tests/fuzz/*.d)
