/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Atomic operations for ARCH=lib: plain read-modify-writes between
 * compiler barriers, which one host thread per instance makes enough.
 */
#ifndef _ASM_LIB_ATOMIC_H
#define _ASM_LIB_ATOMIC_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/cmpxchg.h>
#include <asm/barrier.h>

/*
 * One instance runs on one host thread and is never interrupted in the
 * middle of a sequence, so a read-modify-write is atomic as written.  The
 * compiler barriers keep the fully ordered variants ordered; no locked
 * instructions are needed.
 */

#define ATOMIC64_INIT(i)		{ (i) }

#define arch_atomic_read(v)		READ_ONCE((v)->counter)
#define arch_atomic_set(v, i)		WRITE_ONCE((v)->counter, (i))
#define arch_atomic64_read(v)		READ_ONCE((v)->counter)
#define arch_atomic64_set(v, i)		WRITE_ONCE((v)->counter, (i))

#define LIB_ATOMIC_OP(pfx, type, op, c_op)				\
static __always_inline void arch_##pfx##_##op(type i, pfx##_t *v)	\
{									\
	barrier();							\
	v->counter c_op i;						\
	barrier();							\
}									\
static __always_inline type arch_##pfx##_fetch_##op(type i, pfx##_t *v)\
{									\
	type old;							\
									\
	barrier();							\
	old = v->counter;						\
	v->counter c_op i;						\
	barrier();							\
	return old;							\
}

#define LIB_ATOMIC_OP_RETURN(pfx, type, op, c_op)			\
static __always_inline type arch_##pfx##_##op##_return(type i, pfx##_t *v)\
{									\
	type ret;							\
									\
	barrier();							\
	v->counter c_op i;						\
	ret = v->counter;						\
	barrier();							\
	return ret;							\
}

#define LIB_ATOMIC_OPS(pfx, type)					\
	LIB_ATOMIC_OP(pfx, type, add, +=)				\
	LIB_ATOMIC_OP(pfx, type, sub, -=)				\
	LIB_ATOMIC_OP(pfx, type, and, &=)				\
	LIB_ATOMIC_OP(pfx, type, or, |=)				\
	LIB_ATOMIC_OP(pfx, type, xor, ^=)				\
	LIB_ATOMIC_OP_RETURN(pfx, type, add, +=)			\
	LIB_ATOMIC_OP_RETURN(pfx, type, sub, -=)			\
static __always_inline type arch_##pfx##_xchg(pfx##_t *v, type n)	\
{									\
	type old;							\
									\
	barrier();							\
	old = v->counter;						\
	v->counter = n;							\
	barrier();							\
	return old;							\
}									\
static __always_inline type arch_##pfx##_cmpxchg(pfx##_t *v, type o,	\
						  type n)		\
{									\
	type old;							\
									\
	barrier();							\
	old = v->counter;						\
	if (old == o)							\
		v->counter = n;						\
	barrier();							\
	return old;							\
}

LIB_ATOMIC_OPS(atomic, int)
LIB_ATOMIC_OPS(atomic64, s64)

#define arch_atomic_add			arch_atomic_add
#define arch_atomic_sub			arch_atomic_sub
#define arch_atomic_and			arch_atomic_and
#define arch_atomic_or			arch_atomic_or
#define arch_atomic_xor			arch_atomic_xor
#define arch_atomic_fetch_add		arch_atomic_fetch_add
#define arch_atomic_fetch_sub		arch_atomic_fetch_sub
#define arch_atomic_fetch_and		arch_atomic_fetch_and
#define arch_atomic_fetch_or		arch_atomic_fetch_or
#define arch_atomic_fetch_xor		arch_atomic_fetch_xor
#define arch_atomic_add_return		arch_atomic_add_return
#define arch_atomic_sub_return		arch_atomic_sub_return
#define arch_atomic_xchg		arch_atomic_xchg
#define arch_atomic_cmpxchg		arch_atomic_cmpxchg

#define arch_atomic64_add		arch_atomic64_add
#define arch_atomic64_sub		arch_atomic64_sub
#define arch_atomic64_and		arch_atomic64_and
#define arch_atomic64_or		arch_atomic64_or
#define arch_atomic64_xor		arch_atomic64_xor
#define arch_atomic64_fetch_add		arch_atomic64_fetch_add
#define arch_atomic64_fetch_sub		arch_atomic64_fetch_sub
#define arch_atomic64_fetch_and		arch_atomic64_fetch_and
#define arch_atomic64_fetch_or		arch_atomic64_fetch_or
#define arch_atomic64_fetch_xor		arch_atomic64_fetch_xor
#define arch_atomic64_add_return	arch_atomic64_add_return
#define arch_atomic64_sub_return	arch_atomic64_sub_return
#define arch_atomic64_xchg		arch_atomic64_xchg
#define arch_atomic64_cmpxchg		arch_atomic64_cmpxchg

#endif
