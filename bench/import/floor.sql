-- bench/import/floor.sql — the store's floor: the sqlite3 shell writes the
-- rows of the raw table 'r.leads' (what '.import' made of the CSV) into
-- hawser's own schema, with the settings of hawser's bulk mode (WAL,
-- synchronous=NORMAL, foreign keys not checked, the import cache size, every
-- index live, one transaction),
-- but with no parsing, mapping, normalizing, time-zone inference or dedupe:
-- fields are copied as they are and the "E.164" is the raw text with its
-- punctuation stripped. No import can write these rows faster than this.
-- Run by bench/import/run.sh as: sqlite3 SCHEMA.db (with 'r' attached).
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
PRAGMA foreign_keys=OFF;
PRAGMA cache_size=-131072;
BEGIN;
INSERT INTO imports (id, file, bytes, status, started_at) VALUES (1, 'floor', 0, 'running', 0);
-- The id is the raw row's, so phones can name their lead; the email gets the
-- row id so no duplicate stops the copy.
INSERT INTO leads (id, first_name, last_name, title, company, email, linkedin_url,
	website, street, city, state, postal_code, country, region, time_zones,
	tz_source, industry, employees, research_notes, custom, status, import_id,
	created_at, updated_at)
SELECT rowid, "First Name", "Last Name", Title, Company,
	nullif(lower(Email), '') || '#' || rowid, "LinkedIn URL", "Company Website",
	Street, City, State, "Postal Code", Country, 'US', 'America/Chicago', 'address',
	Industry, Employees, nullif(Notes, ''),
	json_object('Lead Source', "Lead Source"), 'new', 1, 0, 0
FROM r.leads;
INSERT OR IGNORE INTO phones (lead_id, e164, raw, kind, type, region, valid, import_id, created_at)
SELECT rowid, '+' || replace(replace(replace(replace(replace(replace(Phone, '.', ''), '-', ''),
	' ', ''), '+', ''), '(', ''), ')', ''), Phone, 'phone', 'fixed_line', 'US', 1, 1, 0
FROM r.leads WHERE Phone <> '';
INSERT OR IGNORE INTO phones (lead_id, e164, raw, kind, type, region, valid, import_id, created_at)
SELECT rowid, '+' || replace(replace(replace(replace(replace(replace(Mobile, '.', ''), '-', ''),
	' ', ''), '+', ''), '(', ''), ')', ''), Mobile, 'mobile', 'mobile', 'US', 1, 1, 0
FROM r.leads WHERE Mobile <> '';
UPDATE imports SET status = 'done' WHERE id = 1;
COMMIT;
