-- 005_outreach.sql — carrying out the tasks beyond the phone: emails through
-- an outbox, opt-outs, printed notes, the calendar feed, webhooks.

-- The rep's one-line reason for calling ({{user.purpose}}), their address
-- for email (users.email, from 001), and the hash of their calendar feed's
-- secret (BLAKE2b, as sessions): the feed URL is shown once when made.
ALTER TABLE users ADD COLUMN purpose TEXT;
ALTER TABLE users ADD COLUMN ical_hash BLOB;
CREATE UNIQUE INDEX users_ical ON users(ical_hash) WHERE ical_hash IS NOT NULL;

-- Why a task could not be carried out when it was due ("no value for
-- {{lead.first_name}}", "the lead has no email address", "the address has
-- opted out"), and when; the task stays open for the rep to fix or close.
ALTER TABLE tasks ADD COLUMN hold_reason TEXT;
ALTER TABLE tasks ADD COLUMN hold_at INTEGER;

-- Email waiting to go, going, or gone: the rendered parts, checked when
-- queued and built into a message at delivery (an invitation's calendar part
-- from meeting_at and meeting_zone). Delivery retries with backoff until it
-- is sent or fails for good. A sent email is a touch.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	task_id INTEGER REFERENCES tasks(id),
	lead_id INTEGER NOT NULL REFERENCES leads(id),
	user_id INTEGER REFERENCES users(id),
	kind TEXT NOT NULL CHECK (kind IN ('email', 'invite')),
	template TEXT,
	from_name TEXT NOT NULL,
	from_addr TEXT NOT NULL,
	to_name TEXT,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	optout_url TEXT,
	meeting_at INTEGER,
	meeting_zone TEXT,
	source_touch INTEGER REFERENCES touches(id), -- an invitation: the meeting's touch
	status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_try_at INTEGER NOT NULL,
	last_error TEXT,
	created_at INTEGER NOT NULL,
	sent_at INTEGER,
	touch_id INTEGER REFERENCES touches(id)
);
CREATE INDEX outbox_due ON outbox(status, next_try_at);
CREATE INDEX outbox_lead ON outbox(lead_id);
-- One invitation per meeting, however many dispatchers run at once.
CREATE UNIQUE INDEX outbox_invite ON outbox(source_touch) WHERE source_touch IS NOT NULL;

-- The opt-out link of each email: the token names the address; using it
-- suppresses the address (suppressions kind 'email', source 'opt_out').
-- Only the token's hash is kept (BLAKE2b, as sessions): a copy of the
-- database holds no working link.
CREATE TABLE optout_links (
	token_hash BLOB PRIMARY KEY,
	email TEXT NOT NULL,
	lead_id INTEGER REFERENCES leads(id),
	created_at INTEGER NOT NULL,
	used_at INTEGER
);

-- Webhooks: where events go, signed with the secret; private destinations
-- only when an admin allowed them. Deliveries retry with backoff.
CREATE TABLE webhooks (
	id INTEGER PRIMARY KEY,
	url TEXT NOT NULL,
	secret TEXT NOT NULL,
	events TEXT NOT NULL,                -- comma-separated: meeting.booked,dnc.requested,import.finished
	allow_private INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	disabled_at INTEGER
);
CREATE TABLE webhook_deliveries (
	id INTEGER PRIMARY KEY,
	webhook_id INTEGER NOT NULL REFERENCES webhooks(id),
	event TEXT NOT NULL,
	body TEXT NOT NULL,                  -- JSON
	status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'delivered', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_try_at INTEGER NOT NULL,
	last_status INTEGER,
	last_error TEXT,
	created_at INTEGER NOT NULL,
	delivered_at INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_try_at);
