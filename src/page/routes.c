/* routes.c - the application's one route table: every handler of src/page/ and what it needs. */
#include "page/routes.h"
#include "core/array.h"
#include "page/page_approval.h"
#include "page/page_auth.h"
#include "page/page_automation.h"
#include "page/page_brand.h"
#include "page/page_budget.h"
#include "page/page_calendar.h"
#include "page/page_client.h"
#include "page/page_closure.h"
#include "page/page_dashboard.h"
#include "page/page_delay.h"
#include "page/page_document.h"
#include "page/page_gantt.h"
#include "page/page_inbox.h"
#include "page/page_invite.h"
#include "page/page_mailbox.h"
#include "page/page_message.h"
#include "page/page_notify.h"
#include "page/page_plan.h"
#include "page/page_portal.h"
#include "page/page_portal_client.h"
#include "page/page_project.h"
#include "page/page_qa.h"
#include "page/page_report.h"
#include "page/page_risk.h"
#include "page/page_survey.h"
#include "page/page_time.h"
#include "page/page_unsubscribe.h"
#include "page/page_user.h"
#include "page/page_webhook.h"
#include "page/page_template.h"
#include "page/page_workdays.h"

#include "page/page_workload.h"

/*
 * Every route of the application, area by area. The front line (route_dispatch in
 * src/web/route.c) takes the first entry whose pattern matches the path and whose
 * method is the request's, in this order.
 */
