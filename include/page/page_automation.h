/* page_automation.h - the automations' pages (issue 13): rules, their form, run logs, trial runs.
 * Admins and PMs (the routes need a manager): every rule is listed and readable; admins change
 * any, a PM only the rules they own (rule_may_change). */
#ifndef TANDEM_PAGE_AUTOMATION_H
#define TANDEM_PAGE_AUTOMATION_H

#include "web/route.h"

/* GET /settings/automations: the rules (?page=), the presets, the runs that stopped or failed. */
int page_automation_list(struct req *r);
/* GET /settings/automations/new[?preset=CODE]: the form, filled from a preset (unknown: 404). */
int page_automation_new(struct req *r);
/* POST /settings/automations: a new rule (the form's fields: name, enabled, scope, scope_id or
 * scope_client / scope_project, trigger, days, cond_*_N, act_*_N). 303 to its page; 422 with
 * the form and a message per field; 403 when the actor may not write such a rule. */
int page_automation_create(struct req *r);
/* GET /settings/automations/{id}: the rule's form, its switch, delete, run log (?page=), trial. */
int page_automation_view(struct req *r);
/* POST /settings/automations/{id}: save the rule (as create). */
int page_automation_update(struct req *r);
/* POST /settings/automations/{id}/enabled: enabled (0/1). */
int page_automation_enabled(struct req *r);
/* POST /settings/automations/{id}/delete: confirm=1 deletes the rule and its runs; without it,
 * 422 and the rule's page asks for the tick. */
int page_automation_delete(struct req *r);
/* GET /settings/automations/{id}/try[?event_id=N]: what the rule would do, nothing written;
 * without event_id (an event trigger) the latest events of its trigger to choose from. */
int page_automation_try(struct req *r);
/* GET /projects/{id}/automations: the runs of every rule on that project (?page=). */
int page_automation_project(struct req *r);

#endif
