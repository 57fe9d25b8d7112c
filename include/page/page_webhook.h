/* page_webhook.h - events-out pages: webhook endpoints, delivery log, replay, test events,
 * webhook options, HubSpot settings, and the inbound HubSpot hook. */
#ifndef TANDEM_PAGE_WEBHOOK_H
#define TANDEM_PAGE_WEBHOOK_H

#include <stddef.h>
#include "web/route.h"

/* 1 when `name` may be ticked in an endpoint's event filter: a type of
 * include/event_types.def that endpoints may subscribe to; 0 otherwise (NULL too). */
int webhook_event_choosable(const char *name);

/* GET /settings/webhooks: endpoints, options, the new-endpoint form. */
int page_webhook_list(struct req *r);
/* POST /settings/webhooks: name, url, events (repeatable), secret (optional). */
int page_webhook_create(struct req *r);
/* GET /settings/webhooks/{id}: the endpoint, its secret once, the delivery log. */
int page_webhook_view(struct req *r);
/* POST /settings/webhooks/{id}: name, url, events. */
int page_webhook_update(struct req *r);
/* POST /settings/webhooks/{id}/enabled: enabled (0/1). */
int page_webhook_enabled(struct req *r);
/* POST /settings/webhooks/{id}/test: a webhook.test event to this endpoint only. */
int page_webhook_test(struct req *r);
/* POST /settings/webhooks/options: allow_private_targets. */
int page_webhook_options(struct req *r);
/* POST /deliveries/{id}/replay: a delivered or dead delivery goes out again. */
int page_delivery_replay(struct req *r);
/* GET/POST /settings/hubspot: token, client secret, base URL, pipeline, stage map. */
int page_hubspot_settings(struct req *r);
int page_hubspot_save(struct req *r);
/* POST /hooks/hubspot: no session, no CSRF; signature v3 before anything. */
int page_hook_hubspot(struct req *r);

#endif
