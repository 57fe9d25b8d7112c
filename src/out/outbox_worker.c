/* outbox_worker.c - the outbox worker: claim with SKIP LOCKED and a lease, send outside the
 * transaction, record every attempt, retry or bury. */
#include "out/outbox_worker.h"
#include "core/db.h"
#include "domain/invite.h"
#include "out/deliver_mail.h"
#include "domain/outbox_settings.h"
#include "out/deliver_webhook.h"
#include "domain/webhook.h"
#include "domain/approval.h"
#include "domain/notify_mail.h"
#include "domain/report_due.h"
#include "domain/inbound.h"
#include "domain/rule.h"
#include "out/hubspot_api.h"
#include "out/hubspot_inbound.h"
#include "out/hubspot_sync.h"
#include "out/imap.h"
#include "out/xfer.h"
#include "core/log.h"
#include "core/xslt.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64          /* generic deliveries claimed per cycle */
#define HS_BATCH 10       /* HubSpot deliveries per cycle (sent one after another) */
#define IDLE_MS 50        /* sleep when nothing was due */
#define NOTICE_BATCH 16   /* notifications mailed at once per cycle, each its own transaction */
#define SCHEDULE_S 5      /* seconds between looks at digests, status reports due, time rules */
#define INBOUND_BATCH 64  /* stored incoming messages taken per cycle (issue 14) */
#define RULE_BATCH 64     /* automation runs per cycle (issue 13), each its own transaction */

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* ------------------------------------------------------------ claim */

/* Claim up to max due deliveries of endpoints of `kind` under a fresh lease
 * token (written to token, 33 bytes). Returns how many, or -1. */
static int claim(struct db *db, struct arena *a, const char *kind, int max, long lease_s,
		 char *token)
{
	struct db_res *res;
	unsigned char raw[16];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, 33, raw, sizeof(raw));
	if (db_begin(db))
		return -1;
	if (db_query(db, a, ST_DELIVERY_CLAIM, &res, "si", kind, (long long)max))
		goto fail;
	for (size_t i = 0; i < res->nrows; i++)
		if (db_exec(db, ST_DELIVERY_LEASE, "sii", token, (long long)lease_s,
			    db_cell_int(res, i, DELIVERY_CLAIM_ID)) != 1)
			goto fail;
	if (db_commit(db))
		goto fail;
	return (int)res->nrows;
fail:
	db_rollback(db);
	return -1;
}

/* ------------------------------------------------------------ record */

struct result {
	long long id, endpoint;
	int tries;             /* before this attempt */
	long status;
	long latency_ms;
	const char *error;
	const char *answer;    /* excerpt, or NULL */
	size_t answer_len;
	long long retry_after; /* seconds, -1 none */
	enum hs_result hs;     /* what to do (generic: derived from status) */
	long long delay_ms;    /* HS_RETRY_IN */
	int failing;           /* the endpoint was failing when the batch was claimed */
	char at[96];           /* when the attempt started */
};

static void now_sql(char *out, size_t n)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, n, "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
}

static long long ms_to_midnight(void)
{
	time_t now = time(NULL);

	return (86400 - (long long)(now % 86400)) * 1000;
}

