-- 001_init.sql — the whole domain of DESIGN.md. Times are INTEGER seconds
-- since the Unix epoch (UTC); phone numbers are E.164 text; JSON is TEXT.

CREATE TABLE teams (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	email TEXT,
	role TEXT NOT NULL DEFAULT 'rep' CHECK (role IN ('rep', 'manager', 'admin')),
	team_id INTEGER REFERENCES teams(id),
	caller_id TEXT,                      -- the one outbound number, E.164
	caller_id_verified_by INTEGER REFERENCES users(id),
	time_zone TEXT,
	work_start TEXT NOT NULL DEFAULT '09:00',
	work_end TEXT NOT NULL DEFAULT '17:00',
	daily_goal INTEGER NOT NULL DEFAULT 50,
	password_hash TEXT,
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);

CREATE TABLE imports (
	id INTEGER PRIMARY KEY,
	file TEXT NOT NULL,
	options TEXT NOT NULL DEFAULT '{}',
	bytes INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('running', 'done', 'undone')),
	last_line INTEGER NOT NULL DEFAULT 0,
	rows INTEGER NOT NULL DEFAULT 0,
	imported INTEGER NOT NULL DEFAULT 0,
	merged INTEGER NOT NULL DEFAULT 0,
	rejected INTEGER NOT NULL DEFAULT 0,
	suppressed INTEGER NOT NULL DEFAULT 0,
	started_at INTEGER NOT NULL,
	finished_at INTEGER
);

CREATE TABLE import_rejects (
	id INTEGER PRIMARY KEY,
	import_id INTEGER NOT NULL REFERENCES imports(id),
	line INTEGER NOT NULL,
	col INTEGER NOT NULL,
	field TEXT,
	message TEXT NOT NULL,
	row TEXT NOT NULL                    -- the input row as a JSON array
);
CREATE INDEX import_rejects_import ON import_rejects(import_id, line);

-- What a merge changed, so --undo can put the lead back as it was.
CREATE TABLE import_merges (
	import_id INTEGER NOT NULL REFERENCES imports(id),
	lead_id INTEGER NOT NULL,
	before TEXT NOT NULL,                -- the lead's fields before, JSON
	PRIMARY KEY (import_id, lead_id)
) WITHOUT ROWID;

