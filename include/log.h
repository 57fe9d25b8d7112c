/* log.h - one-line diagnostics to stderr, with the process id. */
#ifndef TANDEM_LOG_H
#define TANDEM_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
