/* deliver_webhook.h - the generic webhook's retry schedule (the HTTP call itself is xfer.h; the
 * URL rule, secrets and Standard Webhooks signature are domain/webhook.h). */
#ifndef TANDEM_DELIVER_WEBHOOK_H
#define TANDEM_DELIVER_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#define WEBHOOK_MAX_TRIES 10      /* attempts before a delivery is dead */

/*
 * Milliseconds to wait before the next attempt after `tries` failed attempts
 * (1 = the first failed): about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h,
 * 20 h, 24 h with +-10 % jitter from rnd; a longer Retry-After (seconds,
 * -1 = none; at most a day) wins; everything times scale (1.0 in
 * production, tests make it small). -1 when the delivery is dead.
 */
long long webhook_retry_delay_ms(int tries, long long retry_after, double scale, uint32_t rnd);

#endif
