/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * instance.h - host-side loader and driver for liblinux copies.
 *
 * One struct lib_instance is one private copy of liblinux.so (loaded from
 * an in-memory file, so every copy has its own globals, i.e. its own
 * kernel), plus the host state the tests need: the kernel log, the panic
 * message and a queue of completed system calls.
 *
 * Anything that can only go wrong because the library misbehaves (a
 * blocking call that never completes, a run that fails) is reported
 * through inst_fatal(), which does not return: a test cannot continue
 * sensibly after it.
 */
#ifndef LIBLINUX_TEST_INSTANCE_H
#define LIBLINUX_TEST_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "liblinux.h"

#define NS_PER_MS	1000000ULL
#define NS_PER_SEC	1000000000ULL

/* Kernel log kept per instance (the most recent bytes). */
#define INST_LOG_KEEP	(256 * 1024)
/* Completions the host has collected but no test has claimed yet. */
#define INST_QUEUE_MAX	256
/* Bounds on driving a kernel towards a completion. */
#define INST_MAX_STEPS	100000
#define INST_MAX_WAIT	(600 * NS_PER_SEC)

/* Host time at which tests boot their instances unless they say otherwise. */
#define INST_T0		NS_PER_SEC

/* Turns a host pointer into a system call argument. */
#define P(ptr)		((long)(uintptr_t)(ptr))

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct wire_net;

struct lib_instance {
	int index;		/* order of instance_open(), for log prefixes */
	int memfd;		/* keeps the copy's name unique, see instance.c */
	void *handle;

	/* The API of this copy. */
	int (*init)(const struct lib_host_ops *ops, uint64_t now);
	int (*run)(uint64_t now);
	uint64_t (*next_deadline)(void);
	uint64_t (*now)(void);
	const char *(*kernel_version)(void);
	int (*task_create)(int share_files_with, uint64_t now);
	int (*task_exit)(int task, uint64_t now);
	int (*task_interrupt)(int task, uint64_t now);
	int (*syscall)(int task, long nr, const long args[6],
		       const struct lib_user_range *user, int nuser,
		       uint64_t now, long *result);
	int (*completions)(struct lib_completion *out, int max);
	int (*sysctl_get)(const char *name, char *buf, size_t len,
			  uint64_t now);
	int (*sysctl_set)(const char *name, const char *value, uint64_t now);
	int (*debug)(int op, uint64_t arg, uint64_t *out, uint64_t now);
	int (*netdev_create)(const char *name, const uint8_t mac[6],
			     unsigned int mtu, uint64_t now);
	int (*netdev_set_carrier)(int ifindex, int up, uint64_t now);
	int (*netdev_receive)(const struct lib_frame *frames, int n,
			      uint64_t now);
	int (*netdev_transmitted)(struct lib_frame *out, int max);
	int (*netdev_transmitted_copy)(struct lib_frame *out, int max,
				       void *buf, size_t len);
	const struct lib_status *(*status)(void);
	int (*fault_target)(struct lib_fault_target *out);

	/* Its entry in the host's fault guard (../host/fault-guard.h). */
	long guard;

	/*
	 * The network the copy is wired into (wire.h), or NULL.  Once
	 * wired, the network owns time: every helper below enters at the
	 * network's clock, waiting runs the whole network, and the frames
	 * the copy transmits go onto its wires.  Unwired, transmitted
	 * frames stay queued in the library for the test to read.
	 */
	struct wire_net *net;
	int net_index;		/* its place in net->inst[] */

	/*
	 * With time_calls, the wall time spent inside the calls that enter
	 * the kernel, and in lib_netdev_transmitted, made through drive.c
	 * and wire.c (INST_TIMED); for the benchmark.
	 */
	bool time_calls;
	uint64_t call_ns;

	/* Host side of the copy. */
	struct lib_host_ops ops;
	void *mem;
	size_t mem_size;
	int mem_allocs;		/* how often mem_alloc was called */
	int populates;		/* mem_populate calls */
	int bad_populates;	/* ... outside the block or not page-aligned */
	size_t populated_low;	/* bytes populated from the block's start on */
	uint64_t populate_ns;	/* wall time the host spent backing them */
	bool fail_alloc;	/* make mem_alloc return NULL (tests -ENOMEM) */
	/* mem_populate records, backs nothing; RAM in 4 KiB pages only */
	bool back_nothing;	/* (residency then shows what boot wrote) */

	char *log;		/* '\n'-separated lines, oldest dropped */
	size_t log_len;
	unsigned long log_lines;
	unsigned long log_bad_lines;	/* lines breaking the log contract */

	bool panicked;
	char panic_msg[1024];

	struct lib_completion queue[INST_QUEUE_MAX];
	int nqueue;

	/* Times next_deadline() was before lib_now() right after a run. */
	unsigned long deadline_errors;
	uint64_t bad_deadline, bad_deadline_now;
};

