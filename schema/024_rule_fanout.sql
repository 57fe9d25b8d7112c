-- 024: automations queued by the outbox worker, not by the write that made the event (issue 13).
-- outbox.rules_due is 1 on an event an enabled rule might want (set by the INSERT of the event,
-- ST_OUTBOX_ADD); the worker claims the flagged events (outbox_rules_due), queues their runs and
-- clears the flag in one transaction (rule_fanout_run). Events written before this migration
-- had their runs queued with them. Safe to run again (IF NOT EXISTS).

ALTER TABLE outbox ADD COLUMN IF NOT EXISTS rules_due TINYINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS outbox_rules_due ON outbox (rules_due, id);
