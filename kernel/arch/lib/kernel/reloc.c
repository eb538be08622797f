// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-relocation, for hosts that map the library themselves.
 *
 * dlopen() of a private copy per instance (memfd) gives every instance its
 * own physical copy of the kernel's text.  A host can instead map the one
 * library file at a new address per instance: text and read-only data
 * then share the page cache (memory, and CPU caches, across instances)
 * and only the writable segment is private.  The library's only dynamic
 * relocations are R_X86_64_RELATIVE (-Bsymbolic, no imports; the ELF test
 * checks it), so after mapping, the host calls lib_self_relocate() and the
 * library adds its load address to each of them.
 *
 * This runs before relocation: it may reach only what needs none, which
 * the linker-defined, hidden __ehdr_start and _DYNAMIC give through
 * RIP-relative addressing.
 */
#include <linux/elf.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include "lib.h"

#define LIB_R_X86_64_RELATIVE	8

/*
 * Holds its own address once relocated, by us or by a dynamic loader: a
 * second relocation would add the base twice.
 */
static const void *const self_ref = &self_ref;

LIB_API int lib_self_relocate(void)
{
	unsigned long base = (unsigned long)&__ehdr_start;
	const Elf64_Rela *rela = NULL, *r;
	unsigned long size = 0;
	Elf64_Dyn *d;

	if (READ_ONCE(self_ref) == &self_ref)
		return -EALREADY;
	for (d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_RELA)
			rela = (const Elf64_Rela *)(base + d->d_un.d_ptr);
		else if (d->d_tag == DT_RELASZ)
			size = d->d_un.d_val;
	}
	if (!rela)
		return -ENOEXEC;
	for (r = rela; r < rela + size / sizeof(*r); r++) {
		if (ELF64_R_TYPE(r->r_info) != LIB_R_X86_64_RELATIVE)
			return -ENOEXEC;
		*(unsigned long *)(base + r->r_offset) = base + r->r_addend;
	}
	return 0;
}
