/* outbox_worker.h - the outbox worker: claims due deliveries, sends them, records every attempt
 * (the settings it runs by: domain/outbox_settings.h). */
#ifndef TANDEM_OUTBOX_WORKER_H
#define TANDEM_OUTBOX_WORKER_H

#include "core/config.h"

/*
 * The worker's loop, until SIGTERM: every cycle it reads the settings, acts
 * on inbound HubSpot events, claims due deliveries (FOR UPDATE SKIP LOCKED,
 * then a lease), sends generic webhooks concurrently (curl multi) and HubSpot
 * calls in order under the shared budget, and records each attempt and the
 * delivery's new state in one transaction; and reads the IMAP mailbox when
 * due (out/imap.h). Returns the exit code.
 */
int outbox_worker(const struct config *cfg);

#endif
