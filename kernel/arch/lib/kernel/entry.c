// SPDX-License-Identifier: GPL-2.0-only
/*
 * Entry and exit: how control moves between the host and the kernel.
 *
 * The host calls in on its own stack; the kernel runs on the stacks of
 * its tasks.  Entering saves the host's stack pointer and resumes the
 * kernel where it last left off (the idle loop, or the start of
 * start_kernel() on the first entry).  The kernel leaves from the idle
 * loop once nothing is runnable, or to run a host callback (an "upcall")
 * on the host's stack: host code, possibly a JIT-compiled language
 * runtime, never runs on a small kernel stack.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/start_kernel.h>
#include <linux/string.h>
#include <generated/utsrelease.h>
#include "lib.h"

struct lib_host_ops lib_host;
unsigned long long lib_now_ns;
void *lib_memory;
bool lib_booted;

static unsigned long host_sp;
static unsigned long kernel_sp;
/*
 * Set exactly while the kernel side runs, i.e. while the host waits in
 * lib_enter()'s switch: the host's fault handler reads it (see fault.c)
 * to know that the host's context can be returned to.
 */
static u32 kernel_running;
/* A host callback is running: the host must not enter again from it. */
static bool in_upcall;
static bool dead;
static struct task_struct *pending_wakeup;
static void (*irq_work_fn)(void *arg);
static void *irq_work_arg;

enum upcall_kind { UPCALL_NONE, UPCALL_LOG, UPCALL_POPULATE, UPCALL_PANIC };

static struct {
	enum upcall_kind kind;
	const char *data;
	size_t len;
} upcall;

unsigned long lib_ctx_prepare(void *stack_top,
			      void (*entry)(void *handover, void *arg),
			      void *arg)
{
	unsigned long *sp = (unsigned long *)((unsigned long)stack_top & ~15UL);

	/* The frame lib_ctx_switch() pops: see switch.S. */
	*--sp = 0;
	*--sp = (unsigned long)lib_ctx_start;
	*--sp = 0;			/* rbp */
	*--sp = (unsigned long)arg;	/* rbx */
	*--sp = (unsigned long)entry;	/* r12 */
	*--sp = 0;			/* r13 */
	*--sp = 0;			/* r14 */
	*--sp = 0;			/* r15 */
	return (unsigned long)sp;
}

static void run_upcall(void)
{
	switch (upcall.kind) {
	case UPCALL_LOG:
		if (lib_host.log)
			lib_host.log(lib_host.ctx, upcall.data, upcall.len);
		break;
	case UPCALL_POPULATE:
		if (lib_host.mem_populate)
			lib_host.mem_populate(lib_host.ctx, (void *)upcall.data,
					      upcall.len);
		break;
	case UPCALL_PANIC:
		if (lib_host.panic)
			lib_host.panic(lib_host.ctx, upcall.data);
		break;
	case UPCALL_NONE:
		break;
	}
}

/* Checks an entry's time; the kernel's clock never goes backwards. */
int lib_enter_check(u64 now)
{
	if (dead)
		return LIB_EDEAD;
	if (in_upcall)
		return -EDEADLK;
	if (!lib_booted)
		return -ENODEV;
	if (now < lib_now_ns)
		return -EINVAL;
	return 0;
}

bool lib_is_dead(void)
{
	return dead;
}

const volatile u32 *lib_kernel_running(void)
{
	return &kernel_running;
}

/*
 * Runs the kernel at `now` until it is idle.  `wake` (may be NULL) is a
 * task the idle loop wakes first: the task a request was queued for.
 */
int lib_enter(u64 now, struct task_struct *wake)
{
	if (dead)
		return LIB_EDEAD;
	lib_now_ns = now;
	pending_wakeup = wake;
	for (;;) {
		upcall.kind = UPCALL_NONE;
		kernel_running = 1;
		lib_ctx_switch(&host_sp, kernel_sp, NULL);
		kernel_running = 0;
		if (upcall.kind == UPCALL_NONE)
			break;
		in_upcall = true;
		run_upcall();
		in_upcall = false;
		if (upcall.kind == UPCALL_PANIC)
			break;
	}
	lib_status_update();
	return dead ? LIB_EDEAD : 0;
}

/* Called by the idle loop: back to the host until the next entry. */
void lib_leave(void)
{
	lib_ctx_switch(&kernel_sp, host_sp, NULL);
}