/* CLOCK_MONOTONIC in ns. */
uint64_t inst_wall_ns(void);
/* Evaluates `call` (a call into in's library), timing it if asked to. */
#define INST_TIMED(in, call) ({						\
	struct lib_instance *ti_ = (in);				\
	uint64_t t0_ = ti_->time_calls ? inst_wall_ns() : 0;		\
	__typeof__(call) r_ = (call);					\
	if (ti_->time_calls)						\
		ti_->call_ns += inst_wall_ns() - t0_;			\
	r_;								\
})

/* Called by inst_fatal(); the test runner points it at its own abort. */
extern void (*inst_fail_hook)(const char *msg);
void inst_fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* LIBLINUX_SO, else build/liblinux.so next to the test's parent dirs. */
const char *instance_default_path(void);
/* Reads the library file once per process; 0 or -errno. */
int instance_load_image(const char *path);
/* Bytes of the library file, and how many of them dlopen maps. */
size_t instance_image_size(void);

/* A fresh, unbooted copy (path NULL: the default); NULL on error. */
struct lib_instance *instance_open(const char *path);
/* Why the last instance_open() failed. */
const char *instance_error(void);
/* Unloads the copy and frees its memory. */
void instance_close(struct lib_instance *in);
/* Fills in->ops with the host callbacks and the given seed. */
void instance_default_ops(struct lib_instance *in, uint64_t seed);
/* lib_init() with the default ops at `now`; returns its result. */
int instance_boot(struct lib_instance *in, uint64_t seed, uint64_t now);
/* open + boot at INST_T0, fatal on failure. */
struct lib_instance *inst_new(uint64_t seed);
/*
 * The time the helpers below enter at ("lib_now()" in their comments):
 * the kernel's clock, or for a wired copy (struct lib_instance.net) the
 * network's clock, which is never behind it.
 */
uint64_t inst_now(struct lib_instance *in);
/* lib_task_create at lib_now(), fatal on failure. */
int inst_task(struct lib_instance *in, int share_files_with);

/*
 * Moves the library's completions into in->queue and, for a wired copy,
 * its transmitted frames onto its wires.  Called after every entry.
 */
void inst_drain(struct lib_instance *in);
/* Takes the queued completion of `task`, if any. */
bool inst_take(struct lib_instance *in, int task, long *result);
/*
 * lib_run(t), then drain and check the next deadline.  On a wired copy t
 * must be the network's clock (wire.c's own use).
 */
int inst_run(struct lib_instance *in, uint64_t t);
/*
 * Runs every deadline <= t in order, then t itself; for a wired copy,
 * runs the whole network up to t.
 */
int inst_advance(struct lib_instance *in, uint64_t t);
/*
 * Runs the next deadline (fatal if there is none, or it is more than
 * INST_MAX_WAIT after `since`); for loops waiting on several tasks.  For
 * a wired copy: the network's next event, whichever copy it is in.
 */
void inst_step(struct lib_instance *in, uint64_t since);
/* Drives time by deadlines until `task` completes; its result. */
long inst_wait(struct lib_instance *in, int task);

/*
 * lib_syscall at lib_now(); drains completions; returns lib_syscall's.
 * The tests vouch for their pointers (LIB_USER_ANY) unless they give
 * the user memory of the call.
 */
int inst_submit(struct lib_instance *in, int task, long nr,
		const long args[6], long *result);
int inst_submit_user(struct lib_instance *in, int task, long nr,
		     const long args[6], const struct lib_user_range *user,
		     int nuser, long *result);
/* A blocking-style system call: submit, then inst_wait if pending. */
long inst_callv(struct lib_instance *in, int task, long nr,
		const long args[6]);
long inst_call(struct lib_instance *in, int task, long nr, long a0, long a1,
	       long a2, long a3, long a4, long a5);
/* inst_call with only the arguments a call uses, e.g. SYS(in, t, nr, fd). */
#define SYS(in, task, nr, ...) \
	inst_callv(in, task, nr, (const long[6]) { __VA_ARGS__ })

/* lib_sysctl_get at lib_now() into buf; its result. */
int inst_sysctl_get(struct lib_instance *in, const char *name, char *buf,
		    size_t len);
int inst_sysctl_set(struct lib_instance *in, const char *name,
		    const char *value);
/* lib_debug at lib_now() that must succeed; *out. */
uint64_t inst_debug(struct lib_instance *in, int op, uint64_t arg);

/* lib_netdev_create / _set_carrier / _receive at lib_now(); their result. */
int inst_netdev_create(struct lib_instance *in, const char *name,
		       const uint8_t mac[6], unsigned int mtu);
int inst_netdev_carrier(struct lib_instance *in, int ifindex, int up);
int inst_netdev_receive(struct lib_instance *in,
			const struct lib_frame *frames, int n);

/* Does the kept kernel log contain `needle`? */
bool inst_log_contains(const struct lib_instance *in, const char *needle);

#endif /* LIBLINUX_TEST_INSTANCE_H */
