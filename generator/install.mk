# Installing Trappa and its publishing workflow; included at the end of the Makefile.
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   the program, the manual, the theme, the git
#                                                 hooks, the nginx server block, the systemd units
#   make uninstall [PREFIX=...] [DESTDIR=...]
#   make test-publish    tests/publish.sh: git push -> hooks -> nginx on 127.0.0.1, end to end
#   make lint-publish    nginx -t on the server block; systemd-analyze verify on the units
#
# Installed files (PREFIX default /usr/local):
#   PREFIX/bin/trappa
#   PREFIX/share/man/man1/trappa.1
#   PREFIX/share/trappa/themes/default/...      found by PREFIX/bin/trappa on its own
#   PREFIX/share/trappa/hooks/pre-receive, post-receive
#   PREFIX/share/trappa/nginx/trappa.conf
#   PREFIX/share/trappa/trappa.schema.json      the front matter's JSON Schema (trappa schema)
#   PREFIX/share/doc/trappa/sa-redigerar-du-dialoger.md   the staff guide, cut out of README.md
#                                                 between its "personalguide" markers
#   PREFIX/lib/systemd/system/trappa-rebuild.service, .timer   (systemd looks in both
#                                                 /usr/local/lib/systemd/system and /usr/lib/...)
# The theme is found relative to the program (../share/trappa/themes/default), so the
# program must stay in PREFIX/bin. The units name PREFIX/share/trappa/hooks/post-receive:
# /usr/local in the source files is replaced by PREFIX when they are installed.

PREFIX     ?= /usr/local
DESTDIR    ?=
TRAPPA_BIN  = $(PREFIX)/bin
TRAPPA_MAN  = $(PREFIX)/share/man/man1
TRAPPA_DATA = $(PREFIX)/share/trappa
UNITDIR    ?= $(PREFIX)/lib/systemd/system
NGINX      ?= $(shell PATH="$$PATH:/usr/sbin:/sbin:/usr/local/sbin" command -v nginx)
TRAPPA_UNITS = trappa-rebuild.service trappa-rebuild.timer
TRAPPA_HOOKS = pre-receive post-receive

.PHONY: install uninstall test-publish lint-publish test-docs

# $(call trappa_install,DESTDIR,PREFIX,UNITDIR)
define trappa_install
	install -d "$(1)$(2)/bin" "$(1)$(2)/share/man/man1" "$(1)$(2)/share/trappa/hooks" \
		"$(1)$(2)/share/trappa/nginx" "$(1)$(2)/share/doc/trappa" "$(1)$(3)"
	install -m 755 generator/trappa "$(1)$(2)/bin/trappa"
	install -m 644 generator/trappa.1 "$(1)$(2)/share/man/man1/trappa.1"
	rm -rf "$(1)$(2)/share/trappa/themes/default"
	find themes/default -type f | LC_ALL=C sort | while IFS= read -r f; do \
		install -D -m 644 "$$f" "$(1)$(2)/share/trappa/$$f" || exit 1; done
	for h in $(TRAPPA_HOOKS); do install -m 755 "generator/hooks/$$h" "$(1)$(2)/share/trappa/hooks/$$h" || exit 1; done
	sed 's|/usr/local/|$(2)/|g' generator/nginx/trappa.conf >"$(1)$(2)/share/trappa/nginx/trappa.conf"
	chmod 644 "$(1)$(2)/share/trappa/nginx/trappa.conf"
	for u in $(TRAPPA_UNITS); do \
		sed 's|/usr/local/|$(2)/|g' "generator/systemd/$$u" >"$(1)$(3)/$$u" && chmod 644 "$(1)$(3)/$$u" || exit 1; done
	generator/trappa schema >"$(1)$(2)/share/trappa/trappa.schema.json"
	sed -n '/^<!-- personalguide: början -->$$/,/^<!-- personalguide: slut -->$$/p' README.md | sed '1d;$$d' \
		>"$(1)$(2)/share/doc/trappa/sa-redigerar-du-dialoger.md"
	test -s "$(1)$(2)/share/doc/trappa/sa-redigerar-du-dialoger.md"
	chmod 644 "$(1)$(2)/share/trappa/trappa.schema.json" "$(1)$(2)/share/doc/trappa/sa-redigerar-du-dialoger.md"
endef

# Like make site: the missing build dependencies first (as root; otherwise the
# apt-get line to run), then the program.
install:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	$(call trappa_install,$(DESTDIR),$(PREFIX),$(UNITDIR))
	@echo "trappa: installerat i / installed in $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f "$(DESTDIR)$(TRAPPA_BIN)/trappa" "$(DESTDIR)$(TRAPPA_MAN)/trappa.1"
	rm -rf "$(DESTDIR)$(TRAPPA_DATA)" "$(DESTDIR)$(PREFIX)/share/doc/trappa"
	for u in $(TRAPPA_UNITS); do rm -f "$(DESTDIR)$(UNITDIR)/$$u"; done

test-publish: generator/trappa
	tests/publish.sh

# The staff guide in README.md, word by word, in a fresh clone with a fresh
# HOME, trappa from make install DESTDIR=...; and the schema against trappa check.
test-docs:
	tests/docs.sh

# The units are checked as installed (into tests/build/lint-publish, so that the hook
# their ExecStart names exists); the server block inside a minimal nginx.conf, with
# its pid file and logs in that folder too.
LINT_PUBLISH = $(CURDIR)/tests/build/lint-publish
lint-publish: generator/trappa
	@test -n "$(NGINX)" || { echo "nginx saknas / missing: apt-get install nginx"; exit 1; }
	@command -v systemd-analyze >/dev/null || { echo "systemd-analyze saknas / missing: apt-get install systemd"; exit 1; }
	rm -rf "$(LINT_PUBLISH)" && mkdir -p "$(LINT_PUBLISH)/nginx"
	$(call trappa_install,,$(LINT_PUBLISH)/prefix,$(LINT_PUBLISH)/prefix/lib/systemd/system)
	printf '%s\n' 'pid $(LINT_PUBLISH)/nginx/nginx.pid;' 'error_log $(LINT_PUBLISH)/nginx/error.log;' \
		'events { }' 'http {' '	include /etc/nginx/mime.types;' '	default_type application/octet-stream;' \
		'	access_log off;' '	include $(CURDIR)/generator/nginx/trappa.conf;' '}' \
		>"$(LINT_PUBLISH)/nginx/nginx.conf"
	"$(NGINX)" -t -e "$(LINT_PUBLISH)/nginx/error.log" -p "$(LINT_PUBLISH)/nginx" -c "$(LINT_PUBLISH)/nginx/nginx.conf"
	@# Any message fails too: systemd-analyze exits 0 on an unknown key.
	out=$$(MANPATH="$(LINT_PUBLISH)/prefix/share/man" systemd-analyze verify \
		$(if $(shell command -v man),,--man=no) \
		$(foreach u,$(TRAPPA_UNITS),"$(LINT_PUBLISH)/prefix/lib/systemd/system/$(u)") 2>&1); \
		status=$$?; [ -z "$$out" ] || printf '%s\n' "$$out"; [ $$status -eq 0 ] && [ -z "$$out" ]
	@echo "lint-publish: nginx -t och systemd-analyze verify gick igenom / passed"
