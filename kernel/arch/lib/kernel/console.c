// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console: kernel log lines go to the host's log callback, one call
 * per line, on the host's stack.
 */
#include <linux/console.h>
#include <linux/init.h>
#include <linux/string.h>
#include "lib.h"

static char line[1024];
static size_t line_len;

static void flush_line(void)
{
	lib_upcall_log(line, line_len);
	line_len = 0;
}

static void console_write(struct console *con, const char *s, unsigned int n)
{
	for (; n; n--, s++) {
		if (*s == '\n') {
			flush_line();
			continue;
		}
		if (line_len == sizeof(line))
			flush_line();
		line[line_len++] = *s;
	}
}

static struct console lib_console = {
	.name	= "lib",
	.write	= console_write,
	.flags	= CON_PRINTBUFFER | CON_ENABLED,
	.index	= -1,
};

void __init lib_console_setup(void)
{
	register_console(&lib_console);
}
