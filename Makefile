# Tandem - client project management. `make run` to try it, `make test` to check it.
# Plain make: objects listed explicitly, flags from pkg-config, strict warnings.

PKGS     = libxml-2.0 libxslt libmariadb libsodium jansson libcurl gmime-3.0
CC      ?= cc
WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wvla -Wwrite-strings -Wno-unused-parameter -Werror
CPPFLAGS = -Iinclude -Isrc -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     = -lfcgi $(shell pkg-config --libs $(PKGS) 2>/dev/null)

REL_CFLAGS = -std=c11 -O2 -g $(WARN) -fstack-protector-strong -D_FORTIFY_SOURCE=2
SAN_CFLAGS = -std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=undefined $(WARN)

PORT ?= 8080
export PORT

# One folder per layer (docs/architecture.md): a module is added by creating its file.
layer_objs  = $(patsubst %.c,%.o,$(sort $(wildcard src/$(1)/*.c)))
CORE_OBJS   = $(call layer_objs,core)
DOMAIN_OBJS = $(call layer_objs,domain)
WEB_OBJS    = $(call layer_objs,web)
PAGE_OBJS   = $(call layer_objs,page)
OUT_OBJS    = $(call layer_objs,out)
FCGI_OBJS   = fcgi/edge.o fcgi/req.o fcgi/parse.o fcgi/multipart.o
OBJS = $(FCGI_OBJS) $(CORE_OBJS) $(DOMAIN_OBJS) $(WEB_OBJS) $(PAGE_OBJS) $(OUT_OBJS)
MAIN = fcgi/main.o
# Unit tests of core modules link the core objects alone: a call upward does not link.
UNIT_CORE = test_xml test_crypto test_mime
UNIT = $(UNIT_CORE) test_buf test_arena test_parse test_valid test_frame test_route test_stmt test_plan test_webhook test_timecalc test_mail test_multipart test_log test_mail_body test_vocab test_token test_mention test_notify_who test_digest_time test_workdays test_mailbox

REL_OBJS = $(addprefix build/rel/,$(OBJS) $(MAIN))
SAN_OBJS = $(addprefix build/san/,$(OBJS))
SAN_CORE_OBJS = $(addprefix build/san/,$(CORE_OBJS))
SAN_DOMAIN_OBJS = $(addprefix build/san/,$(CORE_OBJS) $(DOMAIN_OBJS))
# Drivers that call the domain without a page (tests/domain/d_<module>.c), linked with core
# and domain alone: a call from the domain upward does not link.
DOMAIN_DRIVERS = $(patsubst tests/domain/%.c,build/san/tests/domain/%,$(sort $(wildcard tests/domain/d_*.c)))
HEADERS  = $(wildcard include/*/*.h include/*/*.def src/core/sql/*.def)

.PHONY: all deps build san run start stop test unit http browser bench valgrind lint clean

all: build

deps:
	@.ci/deps.sh

# The static files pre-compressed beside them, for nginx's gzip_static (issue 17).
STATIC_GZ = $(addsuffix .gz,$(wildcard nginx/static/*.css nginx/static/*.js nginx/static/*.svg nginx/static/*.html))

build: build/rel/tandem $(STATIC_GZ)
san: build/san/tandem $(STATIC_GZ)

nginx/static/%.gz: nginx/static/%
	@echo '  GZIP    $<'
	@gzip -9 -n -c $< >$@.tmp && mv $@.tmp $@

build/rel/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(REL_CFLAGS) $(CPPFLAGS) -c -o $@ $<

build/san/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo '  CC san  $<'
	@$(CC) $(SAN_CFLAGS) $(CPPFLAGS) -c -o $@ $<

build/rel/tandem: $(REL_OBJS)
	@echo '  LINK    $@'
	@$(CC) $(REL_CFLAGS) -o $@ $^ $(LIBS)

build/san/tandem: $(SAN_OBJS) build/san/fcgi/main.o
	@echo '  LINK    $@'
	@$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS)

build/san/tests/unit/%: tests/unit/%.c $(SAN_OBJS) $(HEADERS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo '  TEST    $@'
	@$(CC) $(SAN_CFLAGS) $(CPPFLAGS) -o $@ $< $(SAN_OBJS) $(LIBS) -lcmocka

$(addprefix build/san/tests/unit/,$(UNIT_CORE)): build/san/tests/unit/%: tests/unit/%.c $(SAN_CORE_OBJS) $(HEADERS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo '  TEST    $@ (core only)'
	@$(CC) $(SAN_CFLAGS) $(CPPFLAGS) -o $@ $< $(SAN_CORE_OBJS) $(LIBS) -lcmocka

build/san/tests/domain/d_%: tests/domain/d_%.c tests/domain/harness.c tests/domain/harness.h $(SAN_DOMAIN_OBJS) $(HEADERS)
	@mkdir -p $(dir $@)
	@echo '  DRIVER  $@ (core and domain only)'
	@$(CC) $(SAN_CFLAGS) $(CPPFLAGS) -Itests/domain -o $@ $< tests/domain/harness.c $(SAN_DOMAIN_OBJS) $(LIBS)

# The whole stack in the foreground (Ctrl-C stops it), or in the background.
run: deps build
	@nginx/stack.sh run
start: deps build
	@nginx/stack.sh start
stop:
	@nginx/stack.sh stop

# Everything: unit tests, HTTP tests against the real stack, browser tests.
test: deps lint san $(addprefix build/san/tests/unit/,$(UNIT)) $(DOMAIN_DRIVERS)
	@tests/run.sh

unit: san $(addprefix build/san/tests/unit/,$(UNIT))
	@tests/run.sh unit

bench: deps build
	@tests/bench/bench.sh

# HTTP suites with the release worker under valgrind's memcheck.
valgrind: deps build
	@tests/valgrind.sh

# Footguns and unsafe patterns, caught mechanically (after git's banned.h); then the layer
# rules on the release objects and the sources (tests/layers.py, docs/architecture.md).
lint: build
	@! grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|strncpy|strtok|gets|atoi|atol)\s*\(' \
		fcgi src include tests/unit --include='*.[ch]' || { echo "lint: banned libc call"; exit 1; }
	@! grep -rnE '\bmysql_(real_)?query\s*\(' fcgi src include --include='*.c' || \
		{ echo "lint: SQL text outside the statement table"; exit 1; }
	@! grep -rnE 'disable-output-escaping *=' xslt || { echo "lint: disable-output-escaping"; exit 1; }
	@grep -rhoE 'xml_flash_next\(r, "[^"]*"' src | sed 's/.*"\(.*\)"/\1/' | sort -u | \
	while IFS= read -r c; do \
		grep -qF "{ \"$$c\"," src/web/frame.c || { echo "lint: flash code '$$c' is not in the table in src/web/frame.c"; exit 1; }; \
	done
	@! grep -rnE '\bxmlNodeSetContent\s*\(' fcgi src --include='*.c' || \
		{ echo "lint: xmlNodeSetContent takes markup; use xml_text"; exit 1; }
	@! grep -rnE 'sizeof *\(? *\w+ *\)? */ *sizeof' fcgi src include tests/unit --include='*.[ch]' | \
		grep -v '^include/core/array.h:' || { echo "lint: count a table with ARRAY_SIZE (array.h)"; exit 1; }
	@! grep -rnE 'struct route \w+\[' fcgi src include --include='*.[ch]' | grep -vE '^(src/page/routes.c|include/page/routes.h):' || \
		{ echo "lint: every route goes in the one table in src/page/routes.c"; exit 1; }
	@sed -n 's/^EV([A-Z_0-9]*, \("[^"]*"\).*/\1/p' include/domain/event_types.def | \
	while IFS= read -r t; do \
		! grep -rnF "$$t" fcgi src --include='*.c' || \
		{ echo "lint: event type $$t spelt out; use its EV_ name from include/domain/event_types.def"; exit 1; }; \
	done
	@! grep -rnE '\boutbox_emit\s*\([^,]*, *EV_WEBHOOK_TEST' src --include='*.c' || \
		{ echo "lint: the test event goes to one endpoint (outbox_emit_to), never fanned out"; exit 1; }
	@! grep -rnE '"(admin|pm|member|client|view|comment|approve)"' fcgi src --include='*.c' | \
		grep -iE 'role|access' || \
		{ echo "lint: a role or access level spelt out; use include/domain/roles.def through vocab.h"; exit 1; }
	@! grep -rnE '^\s+struct req\s+\w+\s*(;|=|\[)|sizeof\s*\(\s*struct req\s*\)|\(struct req\)\s*\{' src --include='*.c' || \
		{ echo "lint: a struct req outside fcgi/; give a domain function a struct ctx (ctx.h)"; exit 1; }
	@! grep -rnE '\bdb_cell(_int)?\([^;)]*, *[0-9]+\)' fcgi src --include='*.c' || \
		{ echo "lint: a result column read by number; declare it with COLS in src/sql/ and read it by name"; exit 1; }
	@! grep -rnE '\bdb_exec\s*\(' src/page --include='*.c' || \
		{ echo "lint: a page writes; every state change is a domain function (src/domain/)"; exit 1; }
	@python3 tests/layers.py build/rel

clean:
	rm -rf build $(STATIC_GZ)
