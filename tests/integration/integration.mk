# Integration tests: bats, every guest on real KVM (tests/vm/run).
.PHONY: check-integration
check-integration: all $(BUILD)/mkbadelf
	bats tests/integration