/* Runs the kernel at `now` with fn(arg) as the work of its interrupt. */
int lib_enter_irq(u64 now, void (*fn)(void *arg), void *arg)
{
	irq_work_fn = fn;
	irq_work_arg = arg;
	return lib_enter(now, NULL);
}

bool lib_take_irq_work(void (**fn)(void *arg), void **arg)
{
	*fn = irq_work_fn;
	*arg = irq_work_arg;
	irq_work_fn = NULL;
	return *fn;
}

struct task_struct *lib_take_wakeup(void)
{
	struct task_struct *t = pending_wakeup;

	pending_wakeup = NULL;
	return t;
}

static void upcall_from_kernel(enum upcall_kind kind, const char *data,
			       size_t len)
{
	upcall.kind = kind;
	upcall.data = data;
	upcall.len = len;
	lib_ctx_switch(&kernel_sp, host_sp, NULL);
}

void lib_upcall_log(const char *line, size_t len)
{
	if (kernel_running)
		upcall_from_kernel(UPCALL_LOG, line, len);
}

void lib_upcall_populate(void *addr, size_t len)
{
	if (kernel_running && lib_host.mem_populate)
		upcall_from_kernel(UPCALL_POPULATE, addr, len);
}

/* The instance is dead: tell the host and never run kernel code again. */
void __noreturn lib_die(const char *message)
{
	dead = true;
	upcall_from_kernel(UPCALL_PANIC, message, strlen(message));
	for (;;)
		lib_ctx_switch(&kernel_sp, host_sp, NULL);
}

/* Boot: the first entry runs start_kernel() on init_task's stack. */
static void boot_entry(void *handover, void *arg)
{
	start_kernel();
}

LIB_API int lib_init(const struct lib_host_ops *ops, uint64_t now)
{
	int ret;

	if (!ops || ops->api_version != LIB_API_VERSION || !ops->mem_alloc)
		return -EINVAL;
	if (ops->memory_bytes % PAGE_SIZE ||
	    (ops->memory_bytes && ops->memory_bytes < (16UL << 20)))
		return -EINVAL;
	if (lib_booted || kernel_sp || dead)
		return dead ? LIB_EDEAD : -EALREADY;
	lib_host = *ops;
	lib_random_seed(lib_host.random_seed);
	if (!lib_host.memory_bytes)
		lib_host.memory_bytes = (u64)CONFIG_LIB_DEFAULT_MEMORY_MB << 20;
	/* Asked for here, on the host's stack, so failure is a plain error. */
	lib_memory = lib_host.mem_alloc(lib_host.ctx, lib_host.memory_bytes);
	if (!lib_memory || (unsigned long)lib_memory % PAGE_SIZE)
		return -ENOMEM;
	kernel_sp = lib_ctx_prepare((char *)init_stack + THREAD_SIZE,
				    boot_entry, NULL);
	ret = lib_enter(now, NULL);
	/* Boot that waits for a timer moves the clock on by itself. */
	while (!ret && !lib_booted) {
		u64 next = lib_timer_deadline();

		if (next == LIB_NO_DEADLINE)
			return -ETIMEDOUT;
		ret = lib_enter(max_t(u64, next, lib_now_ns), NULL);
	}
	return ret;
}

LIB_API int lib_run(uint64_t now)
{
	int ret = lib_enter_check(now);

	return ret ? ret : lib_enter(now, NULL);
}

LIB_API uint64_t lib_next_deadline(void)
{
	return dead ? LIB_NO_DEADLINE : lib_timer_deadline();
}

static struct lib_status status = { .next_deadline = LIB_NO_DEADLINE };

/* After every entry and every read of what an entry left for the host. */
void lib_status_update(void)
{
	u64 bytes = 0;

	status.dead = dead;
	status.next_deadline = lib_next_deadline();
	status.completions = dead ? 0 : lib_completions_waiting();
	status.transmitted = dead ? 0 : lib_netdev_tx_waiting(&bytes);
	status.transmitted_bytes = dead ? 0 : bytes;
}

LIB_API const struct lib_status *lib_status(void)
{
	return &status;
}

LIB_API uint64_t lib_now(void)
{
	return lib_now_ns;
}

LIB_API const char *lib_kernel_version(void)
{
	return UTS_RELEASE;
}
