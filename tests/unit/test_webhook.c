/* test_webhook.c - pure logic of events out: Standard Webhooks signature, HubSpot signature v3,
 * retry schedule and Retry-After, address and URL checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/array.h"
#include "domain/webhook.h"
#include "out/deliver_webhook.h"
#include "out/hubspot_inbound.h"
#include "out/xfer.h"

/* The example of the Standard Webhooks specification. */
static void sign_matches_the_spec_vector(void **state)
{
	char sig[WEBHOOK_SIG_LEN];
	const char *body = "{\"test\": 2432232314}";

	(void)state;
	assert_int_equal(webhook_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
				      "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, strlen(body),
				      sig, sizeof(sig)), 0);
	assert_string_equal(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

static void sign_changes_with_body_id_and_time(void **state)
{
	char a[WEBHOOK_SIG_LEN], b[WEBHOOK_SIG_LEN];
	const char *s = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	(void)state;
	assert_int_equal(webhook_sign(s, "m", 1, "x", 1, a, sizeof(a)), 0);
	assert_int_equal(webhook_sign(s, "m", 1, "y", 1, b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(webhook_sign(s, "n", 1, "x", 1, b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(webhook_sign(s, "m", 2, "x", 1, b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
}

static void sign_refuses_malformed_secrets(void **state)
{
	char sig[WEBHOOK_SIG_LEN];

	(void)state;
	assert_int_equal(webhook_sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "", 0, sig, sizeof(sig)), -1);
	assert_int_equal(webhook_sign("whsec_", "m", 1, "", 0, sig, sizeof(sig)), -1);
	assert_int_equal(webhook_sign("whsec_!!!notbase64", "m", 1, "", 0, sig, sizeof(sig)), -1);
	assert_int_equal(webhook_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "", 0, sig, 10), -1);
}

static void new_secret_is_whsec_and_random(void **state)
{
	char a[WEBHOOK_SECRET_LEN], b[WEBHOOK_SECRET_LEN], sig[WEBHOOK_SIG_LEN];

	(void)state;
	webhook_secret_new(a, sizeof(a));
	webhook_secret_new(b, sizeof(b));
	assert_int_equal(strncmp(a, "whsec_", 6), 0);
	assert_int_equal(strlen(a), 6 + 32);
	assert_string_not_equal(a, b);
	assert_int_equal(webhook_sign(a, "m", 1, "", 0, sig, sizeof(sig)), 0);
}

static void hubspot_v3_signature(void **state)
{
	const char *good = "rNgcgQ+5+gYFGbP8aUNbnuAUVKJBpqQJMC2lGiDnW58=";

	(void)state;
	assert_true(hubspot_signature_ok("secret", "POST", "https://example.com/hooks/hubspot", "[]",
					 2, "1700000000000", good));
	assert_false(hubspot_signature_ok("secreT", "POST", "https://example.com/hooks/hubspot", "[]",
					  2, "1700000000000", good));
	assert_false(hubspot_signature_ok("secret", "POST", "https://example.com/hooks/hubspot", "[ ]",
					  3, "1700000000000", good));
	assert_false(hubspot_signature_ok("secret", "POST", "https://example.com/hooks/hubspot", "[]",
					  2, "1700000000001", good));
	assert_false(hubspot_signature_ok("secret", "POST", "https://example.com/hooks/hubspot", "[]",
					  2, "1700000000000", "short"));
	assert_false(hubspot_signature_ok("", "POST", "https://example.com/hooks/hubspot", "[]", 2,
					  "1700000000000", good));
	assert_false(hubspot_signature_ok("secret", "POST", "https://example.com/hooks/hubspot", "[]",
					  2, "1700000000000", NULL));
}

static void hubspot_v3_uri_decodes_hubspots_list(void **state)
{
	char out[128];

	(void)state;
	assert_string_equal(hubspot_v3_uri("/hooks/hubspot", out), "/hooks/hubspot");
	assert_string_equal(hubspot_v3_uri("/h?a=b%3Ac%2Fd%3F%40%21%24%27%28%29%2A%2C%3B", out),
			    "/h?a=b:c/d?@!$'()*,;");
	assert_string_equal(hubspot_v3_uri("/h?a=%3a%2f", out), "/h?a=:/");
	/* other escapes stay as sent */
	assert_string_equal(hubspot_v3_uri("/h?q=a%20b%26c%3D", out), "/h?q=a%20b%26c%3D");
	assert_string_equal(hubspot_v3_uri("/h?bad=%zz%3", out), "/h?bad=%zz%3");
	assert_string_equal(hubspot_v3_uri("/h?nul=%00", out), "/h?nul=%00");
}

static void retry_schedule_steps(void **state)
{
	static const long long steps[] = { 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400 };

	(void)state;
	for (int t = 1; t <= 9; t++) {
		long long lo = webhook_retry_delay_ms(t, -1, 1.0, 0);
		long long hi = webhook_retry_delay_ms(t, -1, 1.0, UINT32_MAX);
		long long mid = webhook_retry_delay_ms(t, -1, 1.0, UINT32_MAX / 2);
		assert_true(lo >= steps[t - 1] * 900 - 1 && lo <= steps[t - 1] * 900 + 1);
		assert_true(hi >= steps[t - 1] * 1100 - 1 && hi <= steps[t - 1] * 1100 + 1);
		assert_true(mid > lo && mid < hi);
	}
}

static void retry_dead_after_ten(void **state)
{
	(void)state;
	assert_int_equal(webhook_retry_delay_ms(10, -1, 1.0, 0), -1);
	assert_int_equal(webhook_retry_delay_ms(11, -1, 1.0, 0), -1);
	assert_true(webhook_retry_delay_ms(9, -1, 1.0, 0) > 0);
}

static void retry_scale_and_retry_after(void **state)
{
	(void)state;
	assert_int_equal(webhook_retry_delay_ms(1, -1, 0.001, 0), 4);     /* 4.5 ms */
	assert_int_equal(webhook_retry_delay_ms(1, 600, 1.0, 0), 600000); /* longer Retry-After wins */
	assert_int_equal(webhook_retry_delay_ms(3, 10, 1.0, 0), 1620000); /* shorter one does not */
	assert_int_equal(webhook_retry_delay_ms(1, 999999, 1.0, 0), 86400000); /* capped at a day */
	assert_int_equal(webhook_retry_delay_ms(1, -1, 0.0000001, 0), 1);  /* never 0 */
}

static void retry_after_values(void **state)
{
	(void)state;
	assert_int_equal(xfer_retry_after("120", 0), 120);
	assert_int_equal(xfer_retry_after(" 7 ", 0), 7);
	assert_int_equal(xfer_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 60), 60);
	assert_int_equal(xfer_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 60), 0);
	assert_int_equal(xfer_retry_after(NULL, 0), -1);
	assert_int_equal(xfer_retry_after("", 0), -1);
	assert_int_equal(xfer_retry_after("-5", 0), -1);
	assert_int_equal(xfer_retry_after("12abc", 0), -1);
	assert_int_equal(xfer_retry_after("soon", 0), -1);
}

static int v4(const char *s)
{
	struct sockaddr_in in;

	memset(&in, 0, sizeof(in));
	in.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, s, &in.sin_addr), 1);
	return webhook_addr_private((struct sockaddr *)&in);
}

static int v6(const char *s)
{
	struct sockaddr_in6 in;

	memset(&in, 0, sizeof(in));
	in.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, s, &in.sin6_addr), 1);
	return webhook_addr_private((struct sockaddr *)&in);
}

