-- 023: the forward workload's project filter (issue 16). "Whoever has an open task in the
-- project" is asked per person (ST_WORKLOAD_PEOPLE): one short range of this index each, instead
-- of reading every task of the project. Safe to run again (IF NOT EXISTS).

CREATE INDEX IF NOT EXISTS tasks_assignee_project ON tasks (assignee_id, project_id, status);
