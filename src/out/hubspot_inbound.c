/* hubspot_inbound.c - what HubSpot sends us: signature v3 of its webhook calls, and the stored
 * events acted on (a deal won opens a client and a project). */
#include "out/hubspot_inbound.h"
#include "out/hubspot_api.h"
#include "core/db.h"
#include "core/num.h"
#include "domain/client.h"
#include "domain/ctx.h"
#include "domain/project.h"
#include "domain/vocab.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ deal won */

/* A deal won in HubSpot: its company as a client (new if unknown), and a
 * project in initiation linked to the deal, with their events. */
static const char *deal_won(struct hs *h, long long deal_id)
{
	json_t *deal = NULL, *company = NULL, *props, *assoc;
	const char *company_id, *dealname, *amount_s, *currency;
	struct db_res *res;
	struct ctx c = ctx_init(h->db, h->a, NULL); /* acting as nobody: the CRM */
	struct project_new p;
	long long client = 0, project, amount = 0;
	const char *result = NULL;
	char deal_s[32];

	snprintf(deal_s, sizeof(deal_s), "%lld", deal_id);
	/* seen already: no call to HubSpot at all */
	if (db_query(h->db, h->a, ST_CRM_LOCAL, &res, "ss", "deal", deal_s) == 0 && res->nrows)
		return "deal already has a project";
	if (hubspot_call(h, "GET", arena_printf(h->a, "/crm/v3/objects/deals/%s?associations=companies"
					   "&properties=dealname,amount,deal_currency_code", deal_s), NULL, &deal))
		return NULL;
	props = json_object_get(deal, "properties");
	assoc = json_array_get(json_object_get(json_object_get(json_object_get(deal, "associations"),
							       "companies"), "results"), 0);
	company_id = json_string_value(json_object_get(assoc, "id"));
	dealname = json_string_value(json_object_get(props, "dealname"));
	amount_s = json_string_value(json_object_get(props, "amount"));
	currency = json_string_value(json_object_get(props, "deal_currency_code"));
	if (!company_id) {
		result = "the deal has no company";
		goto out;
	}
	if (amount_s && num_decimal2(amount_s, &amount))
		amount = 0;
	if (!currency || !vocab_in(vocab_currencies, currency))
		currency = "EUR";
	if (hubspot_call(h, "GET", arena_printf(h->a, "/crm/v3/objects/companies/%s?properties=name,domain",
						company_id), NULL, &company))
		goto out;
	if (db_begin(h->db))
		goto fail;
	if (db_query(h->db, h->a, ST_CRM_LOCAL, &res, "ss", "deal", deal_s))
		goto fail;
	if (res->nrows) {
		db_rollback(h->db);
		result = "deal already has a project";
		goto out;
	}
	if (db_query(h->db, h->a, ST_CRM_LOCAL, &res, "ss", "company", company_id))
		goto fail;
	if (res->nrows) {
		client = db_cell_int(res, 0, CRM_LOCAL_LOCAL_ID);
	} else {
		json_t *cp = json_object_get(company, "properties");
		const char *domain = json_string_value(json_object_get(cp, "domain"));
		struct client_new n = { .name = json_string_value(json_object_get(cp, "name")),
					.domain = domain && *domain ? domain : NULL,
					.source = "hubspot" };
		if (!n.name || !*n.name)
			n.name = arena_printf(h->a, "HubSpot company %s", company_id);
		/* the same client_create as the staff form: row, activity line, client.created */
		if (client_create(&c, &n, &client) ||
		    db_exec(h->db, ST_CRM_LINK_SET, "sis", "company", client, company_id) < 0)
			goto fail;
	}
	if (!dealname || !*dealname)
		dealname = arena_printf(h->a, "HubSpot deal %s", deal_s);
	p = (struct project_new){ .client_id = client, .name = dealname, .budget_amount = amount,
				  .currency = currency, .source = "hubspot",
				  .note = "Deal won in HubSpot" };
	/* the UNIQUE (object, remote_id) of crm_links stops a second project for
	 * this deal even if two workers got here at once */
	if (project_create(&c, &p, &project) ||
	    db_exec(h->db, ST_CRM_LINK_SET, "sis", "deal", project, deal_s) < 0 ||
	    db_commit(h->db))
		goto fail;
	result = arena_printf(h->a, "project %lld opened", project);
	goto out;
fail:
	/* a duplicate link: another worker opened the project first */
	result = db_errno(h->db) == 1062 ? "deal already has a project" : NULL;
	db_rollback(h->db);
	if (!result) {
		h->out->result = HS_RETRY; /* the event stays new: tried again next cycle */
		h->out->error = "database error";
	}
out:
	json_decref(deal);
	json_decref(company);
	return result;
}

void hubspot_inbound_run(struct db *db, struct arena *a, const struct outbox_settings *s)
{
	struct db_res *res;
	const char *won = outbox_map_get(a, s->hs_stage_map, "closed_won");

	if (db_query(db, a, ST_HOOK_EVENTS_NEW, &res, ""))
		return;
	for (size_t i = 0; i < res->nrows; i++) {
		struct hs_outcome out;
		struct hs h = { db, a, s, &out, 0 };
		json_t *ev = json_loads(db_cell(res, i, HOOK_EVENTS_NEW_PAYLOAD), 0, NULL);
		const char *prop = json_string_value(json_object_get(ev, "propertyName"));
		const char *val = json_string_value(json_object_get(ev, "propertyValue"));
		const char *state = "done", *note = "ignored";

		memset(&out, 0, sizeof(out));
		if (!strcmp(db_cell(res, i, HOOK_EVENTS_NEW_SUBSCRIPTION_TYPE), "deal.propertyChange") && prop &&
		    !strcmp(prop, "dealstage") && val && *won && !strcmp(val, won)) {
			note = deal_won(&h, db_cell_int(res, i, HOOK_EVENTS_NEW_OBJECT_ID));
			if (!note && (out.result == HS_RETRY || out.result == HS_RETRY_IN ||
				      out.result == HS_PARK)) {
				json_decref(ev);
				continue; /* stays new: tried again next cycle */
			}
			if (!note) {
				state = "failed";
				note = out.error ? out.error : "could not open the project";
			}
		}
		json_decref(ev);
		db_exec(db, ST_HOOK_EVENT_DONE, "ssi", state, note, db_cell_int(res, i, HOOK_EVENTS_NEW_EVENT_ID));
	}
}

/* ------------------------------------------------------------ signature v3 */

char *hubspot_v3_uri(const char *uri, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char decoded[] = ":/?@!$'()*,;";
	char *o = out;

	for (const char *p = uri; *p; p++) {
		if (p[0] == '%' && p[1] && p[2]) {
			const char *h = strchr(hex, p[1] >= 'a' && p[1] <= 'f' ? p[1] - 32 : p[1]);
			const char *l = strchr(hex, p[2] >= 'a' && p[2] <= 'f' ? p[2] - 32 : p[2]);
			if (h && l && *h && *l) {
				char c = (char)((h - hex) * 16 + (l - hex));
				if (c && strchr(decoded, c)) {
					*o++ = c;
					p += 2;
					continue;
				}
			}
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

int hubspot_signature_ok(const char *secret, const char *method, const char *uri,
			 const char *body, size_t body_len, const char *timestamp, const char *sig)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];
	crypto_auth_hmacsha256_state st;
	size_t n;

	if (!secret || !*secret || !sig || !timestamp)
		return 0;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)method, strlen(method));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)uri, strlen(uri));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)timestamp, strlen(timestamp));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
	n = strlen(b64);
	return strlen(sig) == n && sodium_memcmp(b64, sig, n) == 0;
}