static void private_addresses(void **state)
{
	(void)state;
	assert_true(v4("127.0.0.1"));
	assert_true(v4("127.255.0.9"));
	assert_true(v4("10.0.0.1"));
	assert_true(v4("172.16.0.1"));
	assert_true(v4("172.31.255.255"));
	assert_true(v4("192.168.1.1"));
	assert_true(v4("169.254.169.254"));
	assert_true(v4("100.64.0.1"));
	assert_true(v4("0.0.0.0"));
	assert_true(v4("224.0.0.1"));
	assert_true(v4("255.255.255.255"));
	assert_true(v6("::1"));
	assert_true(v6("::"));
	assert_true(v6("fd00::1"));
	assert_true(v6("fe80::1"));
	assert_true(v6("::ffff:127.0.0.1"));
	assert_true(v6("::ffff:10.1.2.3"));
}

static void public_addresses(void **state)
{
	(void)state;
	assert_false(v4("8.8.8.8"));
	assert_false(v4("172.32.0.1"));
	assert_false(v4("100.128.0.1"));
	assert_false(v4("93.184.216.34"));
	assert_false(v6("2606:4700::1111"));
	assert_false(v6("::ffff:8.8.8.8"));
}

/* Issue 10 item 24: IPv6 forms that carry a private IPv4 address, and
 * ranges that are never a public host. */
static void item24_ipv6_embedded_and_reserved_forms(void **state)
{
	(void)state;
	assert_true(v6("64:ff9b::127.0.0.1"));      /* NAT64 */
	assert_true(v6("64:ff9b::a9fe:a9fe"));      /* NAT64 of 169.254.169.254 */
	assert_true(v6("64:ff9b::10.0.0.1"));
	assert_true(v6("64:ff9b:1::1"));            /* local-use NAT64 */
	assert_true(v6("::127.0.0.1"));             /* IPv4-compatible */
	assert_true(v6("::192.168.0.1"));
	assert_true(v6("::ffff:0:127.0.0.1"));      /* IPv4-translated */
	assert_true(v6("::ffff:0:10.0.0.1"));
	assert_true(v6("2002:7f00:1::1"));          /* 6to4 of 127.0.0.1 */
	assert_true(v6("2002:c0a8:101::"));         /* 6to4 of 192.168.1.1 */
	assert_true(v6("fec0::1"));                 /* site-local */
	assert_true(v6("feff::1"));
	assert_true(v6("2001:0:4136:e378::1"));     /* Teredo */
	assert_true(v6("2001:db8::1"));             /* documentation */
	assert_true(v6("100::1"));                  /* discard */
	/* the same forms around a public IPv4 address stay allowed where they route */
	assert_false(v6("64:ff9b::8.8.8.8"));
	assert_false(v6("2002:808:808::1"));
	assert_false(v6("2001:4860::8888"));
}

