-- Activity kinds are short codes; the words are the XSLT's (layout.xsl activity-sentence).
-- Rows written before this migration carry the sentence itself as their kind.
UPDATE activity SET kind = CASE kind
  WHEN 'asked for an approval in' THEN 'approval_requested'
  WHEN 'recorded an approval decision in' THEN 'approval_decided'
  WHEN 'added a document to' THEN 'document_added'
  WHEN 'added a document version in' THEN 'document_version'
  WHEN 'started a thread in' THEN 'thread_started'
  WHEN 'replied to a thread in' THEN 'thread_reply'
  WHEN 'reached a milestone in' THEN 'milestone_reached'
  WHEN 'planned a task in' THEN 'task_planned'
  WHEN 'completed a task in' THEN 'task_completed'
  WHEN 'rescheduled tasks in' THEN 'tasks_rescheduled'
  WHEN 'added a risk to' THEN 'risk_added'
  WHEN 'approved a change in' THEN 'change_approved'
  WHEN 'rejected a change in' THEN 'change_rejected'
  ELSE kind END
WHERE kind LIKE '% %';
