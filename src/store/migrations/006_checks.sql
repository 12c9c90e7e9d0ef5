-- 006_checks.sql — the same CHECK constraints, written so that checking them
-- costs no temporary table.
--
-- SQLite checks 'x IN (a, b, c)' with more than two values by building an
-- ephemeral b-tree of the values each time a statement runs (EXPLAIN shows an
-- OpenEphemeral): for an INSERT into leads or tasks that is two b-trees made,
-- filled and freed per row. Measured before this change: about 8% of a 1M-row
-- import (bench/import) and a share of every next and log (bench/http).
-- 'x = a OR x = b OR x = c' accepts exactly the same values and compiles to
-- comparisons.
--
-- The stored rows do not change, so the table definitions are edited in
-- place, the way SQLite documents for changes that leave the file's content
-- as it is ("Making Other Kinds Of Table Schema Changes", lang_altertable):
-- writable_schema, then a schema change (the CREATE and DROP of a scratch
-- table) so that every connection reads the new definitions. The connection
-- that ran this reopens after migrating (hw_store_sqlite_open);
-- tests/unit/test_store.c checks that no statement still builds one and that
-- the constraints still refuse what they refused.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql =
replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(sql,
	'CHECK (role IN (''rep'', ''manager'', ''admin''))',
	'CHECK (role = ''rep'' OR role = ''manager'' OR role = ''admin'')'),
	'CHECK (status IN (''running'', ''done'', ''undone''))',
	'CHECK (status = ''running'' OR status = ''done'' OR status = ''undone'')'),
	'CHECK (tz_source IN (''explicit'', ''address'', ''phone''))',
	'CHECK (tz_source = ''explicit'' OR tz_source = ''address'' OR tz_source = ''phone'')'),
	'CHECK (status IN
		(''new'', ''working'', ''meeting'', ''nurture'', ''disqualified'', ''do_not_contact''))',
	'CHECK (status = ''new'' OR status = ''working'' OR status = ''meeting''
		OR status = ''nurture'' OR status = ''disqualified'' OR status = ''do_not_contact'')'),
	'CHECK (channel IN
		(''email'', ''note'', ''letter'', ''linkedin'', ''voicemail'', ''opener''))',
	'CHECK (channel = ''email'' OR channel = ''note'' OR channel = ''letter''
		OR channel = ''linkedin'' OR channel = ''voicemail'' OR channel = ''opener'')'),
	'CHECK (channel IN
		(''call'', ''voicemail'', ''email'', ''linkedin'', ''note'', ''letter''))',
	'CHECK (channel = ''call'' OR channel = ''voicemail'' OR channel = ''email''
		OR channel = ''linkedin'' OR channel = ''note'' OR channel = ''letter'')'),
	'CHECK (status IN (''open'', ''done'', ''cancelled''))',
	'CHECK (status = ''open'' OR status = ''done'' OR status = ''cancelled'')'),
	'CHECK (kind IN (''phone'', ''email'', ''domain''))',
	'CHECK (kind = ''phone'' OR kind = ''email'' OR kind = ''domain'')'),
	'CHECK (source IN
		(''national_registry'', ''internal_request'', ''wrong_number'', ''opt_out'', ''manual''))',
	'CHECK (source = ''national_registry'' OR source = ''internal_request''
		OR source = ''wrong_number'' OR source = ''opt_out'' OR source = ''manual'')'),
	'CHECK (status IN (''queued'', ''sent'', ''failed''))',
	'CHECK (status = ''queued'' OR status = ''sent'' OR status = ''failed'')'),
	'CHECK (status IN (''queued'', ''delivered'', ''failed''))',
	'CHECK (status = ''queued'' OR status = ''delivered'' OR status = ''failed'')')
WHERE type = 'table' AND name IN
	('users', 'imports', 'leads', 'templates', 'touches', 'tasks', 'suppressions', 'outbox',
	 'webhook_deliveries');
PRAGMA writable_schema = OFF;
CREATE TABLE schema_bump (x);
DROP TABLE schema_bump;
