/* log.c - one-line diagnostics to stderr. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void vlog(const char *level, const char *fmt, va_list ap)
{
	char msg[1024], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "%s tandem[%d] %s: %s\n", stamp, (int)getpid(), level, msg);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("warn", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}

int log_limit_pass(struct log_limit *l, long long now, int every, unsigned long *suppressed)
{
	if (l->next && now < l->next) {
		l->suppressed++;
		return 0;
	}
	*suppressed = l->suppressed;
	l->suppressed = 0;
	l->next = now + (every > 0 ? every : 1);
	return 1;
}

void log_error_limited(struct log_limit *l, int every, const char *fmt, ...)
{
	char msg[1024];
	unsigned long left_out;
	va_list ap;

	if (!log_limit_pass(l, (long long)time(NULL), every, &left_out))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (left_out)
		log_error("%s (%lu similar lines left out in the last %d s)", msg, left_out, every);
	else
		log_error("%s", msg);
}

int log_limit_reset(struct log_limit *l)
{
	int was = l->next != 0;

	l->next = 0;
	l->suppressed = 0;
	return was;
}
