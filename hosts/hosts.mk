# Host programs built on the runner's library (runner/scheduler.h, run.h):
# each hosts/NAME.c becomes build/hosts/NAME, linked like the runner
# (statically, so it runs in the test VM). Put your own here.
HOSTS := $(patsubst hosts/%.c,$(BUILD)/hosts/%,$(wildcard hosts/*.c))

$(BUILD)/hosts/%: hosts/%.c $(RUNNER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -static -o $@ $(filter %.c %.o,$^) $(PKG_LIBS)

all: $(HOSTS)
