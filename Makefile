# hawser — build, test and demo.
#
#   make                 build build/hawser
#   make SANITIZER=address   build build-asan/hawser with ASan + UBSan
#   make check           install what is missing, build, run every test (also sanitized)
#   make run             install what is missing, build, create the demo database
#   make bench           run the benchmarks in bench/
#
# Sources are found by wildcard: a new .c file in src/core, src/store, src/io
# or src/channels joins the library; a new tests/unit/test_*.c becomes a test binary.

CC      ?= cc
CXX     ?= c++
PYTHON  ?= /usr/bin/python3
VERSION := 0.1.0

PKGS    := sqlite3 jansson icu-uc icu-i18n libmicrohttpd libsodium libzip libcurl cairo fontconfig libical
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ifeq ($(SANITIZER),address)
B       ?= build-asan
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT     := -O1
else
B       ?= build
SANFLAGS :=
OPT     := -O2
endif

WARN     := -Wall -Wextra -Werror
CPPFLAGS += -D_GNU_SOURCE -DHW_VERSION=\"$(VERSION)\" -Isrc -I$(B)/gen $(PKG_CFLAGS)
CFLAGS   += -std=c17 $(WARN) $(OPT) -g -MMD -MP $(SANFLAGS)
CXXFLAGS += -std=c++17 $(WARN) $(OPT) -g -MMD -MP $(SANFLAGS)
LDFLAGS  += $(SANFLAGS)
LDLIBS   := $(PKG_LIBS) -lcsv -lphonenumber -lstdc++ -lm -lpthread

LIB_C    := $(wildcard src/core/*.c src/store/*.c src/io/*.c src/channels/*.c src/http/*.c)
LIB_CXX  := $(wildcard src/io/*.cc)
GEN_C    := $(B)/gen/tzmap.c $(B)/gen/migrations.c $(B)/gen/assets.c
CLI_C    := $(wildcard src/cli/*.c)
TEST_C   := $(wildcard tests/unit/test_*.c)

LIB_OBJ  := $(LIB_C:%.c=$(B)/%.o) $(LIB_CXX:%.cc=$(B)/%.o) $(GEN_C:%.c=%.o)
CLI_OBJ  := $(CLI_C:%.c=$(B)/%.o)
TEST_BIN := $(TEST_C:tests/unit/%.c=$(B)/tests/%)

.PHONY: all check run bench clean format deps test tests
all: $(B)/hawser

$(B)/libhawser.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(B)/hawser: $(CLI_OBJ) $(B)/libhawser.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libhawser.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(B)/libhawser.a $(LDFLAGS) $(LDLIBS) -lcmocka

tests: $(TEST_BIN) $(B)/hawser

$(B)/%.o: %.c | $(B)/gen/tzmap.c $(B)/gen/migrations.c $(B)/gen/assets.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c -o $@ $<

$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The phone-prefix -> time-zone table comes from Debian's python3-phonenumbers,
# never from a hand-kept list.
$(B)/gen/tzmap.c: tools/gen_tzmap.py
	@mkdir -p $(@D)
	$(PYTHON) tools/gen_tzmap.py > $@.tmp && mv $@.tmp $@

$(B)/gen/migrations.c: tools/embed_sql.py $(sort $(wildcard src/store/migrations/*.sql))
	@mkdir -p $(@D)
	$(PYTHON) tools/embed_sql.py $(sort $(wildcard src/store/migrations/*.sql)) > $@.tmp && mv $@.tmp $@

# The web screens and the OpenAPI document, embedded: one binary serves them.
WEB_FILES := $(shell find web -type f 2>/dev/null)
$(B)/gen/assets.c: tools/embed_web.py src/http/openapi.json $(WEB_FILES)
	@mkdir -p $(@D)
	$(PYTHON) tools/embed_web.py src/http/openapi.json web > $@.tmp && mv $@.tmp $@

deps:
	@scripts/deps.sh

# make check: everything, plain and under ASan+UBSan; the last line is the tally.
check: deps
	$(MAKE) all tests bench-bins fuzz
	$(MAKE) SANITIZER=address all tests
	tests/run.sh build build-asan

test: all tests
	tests/run.sh $(B)

run: deps all
	@scripts/demo.sh $(B)/hawser

# The benchmarks' programs (bench/queue/, bench/dnc/), linked like the tests.
BENCH_BIN := $(B)/bench/queue_gen $(B)/bench/queue_bench $(B)/bench/dnc_gen $(B)/bench/dnc_bench

$(B)/bench/queue_gen: bench/queue/queue_gen.c $(B)/libhawser.a
$(B)/bench/queue_bench: bench/queue/queue_bench.c bench/queue/timed_store.c $(B)/libhawser.a
$(B)/bench/dnc_gen: bench/dnc/dnc_gen.c $(B)/libhawser.a
$(B)/bench/dnc_bench: bench/dnc/dnc_bench.c bench/dnc/dnc_sqlite.c bench/dnc/dnc_util.c $(B)/libhawser.a
$(BENCH_BIN):
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $(filter %.c,$^) $(B)/libhawser.a $(LDFLAGS) $(LDLIBS)

.PHONY: bench-bins
bench-bins: $(BENCH_BIN)

# The registry parser's fuzz target (libFuzzer needs clang); 'make check'
# runs it for a few seconds (tests/e2e/fuzz.sh), longer by hand:
#   build/fuzz/fuzz_dnc -max_total_time=600 tests/fuzz/corpus/dnc
# The template parser's (fuzz_tmpl) the same way.
FUZZ_CC  := clang -std=c17 $(WARN) -g -O1 -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_SRC := tests/fuzz/fuzz_dnc.c src/io/dnc.c src/core/err.c
$(B)/fuzz/fuzz_dnc: $(FUZZ_SRC) src/io/dnc.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -DREAD_CHUNK=64 -o $@ $(FUZZ_SRC) $(shell pkg-config --libs libzip)
FUZZ_TMPL_SRC := tests/fuzz/fuzz_tmpl.c src/core/tmpl.c src/core/err.c
$(B)/fuzz/fuzz_tmpl: $(FUZZ_TMPL_SRC) src/core/tmpl.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ $(FUZZ_TMPL_SRC)

.PHONY: fuzz
fuzz: $(B)/fuzz/fuzz_dnc $(B)/fuzz/fuzz_tmpl

bench: all bench-bins
	bench/import/run.sh $(B)/hawser
	bench/queue/run.sh $(B)
	bench/http/run.sh $(B)/hawser
	bench/dnc/run.sh $(B)

format:
	clang-format -i $(LIB_C) $(LIB_CXX) $(CLI_C) $(TEST_C) $(wildcard src/*/*.h)

clean:
	rm -rf build build-asan

-include $(shell find $(B) -name '*.d' 2>/dev/null)
