-- Activity kinds are short codes; the words are the XSLT's (layout.xsl activity-sentence).
-- Rows written before this migration carry the sentence itself as their kind.

UPDATE activity SET kind = 'approval_requested' WHERE kind = 'asked for an approval in';
UPDATE activity SET kind = 'approval_decided' WHERE kind = 'recorded an approval decision in';
UPDATE activity SET kind = 'document_added' WHERE kind = 'added a document to';
UPDATE activity SET kind = 'document_version' WHERE kind = 'added a document version in';
UPDATE activity SET kind = 'thread_started' WHERE kind = 'started a thread in';
UPDATE activity SET kind = 'thread_reply' WHERE kind = 'replied to a thread in';
UPDATE activity SET kind = 'milestone_reached' WHERE kind = 'reached a milestone in';
UPDATE activity SET kind = 'task_planned' WHERE kind = 'planned a task in';
UPDATE activity SET kind = 'task_completed' WHERE kind = 'completed a task in';
UPDATE activity SET kind = 'tasks_rescheduled' WHERE kind = 'rescheduled tasks in';
UPDATE activity SET kind = 'risk_added' WHERE kind = 'added a risk to';
UPDATE activity SET kind = 'change_approved' WHERE kind = 'approved a change in';
UPDATE activity SET kind = 'change_rejected' WHERE kind = 'rejected a change in';
