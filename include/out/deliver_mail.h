/* deliver_mail.h - the e-mail deliverer of the outbox worker: SMTP through libcurl. */
#ifndef TANDEM_DELIVER_MAIL_H
#define TANDEM_DELIVER_MAIL_H

#include "core/arena.h"
#include "core/config.h"

struct db;

/*
 * Lease the due mails (at most 16), send each to cfg->smtp_url from
 * cfg->mail_from with the brand's name, and record the result: sent, retried
 * on the webhook schedule (times scale), or dead after WEBHOOK_MAX_TRIES.
 * Returns how many were leased, or -1 on a database failure.
 */
int mail_deliver_run(struct db *db, struct arena *a, const struct config *cfg, long lease_s,
		     double scale);

#endif