CREATE TABLE accounts (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,              -- folded name for matching
	domain TEXT,
	industry TEXT,
	employees TEXT,
	country TEXT,
	street TEXT,
	city TEXT,
	state TEXT,
	postal_code TEXT,
	import_id INTEGER REFERENCES imports(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX accounts_name_key ON accounts(name_key);

CREATE TABLE cadences (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	source TEXT NOT NULL,                -- the rules, in the cadence text format
	is_default INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE leads (
	id INTEGER PRIMARY KEY,
	account_id INTEGER REFERENCES accounts(id),
	first_name TEXT,
	last_name TEXT,
	full_name TEXT,
	title TEXT,
	company TEXT,
	email TEXT,                          -- lowercased
	linkedin_url TEXT,
	website TEXT,
	street TEXT,
	city TEXT,
	state TEXT,
	postal_code TEXT,
	country TEXT,                        -- as the list wrote it
	region TEXT,                         -- ISO 3166 alpha-2
	time_zone TEXT,                      -- as the list wrote it
	time_zones TEXT,                     -- possible IANA zones 'A|B'; NULL = unknown
	tz_source TEXT CHECK (tz_source IN ('explicit', 'address', 'phone')),
	industry TEXT,
	employees TEXT,
	research_notes TEXT,
	custom TEXT,                         -- JSON object of unmapped columns
	owner_id INTEGER REFERENCES users(id),
	status TEXT NOT NULL DEFAULT 'new' CHECK (status IN
		('new', 'working', 'meeting', 'nurture', 'disqualified', 'do_not_contact')),
	icp_score INTEGER,
	do_not_call INTEGER NOT NULL DEFAULT 0,
	cadence_id INTEGER REFERENCES cadences(id),
	recycle_at INTEGER,                  -- nurture: back in rotation then
	import_id INTEGER REFERENCES imports(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX leads_email ON leads(email) WHERE email IS NOT NULL;
CREATE INDEX leads_status ON leads(status, id);
CREATE INDEX leads_import ON leads(import_id) WHERE import_id IS NOT NULL;
-- Imported leads have no owner: they stay out of this index.
CREATE INDEX leads_owner ON leads(owner_id, status) WHERE owner_id IS NOT NULL;

CREATE TABLE phones (
	id INTEGER PRIMARY KEY,
	lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	e164 TEXT NOT NULL,
	ext TEXT NOT NULL DEFAULT '',       -- extension digits, '' when none
	raw TEXT,
	kind TEXT NOT NULL,                  -- phone, mobile, direct, work, home, other
	type TEXT NOT NULL,                  -- libphonenumber: mobile, fixed_line, …
	region TEXT,
	valid INTEGER NOT NULL,
	dead INTEGER NOT NULL DEFAULT 0,     -- marked wrong or dead by a call
	import_id INTEGER REFERENCES imports(id),
	created_at INTEGER NOT NULL
);
-- One number, one lead: a number seen again merges into the lead that has it.
-- A switchboard's extensions reach different people, so they count apart.
CREATE UNIQUE INDEX phones_e164 ON phones(e164, ext);
CREATE INDEX phones_lead ON phones(lead_id);
CREATE INDEX phones_import ON phones(import_id) WHERE import_id IS NOT NULL;

CREATE TABLE consents (
	id INTEGER PRIMARY KEY,
	phone_id INTEGER NOT NULL REFERENCES phones(id) ON DELETE CASCADE,
	type TEXT NOT NULL,
	source TEXT NOT NULL,
	given_at INTEGER NOT NULL
);

CREATE TABLE templates (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	channel TEXT NOT NULL CHECK (channel IN
		('email', 'note', 'letter', 'linkedin', 'voicemail', 'opener')),
	subject TEXT,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE touches (
	id INTEGER PRIMARY KEY,
	lead_id INTEGER NOT NULL REFERENCES leads(id),
	user_id INTEGER REFERENCES users(id),
	channel TEXT NOT NULL CHECK (channel IN
		('call', 'voicemail', 'email', 'linkedin', 'note', 'letter')),
	outcome TEXT NOT NULL,
	at INTEGER NOT NULL,
	duration_s INTEGER,
	phone_e164 TEXT,                     -- number dialed
	caller_id TEXT,                      -- number presented
	template_id INTEGER REFERENCES templates(id),
	objection TEXT,
	better_time INTEGER,
	notes TEXT,
	data TEXT                            -- outcome's structured data, JSON
);
CREATE INDEX touches_lead ON touches(lead_id, at);
CREATE INDEX touches_user ON touches(user_id, at);

CREATE TABLE tasks (
	id INTEGER PRIMARY KEY,
	lead_id INTEGER NOT NULL REFERENCES leads(id),
	cadence_id INTEGER REFERENCES cadences(id),
	rule TEXT,                           -- the rule that planned it
	channel TEXT NOT NULL CHECK (channel IN
		('call', 'voicemail', 'email', 'linkedin', 'note', 'letter')),
	template_id INTEGER REFERENCES templates(id),
	due_from INTEGER NOT NULL,
	due_until INTEGER,
	priority INTEGER NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
	leased_by INTEGER REFERENCES users(id),
	lease_until INTEGER,
	refers_to_touch INTEGER REFERENCES touches(id),
	note TEXT,
	created_at INTEGER NOT NULL,
	done_at INTEGER
);
CREATE INDEX tasks_due ON tasks(status, due_from);
CREATE INDEX tasks_lead ON tasks(lead_id, status);

CREATE TABLE suppressions (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'domain')),
	value TEXT NOT NULL,
	source TEXT NOT NULL CHECK (source IN
		('national_registry', 'internal_request', 'wrong_number', 'opt_out', 'manual')),
	reason TEXT,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	lifted_at INTEGER,
	lifted_by INTEGER REFERENCES users(id),
	lift_reason TEXT
);
CREATE UNIQUE INDEX suppressions_active ON suppressions(kind, value) WHERE lifted_at IS NULL;

-- Calling policy: legal windows per jurisdiction, quiet windows, holidays.
CREATE TABLE policy_windows (
	id INTEGER PRIMARY KEY,
	jurisdiction TEXT NOT NULL,          -- 'US', 'US-FL', 'CA', 'AU', 'default'
	days TEXT NOT NULL,                  -- 'mon-fri', 'sat', 'sun'
	start_local TEXT NOT NULL,           -- 'HH:MM' in the called party's time
	end_local TEXT NOT NULL,
	max_per_24h INTEGER
);
CREATE TABLE quiet_windows (
	id INTEGER PRIMARY KEY,
	start_local TEXT NOT NULL,
	end_local TEXT NOT NULL,
	reason TEXT
);
CREATE TABLE holidays (
	day TEXT NOT NULL,                   -- 'YYYY-MM-DD'
	jurisdiction TEXT NOT NULL,
	name TEXT,
	PRIMARY KEY (day, jurisdiction)
);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	user_id INTEGER REFERENCES users(id),
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	object_id INTEGER,
	detail TEXT                          -- JSON
);
CREATE INDEX audit_log_object ON audit_log(object, object_id);
