/* deliver_mail.c - the e-mail deliverer: lease due mails, format them, send over SMTP, retry. */
#include "out/deliver_mail.h"
#include "core/db.h"
#include "out/deliver_webhook.h"
#include "core/log.h"
#include "domain/mail.h"
#include "core/crypto.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct reader {
	const char *p;
	size_t left;
};

static size_t feed(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct reader *rd = ud;
	size_t n = size * nmemb < rd->left ? size * nmemb : rd->left;

	memcpy(dst, rd->p, n);
	rd->p += n;
	rd->left -= n;
	return n;
}

/* Send one formatted message. NULL on success, else curl's reason. */
static const char *smtp_send(const struct config *cfg, const char *to, const struct buf *msg,
			     char *errbuf)
{
	struct reader rd = { msg->data, msg->len };
	struct curl_slist *rcpt = NULL;
	CURL *h = curl_easy_init();
	CURLcode rc;

	if (!h)
		return "curl: no handle";
	rcpt = curl_slist_append(rcpt, to);
	errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, cfg->mail_from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, feed);
	curl_easy_setopt(h, CURLOPT_READDATA, &rd);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 20000L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(h);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return NULL;
	return errbuf[0] ? errbuf : curl_easy_strerror(rc);
}

/* The brand's name, read as the pages read it. */
static const char *brand(struct db *db, struct arena *a)
{
	struct ctx c = ctx_init(db, a, NULL);

	return mail_brand_name(&c);
}

int mail_deliver_run(struct db *db, struct arena *a, const struct config *cfg, long lease_s,
		     double scale)
{
	char token[33], errbuf[CURL_ERROR_SIZE], host[128];
	unsigned char raw[16];
	struct db_res *res;
	const char *from_name, *at;

	sodium_bin2hex(token, sizeof(token), (randombytes_buf(raw, sizeof(raw)), raw), sizeof(raw));
	if (db_exec(db, ST_MAIL_LEASE, "si", token, (long long)lease_s) < 0)
		return -1;
	if (db_query(db, a, ST_MAIL_LEASED, &res, "s", token))
		return -1;
	if (!res->nrows)
		return 0;
	from_name = brand(db, a);
	at = strchr(cfg->mail_from, '@');
	snprintf(host, sizeof(host), "%s", at && at[1] ? at + 1 : "localhost");
	for (size_t i = 0; i < res->nrows; i++) {
		long long id = db_cell_int(res, i, MAIL_LEASED_ID);
		int tries = (int)db_cell_int(res, i, MAIL_LEASED_TRIES);
		char hex[33], msgid[200];
		const char *why;
		struct mail_msg m;
		struct buf msg;

		crypto_random_hex(hex, 16);
		/* a thread's mail names its reply token: a reply's In-Reply-To/References carry it */
		if (db_cell(res, i, MAIL_LEASED_REPLY_TOKEN))
			snprintf(msgid, sizeof(msgid), "<r%s.%s@%s>",
				 db_cell(res, i, MAIL_LEASED_REPLY_TOKEN), hex, host);
		else
			snprintf(msgid, sizeof(msgid), "<%s.%lld@%s>", hex, id, host);
		m = (struct mail_msg){ .from_addr = cfg->mail_from, .from_name = from_name,
				       .to_addr = db_cell(res, i, MAIL_LEASED_TO_ADDR),
				       .to_name = db_cell(res, i, MAIL_LEASED_TO_NAME),
				       .subject = db_cell(res, i, MAIL_LEASED_SUBJECT),
				       .text = db_cell(res, i, MAIL_LEASED_BODY_TEXT),
				       .html = db_cell(res, i, MAIL_LEASED_BODY_HTML), .message_id = msgid,
				       .date = (long long)time(NULL),
				       .unsubscribe = db_cell(res, i, MAIL_LEASED_UNSUBSCRIBE),
				       .reply_to = db_cell(res, i, MAIL_LEASED_REPLY_TO) };
		buf_init(&msg, 4096);
		if (mail_format(&msg, &m)) {
			buf_release(&msg);
			log_warn("mail: %lld cannot be formatted (bad address or header)", id);
			db_exec(db, ST_MAIL_DEAD, "si", "bad address or header", id);
			continue;
		}
		why = smtp_send(cfg, m.to_addr, &msg, errbuf);
		buf_release(&msg);
		if (!why) {
			db_exec(db, ST_MAIL_SENT, "i", id);
			continue;
		}
		{
			long long delay = webhook_retry_delay_ms(tries + 1, -1, scale, randombytes_random());
			if (delay < 0) {
				log_warn("mail: %lld dead after %d tries: %s", id, tries + 1, why);
				db_exec(db, ST_MAIL_DEAD, "si", why, id);
			} else {
				db_exec(db, ST_MAIL_RETRY, "isi", delay * 1000, why, id);
			}
		}
	}
	return (int)res->nrows;
}
