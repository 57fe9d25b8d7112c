-- 018: automations (issue 13). A rule: one trigger (an event type, or a time trigger with its
-- N days), conditions that must all hold and an ordered list of actions (both JSON, checked
-- against include/domain/rule_vocab.def when the rule is saved). A run: one row per rule and
-- subject (an event, or a time trigger's subject and date), unique on the pair, queued in the
-- transaction of what triggered it and carried out by the outbox worker in one transaction.
-- Safe to run again (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS rules (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  enabled TINYINT(1) NOT NULL DEFAULT 0,
  owner_id BIGINT UNSIGNED NULL,
  scope ENUM('all','client','project','mine') NOT NULL DEFAULT 'all',
  scope_id BIGINT UNSIGNED NULL,
  trigger_code VARCHAR(64) NOT NULL,
  trigger_days INT NOT NULL DEFAULT 0,
  conditions TEXT NOT NULL,
  actions TEXT NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  KEY rules_trigger (enabled, trigger_code),
  KEY rules_owner (owner_id),
  CONSTRAINT rules_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- state: queued (waiting or to be retried at next_at), done, skipped (a condition did not
-- hold), failed (tries spent: error says why), stopped (the chain was too deep: chain names it)
CREATE TABLE IF NOT EXISTS rule_runs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  rule_id BIGINT UNSIGNED NOT NULL,
  subject VARCHAR(120) CHARACTER SET ascii NOT NULL,
  event_id BIGINT UNSIGNED NULL,
  client_id BIGINT UNSIGNED NULL,
  project_id BIGINT UNSIGNED NULL,
  item_id BIGINT UNSIGNED NULL,
  item_date DATE NULL,
  depth INT NOT NULL DEFAULT 1,
  chain VARCHAR(400) CHARACTER SET ascii NOT NULL DEFAULT '',
  state ENUM('queued','done','skipped','failed','stopped') NOT NULL DEFAULT 'queued',
  tries INT NOT NULL DEFAULT 0,
  next_at DATETIME(6) NOT NULL,
  log MEDIUMTEXT NULL,
  error VARCHAR(400) NULL,
  created_at DATETIME(6) NOT NULL,
  finished_at DATETIME(6) NULL,
  UNIQUE KEY rule_runs_once (rule_id, subject),
  KEY rule_runs_due (state, next_at),
  KEY rule_runs_project (project_id, id),
  KEY rule_runs_rule (rule_id, id),
  CONSTRAINT rule_runs_rule_fk FOREIGN KEY (rule_id) REFERENCES rules (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- an event caused by a rule's action names that run: the next rule's run counts its depth
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS cause_run_id BIGINT UNSIGNED NULL;
-- "try against a past event" lists the recent events of the rule's trigger
CREATE INDEX IF NOT EXISTS outbox_type ON outbox (type, id);

-- a line written by nobody signed in says who it was ("Automation: <rule name>")
ALTER TABLE activity ADD COLUMN IF NOT EXISTS actor_label VARCHAR(240) NULL AFTER user_id;
