// SPDX-License-Identifier: GPL-2.0-only
/*
 * rdtsc and rdtscp read simulated time, as every other clock of the
 * program does (clock.c): the host kernel makes them fault (PR_SET_TSC
 * with PR_TSC_SIGSEGV, which each thread inherits) and the fault is
 * emulated with a counter of 1 GHz -- the node's simulated time in
 * nanoseconds -- and TSC_AUX 0 (CPU 0).  Computation takes no simulated
 * time, so two reads with no call to the node in between are equal.
 *
 * Some hypervisors do not honour the trap (PVM, where this was written:
 * PR_SET_TSC succeeds, yet rdtsc goes on reading the host's counter).
 * The constructor tries one rdtsc; if it did not trap, rdtsc reads the
 * host's counter as before, and nothing is printed (a program that never
 * reads the TSC must not see a difference).
 *
 * One exception: the vDSO's clocks read the TSC themselves (with the
 * kvm-clock and tsc clock sources) and scale it by the host's numbers.
 * Programs reach them only through glibc's own internal clock reads (the
 * shim answers clock_gettime() and gettimeofday() itself); for those the
 * instruction runs for real, the trap lifted for it, and they read the
 * host's time as they did before.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <signal.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include "shim.h"

static int trapping;
/* rdtsc instructions emulated so far. */
static unsigned long emulated;
static uintptr_t vdso_start, vdso_end;

int shim_tsc_trapping(void)
{
	return trapping;
}

/* Where the vDSO's code is: its ELF image, from the headers the kernel maps with it. */
static void find_vdso(void)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	const Elf64_Phdr *ph;
	int i;

	if (!eh || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return;
	ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD) {
			vdso_start = (uintptr_t)eh;
			vdso_end = (uintptr_t)eh + ph[i].p_vaddr + ph[i].p_memsz;
		}
	}
}

static uint64_t host_tsc(void)
{
	uint32_t lo, hi;

	shim_host(SYS_prctl, PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0, 0);
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	shim_host(SYS_prctl, PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0, 0);
	return (uint64_t)hi << 32 | lo;
}

int shim_tsc_fault(siginfo_t *info, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	const unsigned char *ip = (const unsigned char *)g[REG_RIP];
	uint64_t tsc;
	int len;

	if (!trapping || info->si_code != SI_KERNEL)
		return 0;
	if (ip[0] == 0x0f && ip[1] == 0x31)
		len = 2;
	else if (ip[0] == 0x0f && ip[1] == 0x01 && ip[2] == 0xf9)
		len = 3;
	else
		return 0;
	if ((uintptr_t)ip >= vdso_start && (uintptr_t)ip < vdso_end)
		tsc = host_tsc();
	else
		tsc = (uint64_t)shim_now_ns();
	g[REG_RAX] = (greg_t)(uint32_t)tsc;
	g[REG_RDX] = (greg_t)(tsc >> 32);
	if (len == 3)
		g[REG_RCX] = 0;
	g[REG_RIP] += len;
	emulated++;
	return 1;
}

/*
 * From the constructor, before the program's code runs: the trap's
 * handler first, then the trap, then one rdtsc to see that it traps.
 */
void shim_tsc_trap(void)
{
	uint32_t lo, hi;

	find_vdso();
	trapping = 1;
	if (shim_signal_keep(SIGSEGV) < 0 ||
	    shim_host(SYS_prctl, PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0, 0) < 0) {
		trapping = 0;
		shim_die("cannot make rdtsc read simulated time (PR_SET_TSC)");
	}
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	if (!emulated) {
		trapping = 0;
		shim_host(SYS_prctl, PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0, 0);
	}
}
