/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame of an interrupted context, which generic code names
 * and ARCH=lib never fills.
 */
#ifndef _ASM_LIB_PTRACE_H
#define _ASM_LIB_PTRACE_H

#include <uapi/asm/ptrace.h>

#ifndef __ASSEMBLY__
/*
 * The registers of an interrupted context.  Nothing is ever interrupted
 * here, so only the fields generic code reads exist, and they are zero:
 * that keeps what random.c mixes in from irq regs the same on every run.
 */
struct pt_regs {
	unsigned long ip;
	unsigned long sp;
};

#define instruction_pointer(regs)	((regs)->ip)
#define user_stack_pointer(regs)	((regs)->sp)
#define profile_pc(regs)		instruction_pointer(regs)
#define user_mode(regs)			(0)
#define current_pt_regs()		task_pt_regs(current)
#define signal_pt_regs()		task_pt_regs(current)
#endif

#endif
