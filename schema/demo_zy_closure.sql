-- demo_zy_closure.sql - issue 16's deliverable QA and closure in the demo: acceptance criteria
-- on the relaunch's "Beta live" milestone and on its homepage copy (whose version passed its
-- review by Priya before Jordan was asked), and the closed Brand refresh with its debrief and
-- lessons (and the sustainability microsite's lessons), so that a new project for Acme shows
-- what the brand refresh taught. Loaded after the other areas' demo files (name order), before
-- demo_zz_activity_order.sql renumbers the activity; dates relative to today.

INSERT INTO acceptance_criteria (id, project_id, milestone_id, document_id, text, client_visible, created_by, created_at, updated_at) VALUES
 (1, 1, 3, NULL, 'All 30 templates render correctly in the latest Chrome, Safari, Firefox and Edge', 1, 2, UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 30 DAY),
 (2, 1, 3, NULL, 'The store locator finds the nearest store in under 2 seconds', 1, 2, UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 30 DAY),
 (3, 1, 3, NULL, 'Lighthouse performance score of 90 or more on the home page', 1, 2, UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 30 DAY),
 (4, 1, 3, NULL, 'Error alerts reach the on-call channel', 0, 2, UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 30 DAY),
 (5, 1, NULL, 3, 'Tone of voice as in the brand guide: confident and plain', 1, 2, UTC_TIMESTAMP() - INTERVAL 8 DAY, UTC_TIMESTAMP() - INTERVAL 8 DAY),
 (6, 1, NULL, 3, 'Every product claim checked by Acme legal', 1, 2, UTC_TIMESTAMP() - INTERVAL 8 DAY, UTC_TIMESTAMP() - INTERVAL 8 DAY),
 (7, 1, NULL, 3, 'At most 60 words above the fold', 1, 2, UTC_TIMESTAMP() - INTERVAL 8 DAY, UTC_TIMESTAMP() - INTERVAL 8 DAY),
 (8, 1, NULL, 3, 'Spell-checked in British English', 0, 2, UTC_TIMESTAMP() - INTERVAL 8 DAY, UTC_TIMESTAMP() - INTERVAL 8 DAY);

-- Marco uploaded the homepage copy (version 4); Priya passed it before asking Jordan
INSERT INTO version_reviews (id, document_id, version_id, reviewer_id, decision, note, created_at) VALUES
 (1, 3, 4, 2, 'passed', '', UTC_TIMESTAMP() - INTERVAL 7 DAY);
INSERT INTO review_checks (review_id, criterion_id, text, passed)
  SELECT 1, id, text, 1 FROM acceptance_criteria WHERE document_id = 3;

-- the brand refresh closed 15 days ago with nothing left open (its checklist is computed
-- here as the stage change computes it); Lena wrote the debrief 10 days ago
INSERT INTO debriefs (project_id, went_well, went_badly, closed_at, closed_by, close_reason,
                      open_tasks, open_approvals, open_changes, open_time, open_risks, open_reports,
                      open_survey, open_documents, written_by, written_at, created_at, updated_at)
SELECT 2,
  'Jordan decided fast on every approval call, and the style guide was signed off at the first try.\nThe print and social templates were reused by Acme''s own team the week after handover.',
  'The icon set was a week late: iconography was estimated as part of the style guide instead of a task of its own.\nLegal reviewed all public copy in one batch at the end and took nine days.',
  UTC_TIMESTAMP() - INTERVAL 15 DAY, 4, NULL,
  (SELECT COUNT(*) FROM tasks WHERE project_id = 2 AND status <> 'done'),
  (SELECT COUNT(*) FROM approvals WHERE project_id = 2 AND state = 'pending'),
  (SELECT COUNT(*) FROM change_requests WHERE project_id = 2 AND status IN ('draft', 'proposed')),
  (SELECT COUNT(DISTINCT user_id, week_start) FROM time_entries WHERE project_id = 2 AND status <> 'approved'),
  (SELECT COUNT(*) FROM risks WHERE project_id = 2 AND status = 'open'),
  (SELECT COUNT(*) FROM status_reports WHERE project_id = 2 AND state = 'draft'),
  0, 0,
  4, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 15 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY;

-- the sustainability microsite closed 25 days ago; its debrief is not written yet
INSERT INTO debriefs (project_id, went_well, went_badly, closed_at, closed_by, created_at, updated_at) VALUES
 (11, '', '', UTC_TIMESTAMP() - INTERVAL 25 DAY, 2, UTC_TIMESTAMP() - INTERVAL 25 DAY, UTC_TIMESTAMP() - INTERVAL 25 DAY);

INSERT INTO lessons (id, project_id, text, tags, author_id, created_at, updated_at) VALUES
 (1, 2, 'Estimate iconography as its own task: a brand''s icon set takes a week of design, not an afternoon.', 'estimates, design', 4, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (2, 2, 'Send Acme legal the public copy in batches from week one; a single review at the end took nine days.', 'legal, client input', 4, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (3, 2, 'Jordan decides fastest on a short call: book 15 minutes for each approval rather than waiting on e-mail.', 'approvals, communication', 4, UTC_TIMESTAMP() - INTERVAL 10 DAY, UTC_TIMESTAMP() - INTERVAL 10 DAY),
 (4, 11, 'Fix the price of subcontracted work before agreeing a change of scope: the data studio''s invoice took the money budget over.', 'budget, subcontractors', 2, UTC_TIMESTAMP() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY),
 (5, 11, 'Agree the data format with the investor relations team before design starts.', 'client input, data', 2, UTC_TIMESTAMP() - INTERVAL 20 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY);
INSERT INTO lesson_tags (lesson_id, tag) VALUES
 (1, 'estimates'), (1, 'design'), (2, 'legal'), (2, 'client input'), (3, 'approvals'),
 (3, 'communication'), (4, 'budget'), (4, 'subcontractors'), (5, 'client input'), (5, 'data');

INSERT INTO activity (client_id, project_id, user_id, kind, from_value, to_value, note, client_visible, created_at) VALUES
 (1, 1, 2, 'review_passed', NULL, NULL, 'Homepage copy v1', 0, UTC_TIMESTAMP() - INTERVAL 7 DAY),
 (1, 2, 4, 'debrief', NULL, NULL, NULL, 0, UTC_TIMESTAMP() - INTERVAL 10 DAY);
