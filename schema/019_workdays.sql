-- 019: working days (issue 16). The agency's working week is the settings row `work_week`:
-- seven characters Monday..Sunday, '1' a working day ('1111100' when absent); its holidays
-- are rows here. Plans, templates and automations count their days on this calendar.
-- Safe to run again (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS holidays (
  day DATE NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