static void item24_url_check_refuses_new_forms_at_save_time(void **state)
{
	static const char *const bad[] = {
		"http://localhost./x", "http://LOCALHOST../x", "http://a.localhost./x",
		"http://[64:ff9b::7f00:1]/x", "http://[::127.0.0.1]/x", "http://[::ffff:0:127.0.0.1]/x",
		"http://[2002:7f00:1::1]/x", "http://[fec0::1]/x", "http://[::ffff:7f00:1]/x",
		"http://127.1/x", "http://2130706433/x", "http://0x7f.0.0.1/x", "http://0177.0.0.1/x",
		"http://10.1/x",
	};
	const char *why;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (webhook_url_check(bad[i], 0, &why) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_non_null(why);
		assert_int_equal(webhook_url_check(bad[i], 1, &why), 0);
	}
	assert_int_equal(webhook_url_check("http://[64:ff9b::808:808]/x", 0, &why), 0);
	assert_int_equal(webhook_url_check("https://example.com./hook", 0, &why), 0);
}

/* Send time: a literal IPv6 form of 127.0.0.1 is refused before any
 * connection; a listener on 127.0.0.1 sees nothing. */
static void item24_send_time_refuses_before_connecting(void **state)
{
	static const char *const forms[] = {
		"::ffff:0:127.0.0.1", "::127.0.0.1", "64:ff9b::127.0.0.1", "2002:7f00:1::1", "::ffff:127.0.0.1",
	};
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int ls, c;

	(void)state;
	ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_true(ls >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(ls, 8), 0);
	assert_int_equal(getsockname(ls, (struct sockaddr *)&a, &al), 0);
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		char url[128];
		struct xfer x;

		snprintf(url, sizeof(url), "http://[%s]:%u/hook", forms[i], ntohs(a.sin_port));
		assert_int_equal(xfer_init(&x, "POST", url, "{}", 2, 2000, 0, 1024), 0);
		xfer_perform(&x);
		if (!x.blocked)
			fail_msg("%s was not refused by the address check", forms[i]);
		xfer_release(&x);
	}
	c = accept(ls, NULL, NULL);
	assert_int_equal(c, -1); /* nobody connected */
	close(ls);
}

static void url_checks(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(webhook_url_check("https://example.com/hook", 0, &why), 0);
	assert_null(why);
	assert_int_equal(webhook_url_check("http://example.com:8080/a?b=c", 0, &why), 0);
	assert_int_equal(webhook_url_check("ftp://example.com/", 1, &why), -1);
	assert_non_null(why);
	assert_int_equal(webhook_url_check("example.com/hook", 1, &why), -1);
	assert_int_equal(webhook_url_check("http://u:p@example.com/", 1, &why), -1);
	assert_int_equal(webhook_url_check("http://127.0.0.1:9/x", 0, &why), -1);
	assert_int_equal(webhook_url_check("http://localhost/x", 0, &why), -1);
	assert_int_equal(webhook_url_check("http://a.localhost/x", 0, &why), -1);
	assert_int_equal(webhook_url_check("http://[::1]/x", 0, &why), -1);
	assert_int_equal(webhook_url_check("http://192.168.0.10/x", 0, &why), -1);
	assert_int_equal(webhook_url_check("http://127.0.0.1:9/x", 1, &why), 0);
	assert_int_equal(webhook_url_check("http://localhost/x", 1, &why), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sign_matches_the_spec_vector),
		cmocka_unit_test(sign_changes_with_body_id_and_time),
		cmocka_unit_test(sign_refuses_malformed_secrets),
		cmocka_unit_test(new_secret_is_whsec_and_random),
		cmocka_unit_test(hubspot_v3_signature),
		cmocka_unit_test(hubspot_v3_uri_decodes_hubspots_list),
		cmocka_unit_test(retry_schedule_steps),
		cmocka_unit_test(retry_dead_after_ten),
		cmocka_unit_test(retry_scale_and_retry_after),
		cmocka_unit_test(retry_after_values),
		cmocka_unit_test(private_addresses),
		cmocka_unit_test(public_addresses),
		cmocka_unit_test(url_checks),
		cmocka_unit_test(item24_ipv6_embedded_and_reserved_forms),
		cmocka_unit_test(item24_url_check_refuses_new_forms_at_save_time),
		cmocka_unit_test(item24_send_time_refuses_before_connecting),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
