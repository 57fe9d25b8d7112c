/* log.h - one-line diagnostics to stderr, with the process id. */
#ifndef TANDEM_LOG_H
#define TANDEM_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A limit for a line that can repeat fast (the database is down and every
 * request says so): the first one is logged, then at most one per
 * `every` seconds with the count of lines left out since. One static
 * struct per call site; per process (each worker has its own).
 */
struct log_limit {
	long long next;           /* time (seconds) before which lines are left out */
	unsigned long suppressed; /* lines left out since the last one logged */
};

/* The pure decision, for tests: 1 when a line at time now is to be logged,
 * with *suppressed set to the count left out before it (and reset); 0 when
 * it is left out (and counted). */
int log_limit_pass(struct log_limit *l, long long now, int every, unsigned long *suppressed);

/* log_error through l: at most one line per `every` seconds. */
void log_error_limited(struct log_limit *l, int every, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Forget a limit (the condition is over): the next line is logged at once;
 * with a count of the lines left out when some were. 1 when the limit had
 * held back or logged something since the last reset. */
int log_limit_reset(struct log_limit *l);

#endif
