// SPDX-License-Identifier: GPL-2.0-only
/*
 * User memory: a call reaches only the ranges its host declared.  A
 * pointer anywhere else -- an argument, an iovec inside a msghdr, the
 * filter inside a sock_fprog -- is -EFAULT and the memory it names is
 * neither read nor written.  User memory has no pages here either: a
 * zero-copy send fails cleanly.
 */
#include <errno.h>
#include <linux/filter.h>
#include <string.h>
#include <sys/socket.h>
#include "net.h"
#include "runner.h"

#define RANGE(p, n) ((struct lib_user_range){ P(p), (n) })

/* One call with `n` ranges; its result, or the refusal of lib_syscall. */
static long call(struct lib_instance *in, int task, long nr,
		 const long args[6], const struct lib_user_range *user, int n)
{
	long result = 0;
	int ret = inst_submit_user(in, task, nr, args, user, n, &result);

	if (ret == LIB_PENDING)
		return inst_wait(in, task);
	return ret == LIB_DONE ? result : ret;
}

struct pair {
	struct lib_instance *in;
	int task;
	long rx, tx;
	struct net_addr to;
};

static int pair_new(struct pair *p, int port)
{
	p->in = inst_new(1);
	p->task = net_task(p->in);
	p->rx = net_udp_socket(p->in, p->task, "127.0.0.1", port, 0);
	p->tx = net_udp_socket(p->in, p->task, "127.0.0.1", 0, 0);
	CHECK(p->rx >= 0 && p->tx >= 0, "sockets %ld %ld", p->rx, p->tx);
	net_addr(&p->to, "127.0.0.1", port);
	return 0;
}

/* sendto(tx, msg, len) with `user` as its ranges. */
static long send_in(struct pair *p, const void *msg, size_t len,
		    const struct lib_user_range *user, int n)
{
	const long args[6] = { p->tx, P(msg), len, 0, P(&p->to.sa),
			       p->to.len };

	return call(p->in, p->task, LIB_SYS_sendto, args, user, n);
}

static long recv_in(struct pair *p, void *buf, size_t len,
		    const struct lib_user_range *user, int n)
{
	const long args[6] = { p->rx, P(buf), len, MSG_DONTWAIT, 0, 0 };

	return call(p->in, p->task, LIB_SYS_recvfrom, args, user, n);
}

static int test_arguments(void)
{
	static const char msg[] = "inside";
	char buf[64];
	struct pair p;
	struct lib_user_range both[2];

	if (pair_new(&p, 5101))
		return 1;
	both[0] = RANGE(msg, sizeof(msg));
	both[1] = RANGE(&p.to.sa, p.to.len);
	CHECK_EQ(send_in(&p, msg, sizeof(msg), both, 2), sizeof(msg));
	/* The data, or the address, outside every range. */
	CHECK_EQ(send_in(&p, msg, sizeof(msg), &both[1], 1), -EFAULT);
	CHECK_EQ(send_in(&p, msg, sizeof(msg), both, 1), -EFAULT);
	/* Partly inside is not inside. */
	both[0].len = sizeof(msg) - 1;
	CHECK_EQ(send_in(&p, msg, sizeof(msg), both, 2), -EFAULT);
	/* No ranges: the call has no user memory at all. */
	CHECK_EQ(send_in(&p, msg, sizeof(msg), NULL, 0), -EFAULT);

	/* A receive into memory outside the ranges writes nothing there. */
	memset(buf, 0x5a, sizeof(buf));
	CHECK_EQ(recv_in(&p, buf, sizeof(buf), NULL, 0), -EFAULT);
	CHECK(buf[0] == 0x5a && buf[sizeof(buf) - 1] == 0x5a,
	      "receive wrote outside its ranges");
	both[0] = RANGE(buf, sizeof(buf));
	CHECK_EQ(send_in(&p, msg, sizeof(msg), (struct lib_user_range[]){
		RANGE(msg, sizeof(msg)), RANGE(&p.to.sa, p.to.len) }, 2),
		 sizeof(msg));
	CHECK_EQ(recv_in(&p, buf, sizeof(buf), both, 1), sizeof(msg));
	CHECK(!strcmp(buf, msg), "received \"%s\"", buf);
	return 0;
}

