// SPDX-License-Identifier: GPL-2.0-only
/*
 * Machine faults in kernel code: a wild pointer, a jump through a bad
 * function pointer, a stack pointer gone bad, a division by zero.
 *
 * With no MMU of its own the kernel cannot catch these: the processor
 * raises them in the host thread (SIGSEGV, SIGBUS, SIGFPE, SIGILL), and
 * by default they end the whole process.  The library has no libc and
 * installs no signal handler; it tells the host, through
 * lib_fault_target(), what the host's handler needs to tell its faults
 * from others, and where to resume the thread: lib_fault_resume(), on a
 * stack the host provides.  From there the instance dies as on a panic.
 *
 * The kernel's own state is not trusted here: the message is formatted
 * with snprintf() alone and goes to the host's log and panic callbacks
 * directly, not through printk() or panic(), which a wild write may have
 * left broken.
 */
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/string.h>
#include <linux/time64.h>
#include "lib.h"

/* As the host (Linux, x86-64) numbers them; the same as asm-generic's. */
#define HOST_SIGILL	4
#define HOST_SIGBUS	7
#define HOST_SIGFPE	8
#define HOST_SIGSEGV	11
#define HOST_FPE_INTDIV	1
#define HOST_SI_KERNEL	0x80

/* The end of the loaded image; defined by the linker, hidden. */
extern char _end[] __attribute__((visibility("hidden")));

static char message[192];
static char log_line[224];

/*
 * An address as it reads the same in every run: relative to the library
 * or to the kernel's RAM when it lies in one (both are placed by the
 * host, somewhere else each run), else as it is.
 */
static void describe_address(char *buf, size_t len, unsigned long addr)
{
	unsigned long image = (unsigned long)&__ehdr_start;
	unsigned long ram = (unsigned long)lib_memory;

	if (addr >= image && addr < (unsigned long)_end)
		snprintf(buf, len, "liblinux+0x%lx", addr - image);
	else if (ram && addr >= ram && addr - ram < lib_host.memory_bytes)
		snprintf(buf, len, "ram+0x%lx", addr - ram);
	else
		snprintf(buf, len, "0x%lx", addr);
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case HOST_SIGSEGV:
		return "SIGSEGV";
	case HOST_SIGBUS:
		return "SIGBUS";
	case HOST_SIGFPE:
		return "SIGFPE";
	case HOST_SIGILL:
		return "SIGILL";
	}
	return "signal";
}

/* What happened, in the words of an x86 kernel's own oops. */
static void describe_fault(char *buf, size_t len, int sig, int code,
			   unsigned long addr)
{
	char where[40];

	describe_address(where, sizeof(where), addr);
	switch (sig) {
	case HOST_SIGSEGV:
		/* A non-canonical address (a poisoned pointer) reports none. */
		if (code == HOST_SI_KERNEL)
			snprintf(buf, len, "general protection fault");
		else
			snprintf(buf, len,
				 "unable to handle page fault for address %s",
				 where);
		break;
	case HOST_SIGBUS:
		snprintf(buf, len, "bus error for address %s", where);
		break;
	case HOST_SIGFPE:
		snprintf(buf, len, code == HOST_FPE_INTDIV ? "divide error" :
			 "arithmetic exception");
		break;
	case HOST_SIGILL:
		snprintf(buf, len, "invalid opcode");
		break;
	default:
		snprintf(buf, len, "fault");
	}
}

/*
 * The host's handler resumes the faulting thread here, on its own stack,
 * with the signal, its si_code, the address it names and the address of
 * the faulting instruction.  Only while the kernel side was running (see
 * lib_fault_target()): lib_die() then switches to the host, waiting in
 * lib_enter(), which returns LIB_EDEAD.
 */
static void __noreturn lib_fault_resume(int sig, int code, u64 addr, u64 ip)
{
	char what[96], at[40];
	u32 us;
	u64 s;

	describe_fault(what, sizeof(what), sig, code, addr);
	describe_address(at, sizeof(at), ip);
	snprintf(message, sizeof(message), "%s in kernel code: %s, ip %s",
		 signal_name(sig), what, at);
	/* A line for the kernel log, stamped as printk() stamps its own. */
	s = div_u64_rem(lib_now_ns, NSEC_PER_SEC, &us);
	snprintf(log_line, sizeof(log_line), "[%5llu.%06u] %s", s,
		 us / 1000, message);
	lib_upcall_log(log_line, strlen(log_line));
	lib_die(message);
}

LIB_API int lib_fault_target(struct lib_fault_target *out)
{
	if (!out)
		return -EINVAL;
	out->image = &__ehdr_start;
	out->image_len = _end - (char *)&__ehdr_start;
	out->running = lib_kernel_running();
	out->resume = lib_fault_resume;
	return 0;
}