const struct route app_routes[] = {
	/* the foundation: sign-in, dashboard, clients, projects, users, portal (page.h) */
	{ M_GET, "/login", page_login_form, NEED_NONE, 0 },
	{ M_POST, "/login", page_login, NEED_NONE, ROUTE_NO_CSRF },
	{ M_POST, "/logout", page_logout, NEED_USER, 0 },
	{ M_GET, "/", page_dashboard, NEED_USER, 0 },
	{ M_GET, "/activity", page_activity, NEED_STAFF, 0 },

	{ M_GET, "/clients", page_client_list, NEED_STAFF, 0 },
	{ M_POST, "/clients", page_client_create, NEED_MANAGER, 0 },
	{ M_GET, "/clients/new", page_client_new, NEED_MANAGER, 0 },
	{ M_GET, "/clients/#", page_client_view, NEED_STAFF, 0 },
	{ M_POST, "/clients/#", page_client_update, NEED_MANAGER, 0 },
	{ M_POST, "/clients/#/contacts", page_contact_create, NEED_MANAGER, 0 },

	{ M_GET, "/projects", page_project_list, NEED_STAFF, 0 },
	{ M_POST, "/projects", page_project_create, NEED_MANAGER, 0 },
	{ M_GET, "/projects/new", page_project_new, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#", page_project_view, NEED_STAFF, 0 },
	{ M_POST, "/projects/#", page_project_update, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/edit", page_project_edit, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/stage", page_project_stage, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/health", page_project_health, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/report", page_project_report, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/kpis", page_kpi_create, NEED_MANAGER, 0 },
	{ M_POST, "/kpis/#", page_kpi_update, NEED_MANAGER, 0 },
	{ M_POST, "/kpis/#/delete", page_kpi_delete, NEED_MANAGER, 0 },

	{ M_GET, "/settings/users", page_user_list, NEED_ADMIN, 0 },
	{ M_POST, "/settings/users", page_user_create, NEED_ADMIN, 0 },
	{ M_GET, "/settings/users/#", page_user_view, NEED_ADMIN, 0 },
	{ M_POST, "/settings/users/#", page_user_update, NEED_ADMIN, 0 },
	{ M_POST, "/settings/users/#/active", page_user_active, NEED_ADMIN, 0 },

	{ M_GET, "/portal", page_portal, NEED_CLIENT, 0 },
	{ M_GET, "/portal/projects/#", page_portal_project, NEED_CLIENT, 0 },

	/* planning and execution: tasks, milestones, Gantt, risks, changes, calendar feeds
	 * (page_plan.h) */
	{ M_GET, "/me", page_me, NEED_STAFF, 0 },
	{ M_GET, "/projects/#/tasks", page_plan, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/tasks", page_task_create, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/members", page_member_add, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/members/#/remove", page_member_remove, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/milestones", page_milestone_create, NEED_MANAGER, 0 },
	{ M_POST, "/milestones/#", page_milestone_update, NEED_MANAGER, 0 },
	{ M_POST, "/milestones/#/reached", page_milestone_reached, NEED_MANAGER, 0 },
	{ M_GET, "/tasks/#", page_task_view, NEED_STAFF, 0 },
	{ M_POST, "/tasks/#", page_task_update, NEED_MANAGER, 0 },
	{ M_POST, "/tasks/#/status", page_task_status, NEED_STAFF, 0 },
	{ M_POST, "/tasks/#/shift", page_task_shift, NEED_MANAGER, 0 },

	{ M_GET, "/projects/#/gantt", page_gantt, NEED_STAFF, 0 },
	{ M_GET, "/portal/projects/#/gantt", page_portal_gantt, NEED_CLIENT, 0 },

	{ M_GET, "/projects/#/risks", page_risks, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/risks", page_risk_create, NEED_MANAGER, 0 },
	{ M_POST, "/risks/#", page_risk_update, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/changes", page_changes, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/changes", page_change_create, NEED_MANAGER, 0 },
	{ M_POST, "/changes/#/status", page_change_status, NEED_MANAGER, 0 },

	{ M_GET, "/projects/#/calendar", page_calendar, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/calendar", page_calendar_create, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/calendar/#/revoke", page_calendar_revoke, NEED_MANAGER, 0 },
	{ M_GET, "/calendar.ics", page_calendar_feed, NEED_NONE, 0 },

	/* events out: webhooks, deliveries, HubSpot (page_webhook.h) */
	{ M_GET, "/settings/webhooks", page_webhook_list, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks", page_webhook_create, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks/options", page_webhook_options, NEED_ADMIN, 0 },
	{ M_GET, "/settings/webhooks/#", page_webhook_view, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks/#", page_webhook_update, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks/#/enabled", page_webhook_enabled, NEED_ADMIN, 0 },
	{ M_POST, "/settings/webhooks/#/test", page_webhook_test, NEED_ADMIN, 0 },
	{ M_POST, "/deliveries/#/replay", page_delivery_replay, NEED_ADMIN, 0 },
	{ M_GET, "/settings/hubspot", page_hubspot_settings, NEED_ADMIN, 0 },
	{ M_POST, "/settings/hubspot", page_hubspot_save, NEED_ADMIN, 0 },
	{ M_GET, "/settings/mailbox", page_mailbox, NEED_ADMIN, 0 },          /* issue 14 */
	{ M_POST, "/settings/mailbox", page_mailbox_save, NEED_ADMIN, 0 },
	/* HubSpot calls this: no session and no CSRF token; the signature v3 is
	 * the authentication, checked before the body is parsed */
	{ M_POST, "/hooks/hubspot", page_hook_hubspot, NEED_NONE, ROUTE_NO_CSRF },

	/* automations: rules, their run logs, trial runs (page_automation.h); admins and PMs, a PM
	 * changes only the rules they own (the handlers ask the domain) */
	{ M_GET, "/settings/automations", page_automation_list, NEED_MANAGER, 0 },
	{ M_POST, "/settings/automations", page_automation_create, NEED_MANAGER, 0 },
	{ M_GET, "/settings/automations/new", page_automation_new, NEED_MANAGER, 0 },
	{ M_GET, "/settings/automations/#", page_automation_view, NEED_MANAGER, 0 },
	{ M_POST, "/settings/automations/#", page_automation_update, NEED_MANAGER, 0 },
	{ M_POST, "/settings/automations/#/enabled", page_automation_enabled, NEED_MANAGER, 0 },
	{ M_POST, "/settings/automations/#/delete", page_automation_delete, NEED_MANAGER, 0 },
	{ M_GET, "/settings/automations/#/try", page_automation_try, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/automations", page_automation_project, NEED_MANAGER, 0 },

	/* time and budgets: entries, grid, timers, approvals, rates, expenses, reports
	 * (page_time.h) */
	{ M_GET, "/time", page_time_week, NEED_STAFF, 0 },
	{ M_POST, "/time/entries", page_time_entry_create, NEED_STAFF, 0 },
	{ M_POST, "/time/entries/#", page_time_entry_update, NEED_STAFF, 0 },
	{ M_POST, "/time/entries/#/delete", page_time_entry_delete, NEED_STAFF, 0 },
	{ M_POST, "/time/grid", page_time_grid_save, NEED_STAFF, 0 },
	{ M_POST, "/time/timer/start", page_timer_start, NEED_STAFF, 0 },
	{ M_POST, "/time/timer/stop", page_timer_stop, NEED_STAFF, 0 },
	{ M_POST, "/time/timer/discard", page_timer_discard, NEED_STAFF, 0 },
	{ M_POST, "/time/submit", page_time_submit, NEED_STAFF, 0 },
	{ M_GET, "/time/approvals", page_time_approvals, NEED_MANAGER, 0 },
	{ M_POST, "/time/approvals", page_time_decide, NEED_MANAGER, 0 },
	{ M_GET, "/settings/rates", page_rates, NEED_ADMIN, 0 },
	{ M_POST, "/settings/rates", page_rate_create, NEED_ADMIN, 0 },
	{ M_POST, "/settings/capacity", page_capacity_set, NEED_ADMIN, 0 },
	{ M_GET, "/projects/#/budget", page_budget, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/expenses", page_expense_create, NEED_STAFF, 0 },
	{ M_GET, "/projects/#/time", page_project_time, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/time.csv", page_project_time_csv, NEED_MANAGER, 0 },
	{ M_GET, "/reports/utilization", page_utilization, NEED_MANAGER, 0 },
	{ M_GET, "/reports/utilization.csv", page_utilization_csv, NEED_MANAGER, 0 },

	/* the client side: invitations, password reset, brand, documents, approvals, changes
	 * from the portal, messages, surveys (page_client_side.h) */
	{ M_GET, "/invite/*", page_invite_form, NEED_NONE, 0 },
	{ M_POST, "/invite/*", page_invite_set, NEED_NONE, ROUTE_NO_CSRF },
	{ M_POST, "/clients/#/contacts/#/invite", page_contact_invite, NEED_ADMIN, 0 },
	{ M_POST, "/clients/#/contacts/#/revoke", page_contact_revoke, NEED_ADMIN, 0 },
	{ M_POST, "/clients/#/contacts/#/access", page_contact_access, NEED_MANAGER, 0 },
	{ M_POST, "/clients/#/contacts/#/active", page_contact_active, NEED_MANAGER, 0 },
	{ M_GET, "/password/forgot", page_reset_form, NEED_NONE, 0 },
	{ M_POST, "/password/forgot", page_reset_request, NEED_NONE, ROUTE_NO_CSRF },
	{ M_GET, "/reset/*", page_invite_form, NEED_NONE, 0 },
	{ M_POST, "/reset/*", page_invite_set, NEED_NONE, ROUTE_NO_CSRF },
	{ M_GET, "/settings/brand", page_brand_form, NEED_ADMIN, 0 },
	{ M_POST, "/settings/brand", page_brand_save, NEED_ADMIN, ROUTE_FILE },
	{ M_GET, "/brand/logo", page_brand_logo, NEED_NONE, 0 },
	{ M_GET, "/brand/accent.css", page_brand_accent_css, NEED_NONE, 0 },
	{ M_GET, "/brand/favicon.svg", page_brand_favicon, NEED_NONE, 0 },
	{ M_GET, "/projects/#/documents", page_documents, NEED_USER, 0 },
	{ M_POST, "/projects/#/documents", page_document_create, NEED_STAFF, ROUTE_FILE },
	{ M_GET, "/documents/#", page_document_view, NEED_USER, 0 },
	{ M_POST, "/documents/#/versions", page_version_create, NEED_STAFF, ROUTE_FILE },
	{ M_GET, "/files/#", page_file, NEED_USER, 0 },
	{ M_POST, "/documents/#/approvals", page_approval_create, NEED_MANAGER, 0 },
	{ M_POST, "/approvals/#/record", page_approval_record, NEED_MANAGER, 0 },
	{ M_GET, "/a/*", page_approval_form, NEED_NONE, 0 },
	{ M_POST, "/a/*", page_approval_decide, NEED_NONE, ROUTE_NO_CSRF },
	{ M_GET, "/a/*/file", page_approval_file, NEED_NONE, 0 },
	{ M_POST, "/portal/changes/#", page_portal_change, NEED_CLIENT, 0 },
	{ M_POST, "/changes/#/approvals", page_approval_change_create, NEED_MANAGER, 0 },
	{ M_GET, "/portal/approvals/#", page_portal_approval, NEED_CLIENT, 0 },
	{ M_POST, "/portal/approvals/#", page_portal_approval_decide, NEED_CLIENT, 0 },
	{ M_GET, "/projects/#/messages", page_messages, NEED_USER, 0 },
	{ M_POST, "/projects/#/messages", page_message_create, NEED_USER, ROUTE_FILE },
	{ M_GET, "/messages/#/file", page_message_file, NEED_USER, 0 },
	{ M_GET, "/messages/#/files/#", page_message_more_file, NEED_USER, 0 },
	{ M_GET, "/messages/threads/#", page_thread, NEED_USER, 0 },
	{ M_POST, "/messages/threads/#", page_thread_reply, NEED_USER, ROUTE_FILE },

	/* incoming e-mail (issue 14): the inbox (page_inbox.h) */
	{ M_GET, "/inbox", page_inbox, NEED_MANAGER, 0 },
	{ M_GET, "/inbox/#", page_inbox_mail, NEED_STAFF, 0 },
	{ M_POST, "/inbox/#/file", page_inbox_file, NEED_MANAGER, 0 },
	{ M_POST, "/inbox/#/discard", page_inbox_discard, NEED_MANAGER, 0 },
	{ M_GET, "/inbox/#/files/#", page_inbox_attachment, NEED_STAFF, 0 },
	{ M_GET, "/projects/#/surveys", page_surveys, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/surveys", page_survey_plan, NEED_MANAGER, 0 },
	{ M_GET, "/s/*", page_survey_form, NEED_NONE, 0 },
	{ M_POST, "/s/*", page_survey_answer, NEED_NONE, ROUTE_NO_CSRF },
	/* the one-click unsubscribe link of notification e-mails (RFC 8058): no session and no
	 * CSRF token, the token is the authority; the mail provider's POST may come as
	 * multipart/form-data (ROUTE_FILE lets the front line read it; no field is used) */
	{ M_GET, "/unsubscribe/*", page_unsubscribe_form, NEED_NONE, 0 },
	{ M_POST, "/unsubscribe/*", page_unsubscribe, NEED_NONE, ROUTE_NO_CSRF | ROUTE_FILE },

	/* status reports (page_report.h) */
	{ M_GET, "/projects/#/status-reports", page_reports, NEED_USER, 0 },
	{ M_POST, "/projects/#/status-reports", page_report_create, NEED_MANAGER, 0 },
	{ M_GET, "/status-reports/#", page_report_view, NEED_USER, 0 },
	{ M_POST, "/status-reports/#", page_report_update, NEED_MANAGER, 0 },
	{ M_POST, "/status-reports/#/publish", page_report_publish, NEED_MANAGER, 0 },

	/* notifications: the bell's pages, staff and portal, and each person's preferences
	 * (page_notify.h); opening and marking read are the same for both */
	{ M_GET, "/notifications", page_notifications, NEED_STAFF, 0 },
	{ M_GET, "/portal/notifications", page_notifications, NEED_CLIENT, 0 },
	{ M_GET, "/notifications/#", page_notification_open, NEED_USER, 0 },
	{ M_POST, "/notifications/#/read", page_notification_read, NEED_USER, 0 },
	{ M_POST, "/notifications/read-all", page_notifications_read_all, NEED_USER, 0 },
	{ M_GET, "/me/notifications", page_notify_prefs, NEED_STAFF, 0 },
	{ M_POST, "/me/notifications", page_notify_prefs_save, NEED_STAFF, 0 },
	{ M_GET, "/portal/notifications/settings", page_notify_prefs, NEED_CLIENT, 0 },
	{ M_POST, "/portal/notifications/settings", page_notify_prefs_save, NEED_CLIENT, 0 },
	/* issue 16: templates and working days */
	{ M_GET, "/settings/calendar", page_workdays, NEED_ADMIN, 0 },
	{ M_POST, "/settings/calendar", page_workdays_week, NEED_ADMIN, 0 },
	{ M_POST, "/settings/calendar/holidays", page_holiday_add, NEED_ADMIN, 0 },
	{ M_POST, "/settings/calendar/holidays/remove", page_holiday_remove, NEED_ADMIN, 0 },
	{ M_GET, "/templates", page_template_list, NEED_MANAGER, 0 },
	{ M_GET, "/templates/#", page_template_view, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#", page_template_update, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/delete", page_template_delete, NEED_MANAGER, 0 },
	{ M_GET, "/templates/#/tasks/#", page_template_task, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/tasks/#", page_template_task_update, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/tasks/#/delete", page_template_task_delete, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/milestones/#", page_template_ms_update, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/milestones/#/delete", page_template_ms_delete, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/roles/#", page_template_role_update, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/kpis/#/delete", page_template_kpi_delete, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/risks/#/delete", page_template_risk_delete, NEED_MANAGER, 0 },
	{ M_GET, "/templates/#/use", page_template_use_form, NEED_MANAGER, 0 },
	{ M_POST, "/templates/#/use", page_template_use, NEED_MANAGER, 0 },
	{ M_GET, "/projects/#/template", page_template_save_form, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/template", page_template_save, NEED_MANAGER, 0 },
	/* issue 16: workload and client delays */
	{ M_GET, "/workload", page_workload, NEED_STAFF, 0 },
	{ M_GET, "/projects/#/delays", page_delays, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/delays", page_delay_mark, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/delays/clear", page_delay_clear, NEED_MANAGER, 0 },
	/* issue 16: deliverable QA, closure and debrief */
	{ M_GET, "/milestones/#", page_milestone_view, NEED_STAFF, 0 },
	{ M_POST, "/milestones/#/criteria", page_ms_criterion_create, NEED_STAFF, 0 },
	{ M_POST, "/documents/#/criteria", page_doc_criterion_create, NEED_STAFF, 0 },
	{ M_POST, "/criteria/#", page_criterion_update, NEED_STAFF, 0 },
	{ M_POST, "/criteria/#/delete", page_criterion_delete, NEED_STAFF, 0 },
	{ M_POST, "/versions/#/review", page_version_review, NEED_STAFF, 0 },
	{ M_GET, "/projects/#/closure", page_closure, NEED_STAFF, 0 },
	{ M_GET, "/projects/#/debrief", page_debrief, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/debrief", page_debrief_save, NEED_MANAGER, 0 },
	{ M_POST, "/projects/#/lessons", page_lesson_create, NEED_MANAGER, 0 },
	{ M_POST, "/lessons/#", page_lesson_update, NEED_MANAGER, 0 },
	{ M_POST, "/lessons/#/delete", page_lesson_delete, NEED_MANAGER, 0 },
	{ M_GET, "/lessons", page_lessons, NEED_STAFF, 0 },
};

const size_t app_routes_n = ARRAY_SIZE(app_routes);
