# make mutate: mutation testing (tests/mutate, docs/testing.md). Not part
# of make check: it runs the tests once per mutant. MUTANTS=FILES picks
# some; MUTATE_FLAGS=--check only checks that every mutant still applies.
.PHONY: mutate
mutate: all $(BUILD)/mkbadelf $(UNIT_TESTS) $(LIBC_TEST_BIN)
	tests/mutate $(MUTATE_FLAGS) $(MUTANTS)
