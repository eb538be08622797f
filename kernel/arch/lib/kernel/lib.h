/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal interfaces of ARCH=lib, shared by the files of arch/lib/kernel.
 */
#ifndef _ARCH_LIB_KERNEL_LIB_H
#define _ARCH_LIB_KERNEL_LIB_H

#include <linux/elf.h>
#include <linux/types.h>
#include <liblinux.h>

#define LIB_API __attribute__((visibility("default")))

struct task_struct;

/* entry.c: crossing between the host and the kernel */
extern struct lib_host_ops lib_host;
extern unsigned long long lib_now_ns;
extern bool lib_booted;
extern void *lib_memory;

void *lib_ctx_switch(unsigned long *save_sp, unsigned long new_sp,
		     void *handover);
void lib_ctx_start(void);
unsigned long lib_ctx_prepare(void *stack_top,
			      void (*entry)(void *handover, void *arg),
			      void *arg);
int lib_enter(u64 now, struct task_struct *wake);
int lib_enter_irq(u64 now, void (*fn)(void *arg), void *arg);
bool lib_take_irq_work(void (**fn)(void *arg), void **arg);
int lib_enter_check(u64 now);
bool lib_is_dead(void);
const volatile u32 *lib_kernel_running(void);
void lib_leave(void);
struct task_struct *lib_take_wakeup(void);
void lib_upcall_log(const char *line, size_t len);
void lib_upcall_populate(void *addr, size_t len);
void __noreturn lib_die(const char *message);
void lib_status_update(void);

/* reloc.c: defined by the linker; hidden, so reached RIP-relatively */
extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
extern Elf64_Dyn _DYNAMIC[] __attribute__((visibility("hidden")));

/* time.c: the clock event device */
bool lib_timer_due(void);
void lib_timer_fire(void);
u64 lib_timer_deadline(void);

/* netdev.c */
bool lib_netdev_tx_handed(void);
unsigned int lib_netdev_tx_waiting(u64 *bytes);
void lib_netdev_tx_complete(void);
long lib_netdev_create_in_kernel(const char *name, const u8 *mac,
				 unsigned int mtu);

/* random.c */
void lib_random_seed(u64 seed);
void lib_random_hide_build_text(void);
void lib_random_show_build_text(void);

/* mem.c */
void lib_mem_setup(void);

/* console.c */
void lib_console_setup(void);

/* tasks.c, syscalls.c */
int lib_tasks_spawn(int share_files_with);
int lib_tasks_end(int id);
int lib_tasks_interrupt(int id);
unsigned int lib_completions_waiting(void);
long lib_syscall_run(long nr, const long *args);
bool lib_syscall_refused(long nr);

/* uaccess.c: the user memory of the call the current task runs */
void lib_user_enter(const struct lib_user_range *user, int nuser);
void lib_user_leave(void);

/* control.c: requests served by init (pid 1) once boot is complete */
struct lib_control {
	int op;
	int sub;		/* LIB_CONTROL_DEBUG: the lib_debug_op */
	u64 arg;
	u64 out;		/* LIB_CONTROL_DEBUG: its output */
	u8 mac[6];		/* LIB_CONTROL_NETDEV_CREATE */
	const char *name;
	const char *value;
	char *buf;
	size_t len;
	long result;
	bool done;
};

enum lib_control_op {
	LIB_CONTROL_TASK_CREATE = 1,
	LIB_CONTROL_SYSCTL_GET,
	LIB_CONTROL_SYSCTL_SET,
	LIB_CONTROL_DEBUG,
	LIB_CONTROL_NETDEV_CREATE,
	LIB_CONTROL_TASK_EXIT,
	LIB_CONTROL_TASK_INTERRUPT,
};

int lib_control(struct lib_control *req, u64 now);
void __noreturn lib_control_loop(void);

/* debug.c */
long lib_debug_op(int op, u64 arg, u64 *out);

#endif
