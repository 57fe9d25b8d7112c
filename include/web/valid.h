/* valid.h - the one validation table: declared fields, typed values, a message per bad field. */
#ifndef TANDEM_VALID_H
#define TANDEM_VALID_H

#include <libxml/tree.h>
#include "fcgi/req.h"

enum vtype {
	V_LINE,     /* one line of text: no CR/LF, trimmed */
	V_TEXT,     /* multi-line text */
	V_EMAIL,    /* an address, lower-cased */
	V_ID,       /* decimal id >= 1 */
	V_IDS,      /* decimal ids >= 1, repeatable (checkboxes): every value is checked,
	               the first is the vvalue, the handler reads the rest from r->form */
	V_INT,      /* decimal integer within [min, max] */
	V_DATE,     /* YYYY-MM-DD, a real calendar date */
	V_DECIMAL2, /* decimal with up to 2 places, as hundredths: "12500.5" -> 1250050 */
	V_HOURS,    /* decimal hours up to 2 places, as minutes: "1.5" -> 90 */
	V_ENUM,     /* one of choices */
	V_BOOL,     /* checkbox: absent/"0" -> 0, "1"/"on" -> 1 */
	V_PASSWORD, /* kept as typed, never echoed back */
};

struct vfield {
	const char *name;              /* form field */
	const char *label;             /* for messages: "Due date" */
	enum vtype type;
	int required;
	long long min, max;            /* V_INT/V_DECIMAL2/V_HOURS: value range;
	                                  text types: length range in characters
	                                  (max 0 = the default of 200 / 10,000) */
	const char *const *choices;    /* V_ENUM: NULL-terminated */
};

/* A parsed value. */
struct vvalue {
	const char *s;    /* text form (trimmed); NULL when absent or empty */
	long long i;      /* integer form for numeric types, 0/1 for V_BOOL */
	int present;      /* the field was given and not empty */
};

struct form {
	const char *id;              /* form id for <form-state for> */
	const struct vfield *fields;
	size_t n;
	struct vvalue *v;            /* n values, in the order of fields */
	const char **err;            /* n messages, NULL when fine */
	const char *form_err;        /* a message about the form as a whole */
	int nerr;
};

/*
 * Check r's POST fields against the table. Returns the number of bad fields
 * (0: every value in f->v is valid and typed). Never writes anything.
 */
int valid_form(struct req *r, struct form *f, const char *id,
	       const struct vfield *fields, size_t n);

/* Value of the field named name (a bug if it is not in the table). */
const struct vvalue *valid_get(const struct form *f, const char *name);

/* Mark a field bad after a cross-field or database check. name NULL or ""
 * sets the form-wide message. */
void valid_error(struct form *f, const char *name, const char *msg);

/* <form-state for=id> with the submitted values (passwords left out) and the
 * messages, under the page element. */
void valid_to_xml(struct req *r, const struct form *f);

/* Plain helpers shared with other parsers (amounts: num_decimal2, core/num.h). */
int valid_date(const char *s);                      /* 1 for a real YYYY-MM-DD */
int valid_email(const char *s);                     /* 1 for name@host.tld (lower-case it first) */

#endif