/* Pointers inside a structure the call reads are checked the same way. */
static int test_nested(void)
{
	static const char msg[] = "gathered";
	struct sock_filter drop = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = { .len = 1, .filter = &drop };
	struct iovec iov = { (void *)msg, sizeof(msg) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct lib_user_range user[4];
	long args[6] = { 0 };
	struct pair p;

	if (pair_new(&p, 5102))
		return 1;
	mh.msg_name = &p.to.sa;
	mh.msg_namelen = p.to.len;
	user[0] = RANGE(&mh, sizeof(mh));
	user[1] = RANGE(&p.to.sa, p.to.len);
	user[2] = RANGE(&iov, sizeof(iov));
	user[3] = RANGE(msg, sizeof(msg));
	args[0] = p.tx;
	args[1] = P(&mh);
	CHECK_EQ(call(p.in, p.task, LIB_SYS_sendmsg, args, user, 4),
		 sizeof(msg));
	/* The iovec's buffer, or the iovec itself, not declared. */
	CHECK_EQ(call(p.in, p.task, LIB_SYS_sendmsg, args, user, 3), -EFAULT);
	CHECK_EQ(call(p.in, p.task, LIB_SYS_sendmsg, args, user, 2), -EFAULT);

	args[0] = p.rx;
	args[1] = SOL_SOCKET;
	args[2] = SO_ATTACH_FILTER;
	args[3] = P(&prog);
	args[4] = sizeof(prog);
	user[0] = RANGE(&prog, sizeof(prog));
	user[1] = RANGE(&drop, sizeof(drop));
	CHECK_EQ(call(p.in, p.task, LIB_SYS_setsockopt, args, user, 1),
		 -EFAULT);
	CHECK_EQ(call(p.in, p.task, LIB_SYS_setsockopt, args, user, 2), 0);
	return 0;
}

/* A path must end inside its range; a string that runs off it is a fault. */
static int test_strings(void)
{
	static const char path[] = "/proc/sys/net/ipv4/ip_forward";
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	struct lib_user_range r = RANGE(path, sizeof(path));
	const long args[6] = { -100, P(path), 0, 0 };	/* AT_FDCWD, O_RDONLY */
	long fd;

	fd = call(in, task, LIB_SYS_openat, args, &r, 1);
	CHECK(fd >= 0, "openat with its path declared: %ld", fd);
	r.len = sizeof(path) - 1;	/* without the NUL */
	CHECK_EQ(call(in, task, LIB_SYS_openat, args, &r, 1), -EFAULT);
	r.len = 0;
	CHECK_EQ(call(in, task, LIB_SYS_openat, args, &r, 1), -EFAULT);
	return 0;
}

/*
 * A zero-copy send would pin the sender's pages: user memory has none in
 * this kernel, so the send fails as for an unmapped address (it used to
 * take the missing mm's lock and crash the process).
 */
static int test_zerocopy(void)
{
	static const char msg[] = "zero-copy";
	const int one = 1;
	struct pair p;
	char buf[32];

	if (pair_new(&p, 5103))
		return 1;
	CHECK_EQ(SYS(p.in, p.task, LIB_SYS_setsockopt, p.tx, SOL_SOCKET,
		     SO_ZEROCOPY, P(&one), sizeof(one)), 0);
	CHECK_EQ(SYS(p.in, p.task, LIB_SYS_sendto, p.tx, P(msg), sizeof(msg),
		     MSG_ZEROCOPY, P(&p.to.sa), p.to.len), -EFAULT);
	/* Alive, and copying sends still go. */
	CHECK_EQ(SYS(p.in, p.task, LIB_SYS_sendto, p.tx, P(msg), sizeof(msg), 0,
		     P(&p.to.sa), p.to.len), sizeof(msg));
	CHECK_EQ(SYS(p.in, p.task, LIB_SYS_recvfrom, p.rx, P(buf), sizeof(buf),
		     MSG_DONTWAIT, 0, 0), sizeof(msg));
	return 0;
}

static int test_refused_ranges(void)
{
	struct lib_instance *in = inst_new(1);
	int task = net_task(in);
	struct lib_user_range r[LIB_USER_MAX + 1] = { 0 };
	const long args[6] = { 0 };
	long result;

	CHECK_EQ(inst_submit_user(in, task, LIB_SYS_getpid, args, r,
				  LIB_USER_MAX + 1, &result), -EINVAL);
	CHECK_EQ(inst_submit_user(in, task, LIB_SYS_getpid, args, NULL, 1,
				  &result), -EINVAL);
	CHECK_EQ(inst_submit_user(in, task, LIB_SYS_getpid, args, r, -2,
				  &result), -EINVAL);
	r[0].addr = ~0UL - 8;
	r[0].len = 16;
	CHECK_EQ(inst_submit_user(in, task, LIB_SYS_getpid, args, r, 1,
				  &result), -EINVAL);
	r[0].addr = 0;
	CHECK_EQ(inst_submit_user(in, task, LIB_SYS_getpid, args, r,
				  LIB_USER_MAX, &result), LIB_DONE);
	CHECK(result > 0, "getpid = %ld", result);
	return 0;
}

const struct test uaccess_tests[] = {
	{ "uaccess-arguments-inside-ranges-only", test_arguments },
	{ "uaccess-pointers-inside-structures", test_nested },
	{ "uaccess-strings-end-inside-their-range", test_strings },
	{ "uaccess-zerocopy-send-fails-cleanly", test_zerocopy },
	{ "uaccess-refused-ranges", test_refused_ranges },
	{ NULL, NULL },
};
