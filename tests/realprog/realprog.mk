# Real programs with their own build systems and test suites, built for
# guests with the installed SDK and compared with the host's build
# (tests/realprog/build-and-run; docs/sdk.md "Real programs"). Not part of
# make check: it needs their sources (tests/realprog/get-sources DIR) and
# takes minutes.
#
#   make check-realprog LUA=DIR LUA_TESTS=DIR ZLIB=DIR CMOCKA=DIR
#
# Each one given is built and run; the report is build/realprog/*/report.txt.
.PHONY: check-realprog
check-realprog: $(BUILD)/runner
	@test -n "$(LUA)$(ZLIB)$(CMOCKA)" || { echo "check-realprog: give LUA=DIR LUA_TESTS=DIR, ZLIB=DIR and/or CMOCKA=DIR (tests/realprog/get-sources)"; exit 2; }
	@rc=0; \
	$(if $(LUA),tests/realprog/build-and-run lua $(LUA) $(LUA_TESTS) || rc=1;) \
	$(if $(ZLIB),tests/realprog/build-and-run zlib $(ZLIB) || rc=1;) \
	$(if $(CMOCKA),tests/realprog/build-and-run cmocka $(CMOCKA) || rc=1;) \
	exit $$rc
