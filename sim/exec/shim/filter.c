// SPDX-License-Identifier: GPL-2.0-only
/*
 * Building a seccomp filter rule by rule (see filter.h).  Jumps of
 * classic BPF are relative and at most 255 instructions ahead: every
 * rule is short and jumps only within itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <stdio.h>
#include <sys/syscall.h>
#include "filter.h"
#include "shim.h"

#define NR_OFF		offsetof(struct seccomp_data, nr)
#define ARCH_OFF	offsetof(struct seccomp_data, arch)
#define X32_BIT		0x40000000u

/* Past FILTER_MAX, or a jump too long: filter_install() refuses it. */
static void spoil(struct filter *f)
{
	f->len = FILTER_MAX + 1;
}

static void emit(struct filter *f, struct sock_filter i)
{
	if (f->len >= FILTER_MAX) {
		spoil(f);
		return;
	}
	f->insn[f->len++] = i;
}

static void stmt(struct filter *f, uint16_t code, uint32_t k)
{
	struct sock_filter i = BPF_STMT(code, k);

	emit(f, i);
}

static void load(struct filter *f, uint32_t off)
{
	stmt(f, BPF_LD | BPF_W | BPF_ABS, off);
}

static void fail(struct filter *f, unsigned int err)
{
	stmt(f, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA));
}

static void allow(struct filter *f)
{
	stmt(f, BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
}

static void jump(struct filter *f, uint16_t op, uint32_t k, unsigned int jt, unsigned int jf)
{
	struct sock_filter i = BPF_JUMP(BPF_JMP | op | BPF_K, k, (uint8_t)jt, (uint8_t)jf);

	if (jt > 255 || jf > 255)
		spoil(f);
	emit(f, i);
}

void filter_begin(struct filter *f)
{
	f->len = 0;
	load(f, ARCH_OFF);
	jump(f, BPF_JEQ, AUDIT_ARCH_X86_64, 1, 0);
	fail(f, ENOSYS);
	load(f, NR_OFF);
	/* x32 calls are x86-64 numbers with this bit. */
	jump(f, BPF_JGE, X32_BIT, 0, 1);
	fail(f, ENOSYS);
}

void filter_refuse(struct filter *f, unsigned int nr, unsigned int err)
{
	jump(f, BPF_JEQ, nr, 0, 1);
	fail(f, err);
}

void filter_arg_in(struct filter *f, unsigned int nr, unsigned int arg,
		   const uint32_t *vals, unsigned int n, unsigned int err)
{
	unsigned int i;

	jump(f, BPF_JEQ, nr, 0, n + 3);
	load(f, FILTER_ARG_LO(arg));
	for (i = 0; i < n; i++)
		jump(f, BPF_JEQ, vals[i], n - i, 0);
	fail(f, err);
	allow(f);
}

void filter_arg_bits(struct filter *f, unsigned int nr, int flags_arg, uint32_t flags,
		     unsigned int arg, uint32_t bits, unsigned int err)
{
	jump(f, BPF_JEQ, nr, 0, flags_arg >= 0 ? 6 : 4);
	if (flags_arg >= 0) {
		load(f, FILTER_ARG_LO((unsigned int)flags_arg));
		jump(f, BPF_JSET, flags, 0, 3);
	}
	load(f, FILTER_ARG_LO(arg));
	jump(f, BPF_JSET, bits, 0, 1);
	fail(f, err);
	allow(f);
}

void filter_marked(struct filter *f, unsigned int nr, unsigned int arg, uint64_t mark,
		   unsigned int err)
{
	jump(f, BPF_JEQ, nr, 0, 6);
	/* 64 bits, compared 32 at a time. */
	load(f, FILTER_ARG_LO(arg));
	jump(f, BPF_JEQ, (uint32_t)mark, 0, 2);
	load(f, FILTER_ARG_LO(arg) + 4);
	jump(f, BPF_JEQ, (uint32_t)(mark >> 32), 1, 0);
	fail(f, err);
	allow(f);
}

void filter_raw(struct filter *f, const struct sock_filter *insn, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		emit(f, insn[i]);
}

void filter_end(struct filter *f)
{
	allow(f);
}

void filter_install(struct filter *f, const char *what)
{
	struct sock_fprog prog = { .len = (unsigned short)f->len, .filter = f->insn };
	char msg[160];

	snprintf(msg, sizeof(msg), "cannot install the seccomp filter that %s", what);
	if (f->len > FILTER_MAX)
		shim_die(msg);
	if (shim_host(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC,
		      (long)&prog, 0, 0, 0) != 0)
		shim_die(msg);
}
