/* page_template.h - project templates (issue 16): the list, a template with its edit forms, saving
 * a project's plan as one, and a new project from one. Every route needs a PM or an admin
 * (members get 403, contacts 403). */
#ifndef TANDEM_PAGE_TEMPLATE_H
#define TANDEM_PAGE_TEMPLATE_H

#include "fcgi/req.h"

/* GET /templates - every template, with its size. */
int page_template_list(struct req *r);
/* GET /templates/{id} - a template: roles, milestones, tasks, KPIs, risks, with the edit forms. */
int page_template_view(struct req *r);
/* POST /templates/{id} - name, description. */
int page_template_update(struct req *r);
/* POST /templates/{id}/delete - confirm (a ticked box; 422 without it). */
int page_template_delete(struct req *r);
/* GET and POST /templates/{id}/tasks/{task} - a task's edit page and its save: title, role_id,
 * milestone_id, start_offset, duration, estimate_hours, client_visible. */
int page_template_task(struct req *r);
int page_template_task_update(struct req *r);
/* POST /templates/{id}/milestones/{ms} - name, day_offset, client_visible; POST
 * /templates/{id}/roles/{role} - name. */
int page_template_ms_update(struct req *r);
int page_template_role_update(struct req *r);
/* POST /templates/{id}/{tasks|milestones|kpis|risks}/{part}/delete - remove one (the page asks first). */
int page_template_task_delete(struct req *r);
int page_template_ms_delete(struct req *r);
int page_template_kpi_delete(struct req *r);
int page_template_risk_delete(struct req *r);
/* GET and POST /projects/{id}/template - save a project's plan as a template: name,
 * description, role_<user id> for each assignee. */
int page_template_save_form(struct req *r);
int page_template_save(struct req *r);
/* GET and POST /templates/{id}/use - a new project from a template: client_id, name, code,
 * pm_id, start_date, currency, role_<role id> for each role with tasks. */
int page_template_use_form(struct req *r);
int page_template_use(struct req *r);

#endif
