/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linker script for liblinux-*.so.  It only adds to ld's own layout for a
 * shared object (INSERT), so the result stays an ordinary, relocatable
 * shared library; what it adds are the kernel's special sections and the
 * symbols that bound them.
 */
#include <asm-generic/vmlinux.lds.h>
#include <asm/cache.h>
#include <asm/page.h>
#include <asm/thread_info.h>

/* As on every 64-bit little-endian kernel: jiffies is jiffies_64. */
jiffies = jiffies_64;

/*
 * Ordinary code stays in ld's own .text (debuggers and profilers look for
 * it there); the kernel's specially placed code follows it, with the
 * bounds the kernel reads.
 */
_text = ADDR(.text);
_stext = ADDR(.text);

SECTIONS
{
	.text.kernel : {
		SCHED_TEXT
		LOCK_TEXT
		CPUIDLE_TEXT
		NOINSTR_TEXT
		KPROBES_TEXT
		IRQENTRY_TEXT
		SOFTIRQENTRY_TEXT
		ENTRY_TEXT
		*(.ref.text)
		_etext = .;
	}
	.text.init : {
		_sinittext = .;
		INIT_TEXT
		_einittext = .;
	}
}
INSERT AFTER .text;

/* ld's own .rodata holds all read-only data; kfree_const() needs its bounds. */
__start_rodata = ADDR(.rodata);
__end_rodata = ADDR(.rodata) + SIZEOF(.rodata);

/* Bounds of sections the kernel reads, even when they end up empty. */
__start_notes = ADDR(.note.Linux);
__stop_notes = ADDR(.note.Linux) + SIZEOF(.note.Linux);
PROVIDE(__start___ex_table = 0);
PROVIDE(__stop___ex_table = 0);

SECTIONS
{
	.kernel.data : {
		_sdata = .;
		INIT_TASK_DATA(THREAD_SIZE)
		/* Relocated pointers make these writable in a shared object. */
		SCHED_DATA
		*(.data..page_aligned)
		*(.data..cacheline_aligned)
		*(.data..read_mostly)
		*(.data..ro_after_init)
	}
	.kernel.init.data : {
		__init_begin = .;
		INIT_DATA
		INIT_SETUP(16)
		INIT_CALLS
		CON_INITCALL
		__init_end = .;
	}
}
INSERT BEFORE .data;

SECTIONS
{
	__bss_stop = .;
	/DISCARD/ : {
		*(.exitcall.exit)
		*(.discard) *(.discard.*)
		*(.modinfo)
	}
}
INSERT AFTER .bss;