/* One attempt and the delivery's new state; inside the caller's transaction. */
static int record(struct db *db, const struct outbox_settings *s, const struct result *x,
		  const char *token)
{
	char excerpt[XFER_EXCERPT + 1];
	const char *err = x->error;
	long long delay;
	const char *state = "pending";
	int counted = 1;

	excerpt[0] = '\0';
	if (x->answer) {
		size_t n = x->answer_len < XFER_EXCERPT ? x->answer_len : XFER_EXCERPT;
		/* keep whole UTF-8 characters and no NULs: it is shown in a page */
		memcpy(excerpt, x->answer, n);
		excerpt[n] = '\0';
		n = strlen(excerpt);
		while (n && ((unsigned char)excerpt[n - 1] & 0xc0) == 0x80)
			n--;
		if (n && (unsigned char)excerpt[n - 1] >= 0xc0)
			n--;
		excerpt[n] = '\0';
		for (char *p = excerpt; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
				*p = ' ';
	}
	if (db_exec(db, ST_ATTEMPT_ADD, "isniss", x->id, x->at, (long long)x->status,
		    (long long)x->latency_ms, excerpt[0] ? excerpt : NULL, err) != 1)
		return -1;
	if (x->hs == HS_OK) {
		/* the endpoint row is written only when its state flips: request
		 * transactions lock it (fan-out and the foreign key) */
		if (db_exec(db, ST_DELIVERY_DONE, "iis", (long long)x->status, x->id, token) < 0 ||
		    (x->failing && db_exec(db, ST_ENDPOINT_OK, "i", x->endpoint) < 0))
			return -1;
		return 0;
	}
	switch (x->hs) {
	case HS_PARK:
		delay = ms_to_midnight();
		counted = 0;
		break;
	case HS_RETRY_IN:
		delay = x->delay_ms;
		if (x->tries + 1 >= WEBHOOK_MAX_TRIES)
			state = "dead";
		break;
	case HS_DEAD:
		delay = 0;
		state = "dead";
		break;
	default:
		delay = webhook_retry_delay_ms(x->tries + 1, x->retry_after, s->retry_scale,
					       randombytes_random());
		if (delay < 0) {
			delay = 0;
			state = "dead";
		}
		break;
	}
	if (!err)
		err = x->status ? "answer was not 2xx" : "no answer";
	if (db_exec(db, ST_DELIVERY_FAILED, "sinsisis", state, (long long)counted,
		    (long long)x->status, err, delay * 1000, state, x->id, token) < 0 ||
	    (!x->failing && db_exec(db, ST_ENDPOINT_FAILED, "i", x->endpoint) < 0))
		return -1;
	if (x->status == 410 && x->hs == HS_DEAD &&
	    db_exec(db, ST_ENDPOINT_GONE, "i", x->endpoint) < 0)
		return -1;
	return 0;
}

static void record_all(struct db *db, const struct outbox_settings *s, struct result *xs,
		       size_t n, const char *token)
{
	for (int tries = 0; tries < 3; tries++) {
		size_t i;
		if (db_begin(db))
			continue;
		for (i = 0; i < n; i++)
			if (record(db, s, &xs[i], token))
				break;
		if (i == n && !db_commit(db))
			return;
		db_rollback(db);
	}
	/* the lease runs out and another cycle sends these again */
	log_error("outbox: could not record %zu attempts; they will be retried", n);
}

/* ------------------------------------------------------------ generic webhooks */

static enum hs_result classify(long status)
{
	if (status >= 200 && status < 300)
		return HS_OK;
	if (status == 410)
		return HS_DEAD;
	return HS_RETRY; /* 3xx included: redirects are not followed */
}

static void send_generic(CURLM *multi, struct db *db, struct arena *a,
			 const struct outbox_settings *s, const char *token)
{
	struct db_res *res;
	struct xfer *xf;
	struct result *xs;
	int running = 0;
	CURLMsg *msg;
	int left;

	if (db_query(db, a, ST_DELIVERY_LEASED, &res, "s", token) || !res->nrows)
		return;
	xf = arena_calloc(a, res->nrows, sizeof(*xf));
	xs = arena_calloc(a, res->nrows, sizeof(*xs));
	for (size_t i = 0; i < res->nrows; i++) {
		const char *body = db_cell(res, i, DELIVERY_LEASED_PAYLOAD), *uid = db_cell(res, i, DELIVERY_LEASED_EVENT_UID);
		long long ts = (long long)time(NULL);
		char sig[WEBHOOK_SIG_LEN];

		xs[i].id = db_cell_int(res, i, DELIVERY_LEASED_ID);
		xs[i].endpoint = db_cell_int(res, i, DELIVERY_LEASED_ENDPOINT_ID);
		xs[i].tries = (int)db_cell_int(res, i, DELIVERY_LEASED_TRIES);
		xs[i].retry_after = -1;
		xs[i].failing = (int)db_cell_int(res, i, DELIVERY_LEASED_FAILING);
		now_sql(xs[i].at, sizeof(xs[i].at));
		xf[i].owner = &xs[i];
		if (xfer_init(&xf[i], "POST", db_cell(res, i, DELIVERY_LEASED_URL), body, strlen(body), s->timeout_ms,
			      s->allow_private, XFER_EXCERPT)) {
			xs[i].error = "could not create a transfer";
			xs[i].hs = HS_RETRY;
			continue;
		}
		if (webhook_sign(db_cell(res, i, DELIVERY_LEASED_SECRET), uid, ts, body, strlen(body), sig,
				 sizeof(sig))) {
			xs[i].error = "the endpoint's secret is malformed";
			xs[i].hs = HS_RETRY;
			xfer_release(&xf[i]);
			continue;
		}
		xfer_header(&xf[i], "Content-Type: application/json");
		xfer_header(&xf[i], arena_printf(a, "webhook-id: %s", uid));
		xfer_header(&xf[i], arena_printf(a, "webhook-timestamp: %lld", ts));
		xfer_header(&xf[i], arena_printf(a, "webhook-signature: %s", sig));
		curl_multi_add_handle(multi, xf[i].h);
	}
	do {
		if (curl_multi_perform(multi, &running) != CURLM_OK)
			break;
		while ((msg = curl_multi_info_read(multi, &left))) {
			struct xfer *x = NULL;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			xfer_finish(x, msg->data.result);
		}
		if (running && curl_multi_poll(multi, NULL, 0, 200, NULL) != CURLM_OK)
			break;
	} while (running);
	for (size_t i = 0; i < res->nrows; i++) {
		struct xfer *x = &xf[i];
		struct result *r = &xs[i];
		if (!x->h)
			continue;
		curl_multi_remove_handle(multi, x->h);
		r->status = x->status;
		r->latency_ms = x->latency_ms;
		r->error = x->error ? arena_strdup(a, x->error) : NULL;
		r->answer = arena_strndup(a, x->answer.data, x->answer.len);
		r->answer_len = x->answer.len;
		r->retry_after = x->retry_after;
		r->hs = x->status ? classify(x->status) : HS_RETRY;
		if (x->status && !r->error && r->hs != HS_OK)
			r->error = arena_printf(a, "HTTP %ld", x->status);
		xfer_release(x);
	}
	record_all(db, s, xs, res->nrows, token);
}

/* ------------------------------------------------------------ HubSpot */

static void send_hubspot(struct db *db, struct arena *a, const struct outbox_settings *s,
			 const char *token)
{
	struct db_res *res;
	struct result *xs;

	if (db_query(db, a, ST_DELIVERY_LEASED, &res, "s", token) || !res->nrows)
		return;
	xs = arena_calloc(a, res->nrows, sizeof(*xs));
	for (size_t i = 0; i < res->nrows && !stopping; i++) {
		struct hs_outcome o;
		struct result *r = &xs[i];

		r->id = db_cell_int(res, i, DELIVERY_LEASED_ID);
		r->endpoint = db_cell_int(res, i, DELIVERY_LEASED_ENDPOINT_ID);
		r->tries = (int)db_cell_int(res, i, DELIVERY_LEASED_TRIES);
		r->retry_after = -1;
		r->failing = (int)db_cell_int(res, i, DELIVERY_LEASED_FAILING);
		now_sql(r->at, sizeof(r->at));
		hubspot_deliver(db, a, s, db_cell(res, i, DELIVERY_LEASED_TYPE), db_cell_int(res, i, DELIVERY_LEASED_CLIENT_ID),
				db_cell_int(res, i, DELIVERY_LEASED_PROJECT_ID), db_cell(res, i, DELIVERY_LEASED_PAYLOAD), r->tries, &o);
		r->hs = o.result;
		r->status = o.status;
		r->latency_ms = o.latency_ms;
		r->error = o.error;
		r->answer = o.answer;
		r->answer_len = o.answer ? strlen(o.answer) : 0;
		r->delay_ms = (long long)((double)o.delay_ms * s->retry_scale);
		/* one at a time: a later delivery may depend on this one (links) */
		record_all(db, s, r, 1, token);
	}
}

/* ------------------------------------------------------------ loop */

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int outbox_worker(const struct config *cfg)
{
	struct sigaction sa;
	struct db *db;
	struct arena arena;
	CURLM *multi;
	int rc;
	time_t last_expire = 0, last_remind = 0, last_schedule = 0;
	struct imap_state imap = { 0 };

	prctl(PR_SET_NAME, "tandem-outbox", 0, 0, 0); /* how ps, top and the tests tell it apart */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);

	db = db_open_ready(cfg, &stopping, &rc);
	if (!db)
		return rc;
	if (xslt_init(cfg->xslt_dir)) { /* the e-mails it queues (reminders, resets) */
		db_close(db);
		return 2;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(multi = curl_multi_init())) {
		xslt_release();
		db_close(db);
		return 2;
	}
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 32L);
	arena_init(&arena);
	log_info("outbox: worker started");
	if (cfg->test_clock)
		log_warn("outbox: test_clock is on: the settings row clock_now sets the time of digests"
			 " and reports due (a test stack only, never production)");
	while (!stopping) {
		struct outbox_settings s;
		char token[33];
		int n, m = 0;

		arena_reset(&arena);
		if (outbox_settings_load(db, &arena, &s)) {
			sleep_ms(1000);
			continue;
		}
		if (time(NULL) - last_expire >= 60) {
			last_expire = time(NULL);
			if (db_exec(db, ST_ENDPOINTS_EXPIRE, "") > 0)
				log_warn("outbox: switched off endpoints failing for 3 days");
		}
		if (time(NULL) - last_remind >= 5) { /* an indexed look at pending approvals */
			/* a fresh context each round: the brand it reads lives in the arena */
			struct ctx c = ctx_init(db, &arena, cfg);

			last_remind = time(NULL);
			if (approval_reminders_run(&c) > 0)
				log_info("outbox: approval reminders queued");
			if (approval_overdue_run(&c) > 0) /* issue 12: the PMs told */
				log_info("outbox: overdue approvals notified");
		}
		if (time(NULL) - last_schedule >= SCHEDULE_S) { /* issue 12: digests, reports due */
			struct ctx c = ctx_init(db, &arena, cfg);

			last_schedule = time(NULL);
			if (report_due_run(&c) > 0)
				log_info("outbox: status reports due told to their PMs");
			if (notify_digest_run(&c) > 0)
				log_info("outbox: digests queued");
			if (rule_scan_run(&c) > 0)
				log_info("outbox: time-based automations queued");
		}
		{ /* automation runs (issue 13); a full batch: go round again without a sleep */
			struct ctx c = ctx_init(db, &arena, cfg);

			if (rule_runs_run(&c, RULE_BATCH, s.retry_scale) >= RULE_BATCH)
				m = 1;
		}
		{ /* notifications mailed at once; a full batch: go round again without a sleep */
			struct ctx c = ctx_init(db, &arena, cfg);

			if (notify_mail_run(&c, NOTICE_BATCH) >= NOTICE_BATCH)
				m = 1;
		}
		if (reset_requests_run(db, &arena, cfg) > 0) /* issue 10 item 16 */
			log_info("outbox: password reset links queued");
		if (s.hs_token)
			hubspot_inbound_run(db, &arena, &s);
		n = claim(db, &arena, "generic", BATCH, s.lease_s, token);
		if (n > 0)
			send_generic(multi, db, &arena, &s, token);
		if (s.hs_token && !hubspot_parked(db, &arena)) {
			m = claim(db, &arena, "hubspot", HS_BATCH, s.lease_s, token);
			if (m > 0)
				send_hubspot(db, &arena, &s, token);
		}
		if (mail_deliver_run(db, &arena, cfg, s.lease_s, s.retry_scale) > 0)
			m = 1;
		{ /* mail in (issue 14): the mailbox read when due; a batch stored: round again */
			struct ctx c = ctx_init(db, &arena, cfg);

			if (imap_run(&c, &imap) > 0 || imap.again)
				m = 1;
			/* the stored messages parsed and posted, filed or put in the inbox; a full
			 * batch: round again */
			if (inbound_run(&c, INBOUND_BATCH) >= INBOUND_BATCH)
				m = 1;
		}
		if (n <= 0 && m <= 0)
			sleep_ms(IDLE_MS);
	}
	log_info("outbox: worker stopping");
	arena_release(&arena);
	curl_multi_cleanup(multi);
	curl_global_cleanup();
	xslt_release();
	db_close(db);
	return 0;
}
