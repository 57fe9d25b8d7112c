/* problem.h - what a domain check found wrong with a state change it was asked for, field by field. */
#ifndef TANDEM_PROBLEM_H
#define TANDEM_PROBLEM_H

#define PROBLEMS_MAX 16 /* more than any one check can find (a rule: a note on each of its rows) */

/*
 * The problems a domain check found, in the order it found them: each a message (arena or
 * static text, a whole sentence) and the form field it is about, NULL for the change as a
 * whole. A check that can find more than one (a task's dates, assignee, milestone and
 * dependencies; a change's budget floor and shift) reports them all, so the page puts every
 * message on its field at once, as the handlers did when they checked for themselves.
 * Start it zeroed (struct problems p = { 0 }).
 */
struct problems {
	int n;                  /* how many of v are set */
	struct problem {
		const char *field;  /* the form field at fault, NULL: the whole form */
		const char *msg;    /* what is wrong */
	} v[PROBLEMS_MAX];
};

/* Add one; past PROBLEMS_MAX it is dropped (a bug of the check: never more than it finds). */
static inline void problem_add(struct problems *p, const char *field, const char *msg)
{
	if (p->n < PROBLEMS_MAX) {
		p->v[p->n].field = field;
		p->v[p->n].msg = msg;
		p->n++;
	}
}

#endif
