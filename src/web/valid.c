/* valid.c - declared field rules applied to a request's form before a handler reads it. */
#include "web/valid.h"
#include "core/num.h"
#include "core/xml.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Characters (not bytes) in a valid UTF-8 string. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static const char *trim(struct arena *a, const char *s)
{
	const char *e;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	return arena_strndup(a, s, (size_t)(e - s));
}

int valid_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	const char *dot;

	if (!at || at == s || strchr(at + 1, '@'))
		return 0;
	dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return 0;
	for (; *s; s++)
		if (isspace((unsigned char)*s) || *s == '<' || *s == '>' || *s == '"' ||
		    *s == ',' || *s == ';')
			return 0;
	return 1;
}

static const char *check(struct req *r, const struct vfield *fd, const char *raw,
			 struct vvalue *v)
{
	struct arena *a = r->arena;
	const char *s;
	size_t maxlen = fd->max ? (size_t)fd->max : (fd->type == V_TEXT ? 10000 : 200);
	char *end;
	long long n;

	if (fd->type == V_BOOL) {
		v->present = raw != NULL;
		v->i = raw && (!strcmp(raw, "1") || !strcmp(raw, "on") || !strcmp(raw, "true"));
		v->s = v->i ? "1" : "0";
		if (raw && *raw && !v->i && strcmp(raw, "0") && strcmp(raw, "off") && strcmp(raw, "false"))
			return "must be on or off.";
		return NULL;
	}
	s = raw ? (fd->type == V_PASSWORD ? raw : trim(a, raw)) : NULL;
	if (!s || !*s) {
		v->present = 0;
		v->s = NULL;
		return fd->required ? "is required." : NULL;
	}
	v->present = 1;
	v->s = s;
	switch (fd->type) {
	case V_LINE:
		if (strchr(s, '\n') || strchr(s, '\r'))
			return "must be one line.";
		/* fall through */
	case V_TEXT:
	case V_PASSWORD:
		if (utf8_len(s) > maxlen)
			return arena_printf(a, "must be at most %zu characters.", maxlen);
		if (fd->min && utf8_len(s) < (size_t)fd->min)
			return arena_printf(a, "must be at least %lld characters.", fd->min);
		return NULL;
	case V_EMAIL: {
		char *low = arena_strdup(a, s);
		for (char *p = low; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		v->s = low;
		if (strlen(low) > 254 || !valid_email(low))
			return "must be an e-mail address like name@example.com.";
		return NULL;
	}
	case V_ID:
	case V_IDS:
	case V_INT:
		if (!isdigit((unsigned char)*s) && !(fd->type == V_INT && *s == '-'))
			return "must be a whole number.";
		errno = 0;
		n = strtoll(s, &end, 10);
		if (errno || *end)
			return "must be a whole number.";
		if (fd->type != V_INT && n < 1)
			return "must be chosen from the list.";
		if (fd->type == V_INT && (n < fd->min || n > fd->max))
			return arena_printf(a, "must be between %lld and %lld.", fd->min, fd->max);
		v->i = n;
		return NULL;
	case V_DATE:
		if (!valid_date(s))
			return "must be a date (YYYY-MM-DD).";
		return NULL;
	case V_DECIMAL2:
	case V_HOURS: {
		/* a sign only where the field allows below zero: "-8" or the typographic "−8" */
		size_t neg = *s == '-' ? 1 : !strncmp(s, "\xe2\x88\x92", 3) ? 3 : 0;

		if (neg && fd->min >= 0)
			return "cannot be negative.";
		if (num_decimal2(s + neg, &n))
			return "must be a number with at most two decimals, like 12500.00.";
		if (fd->type == V_HOURS) {
			if (n > 100000000000LL)
				return "is out of range.";
			n = (n * 60 + 50) / 100; /* hours to the nearest minute */
		}
		if (neg)
			n = -n;
		if (n < fd->min || (fd->max && n > fd->max))
			return "is out of range.";
		v->i = n;
		return NULL;
	}
	case V_ENUM:
		for (const char *const *c = fd->choices; *c; c++)
			if (!strcmp(*c, s))
				return NULL;
		return "is not one of the choices.";
	case V_BOOL:
		break;
	}
	return NULL;
}

int valid_form(struct req *r, struct form *f, const char *id, const struct vfield *fields,
	       size_t n)
{
	f->id = id;
	f->fields = fields;
	f->n = n;
	f->v = arena_calloc(r->arena, n, sizeof(*f->v));
	f->err = arena_calloc(r->arena, n, sizeof(*f->err));
	f->form_err = NULL;
	f->nerr = 0;
	for (size_t i = 0; i < n; i++) {
		const char *raw = kv_get(&r->form, fields[i].name);
		const char *msg;

		if (kv_count(&r->form, fields[i].name) > 1 && fields[i].type != V_IDS) {
			msg = "was given more than once.";
		} else if (fields[i].type == V_IDS && raw) {
			struct vvalue other;
			msg = check(r, &fields[i], raw, &f->v[i]);
			for (size_t k = 0; k < r->form.n && !msg; k++)
				if (!strcmp(r->form.v[k].name, fields[i].name))
					msg = check(r, &fields[i], r->form.v[k].value, &other);
		} else {
			msg = check(r, &fields[i], raw, &f->v[i]);
		}
		if (msg) {
			f->err[i] = arena_printf(r->arena, "%s %s", fields[i].label, msg);
			f->nerr++;
		}
	}
	return f->nerr;
}

const struct vvalue *valid_get(const struct form *f, const char *name)
{
	static const struct vvalue none;

	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->fields[i].name, name))
			return &f->v[i];
	return &none;
}

void valid_error(struct form *f, const char *name, const char *msg)
{
	if (!name || !*name) {
		if (!f->form_err)
			f->nerr++;
		f->form_err = msg;
		return;
	}
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->fields[i].name, name)) {
			if (!f->err[i])
				f->nerr++;
			f->err[i] = msg;
			return;
		}
	/* a name not in the table is our bug: fail closed, as a form-wide error */
	valid_error(f, NULL, msg);
}

void valid_to_xml(struct req *r, const struct form *f)
{
	xmlNodePtr st = xml_el(r->page, "form-state");

	xml_attr(st, "for", f->id);
	for (size_t i = 0; i < f->n; i++) {
		const char *raw;
		if (f->fields[i].type == V_PASSWORD)
			continue;
		if (f->fields[i].type == V_IDS) {
			for (size_t k = 0; k < r->form.n; k++)
				if (!strcmp(r->form.v[k].name, f->fields[i].name))
					xml_attr(xml_text(st, "value", r->form.v[k].value), "name",
						 f->fields[i].name);
			continue;
		}
		raw = kv_get(&r->form, f->fields[i].name);
		if (raw)
			xml_attr(xml_text(st, "value", raw), "name", f->fields[i].name);
	}
	for (size_t i = 0; i < f->n; i++)
		if (f->err[i])
			xml_attr(xml_text(st, "error", f->err[i]), "field", f->fields[i].name);
	if (f->form_err)
		xml_attr(xml_text(st, "error", f->form_err), "field", "_form");
}
