/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A seccomp filter built rule by rule (filter.c), for the starter's
 * policy (seccomp.c) and the shim's (seccomp-shim.c).
 *
 * Every filter starts with filter_begin(): calls of another ABI fail, and
 * the accumulator then holds the system call number.  Each rule tests the
 * number first and, if it is its call, ends in a verdict; otherwise it
 * leaves the accumulator alone for the next rule.  So a number is decided
 * by the first rule that names it, and a call whose verdict depends on
 * neither its arguments nor the instruction pointer (read, write, ...)
 * reaches the final ALLOW the same way every time: the kernel then caches
 * that verdict and runs no filter for it at all.  (A filter cannot read
 * memory: only the number, the architecture and the six argument
 * registers.)
 */
#ifndef LIBSIM_FILTER_H
#define LIBSIM_FILTER_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* Enough for every rule of either policy; filter_install() refuses more. */
#define FILTER_MAX 1024

struct filter {
	struct sock_filter insn[FILTER_MAX];
	unsigned int len;
};

void filter_begin(struct filter *f);
/* nr fails with err. */
void filter_refuse(struct filter *f, unsigned int nr, unsigned int err);
/* nr is allowed only if the low 32 bits of argument arg are one of vals, else err. */
void filter_arg_in(struct filter *f, unsigned int nr, unsigned int arg,
		   const uint32_t *vals, unsigned int n, unsigned int err);
/*
 * nr fails with err if argument arg has any of bits; with flags_arg >= 0,
 * only if argument flags_arg also has one of flags (O_CREAT for open).
 */
void filter_arg_bits(struct filter *f, unsigned int nr, int flags_arg, uint32_t flags,
		     unsigned int arg, uint32_t bits, unsigned int err);
/* nr is allowed only if argument arg (one the call does not use) is mark, else err. */
void filter_marked(struct filter *f, unsigned int nr, unsigned int arg, uint64_t mark,
		   unsigned int err);
/* Appends instructions as they are (a rule of its own shape). */
void filter_raw(struct filter *f, const struct sock_filter *insn, unsigned int n);
/* Ends the filter: whatever no rule decided is allowed. */
void filter_end(struct filter *f);
/*
 * Installs the filter on every thread of the process; on failure prints
 * "libsim shim: cannot install the seccomp filter that <what>" and exits.
 */
void filter_install(struct filter *f, const char *what);

/* The low 32 bits of argument i (x86-64 is little-endian); the high ones follow. */
#define FILTER_ARG_LO(i)	(offsetof(struct seccomp_data, args[0]) + 8 * (i))
#define FILTER_LOAD(off)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define FILTER_RET(v)		BPF_STMT(BPF_RET | BPF_K, (v))
#define FILTER_ERR(e)		FILTER_RET(SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

#endif
