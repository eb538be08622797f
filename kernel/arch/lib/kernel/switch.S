/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stack switching for x86-64: the only assembly in ARCH=lib.
 *
 * Every context (the host's, and each kernel task's) is suspended on its
 * own stack with the System V callee-saved registers pushed; switching is
 * saving one stack pointer and loading another.  Caller-saved registers
 * need no saving: the switch is an ordinary function call.
 */
#include <linux/linkage.h>

	.text

/*
 * void *lib_ctx_switch(unsigned long *save_sp, unsigned long new_sp,
 *			void *handover);
 *
 * Suspends the caller, saving its stack pointer in *save_sp, and resumes
 * the context suspended at new_sp.  That context sees its own call to
 * lib_ctx_switch() return `handover`.
 */
	.globl lib_ctx_switch
	.hidden lib_ctx_switch
	.type lib_ctx_switch, @function
lib_ctx_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	movq	%rdx, %rax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size lib_ctx_switch, .-lib_ctx_switch

/*
 * First code of a new context (see lib_ctx_prepare()): calls
 * entry(handover, arg) with entry in %r12 and arg in %rbx, on a stack
 * aligned as the ABI wants.  entry never returns.
 */
	.globl lib_ctx_start
	.hidden lib_ctx_start
	.type lib_ctx_start, @function
lib_ctx_start:
	movq	%rax, %rdi
	movq	%rbx, %rsi
	andq	$-16, %rsp
	call	*%r12
	ud2
	.size lib_ctx_start, .-lib_ctx_start

	.section .note.GNU-stack, "", @progbits
