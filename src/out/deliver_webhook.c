/* deliver_webhook.c - the generic webhook's retry schedule (the transfer itself is xfer.c; the
 * URL rule, secrets and Standard Webhooks signature are the domain's webhook.c). */
#include "out/deliver_webhook.h"

/* ------------------------------------------------------------ retries */

static const long long schedule_s[WEBHOOK_MAX_TRIES - 1] = {
	5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600,
};

long long webhook_retry_delay_ms(int tries, long long retry_after, double scale, uint32_t rnd)
{
	double s;

	if (tries < 1)
		tries = 1;
	if (tries >= WEBHOOK_MAX_TRIES)
		return -1;
	/* jitter: 0.9 .. 1.1 of the step, so retries of many deliveries spread out */
	s = (double)schedule_s[tries - 1] * (0.9 + 0.2 * ((double)rnd / 4294967295.0));
	if (retry_after > 24 * 3600)
		retry_after = 24 * 3600;
	if ((double)retry_after > s)
		s = (double)retry_after;
	s *= 1000.0 * scale;
	return s < 1 ? 1 : (long long)s;
}
