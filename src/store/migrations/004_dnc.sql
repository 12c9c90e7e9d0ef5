-- 004_dnc.sql — national do-not-call registries, consent, call records and
-- caller ID (the Telemarketing Sales Rule's record keeping).

-- The registry that listed the number when it was last scrubbed ('us',
-- 'ca'); NULL: none. Import flags, never drops: the queue scrubs again.
ALTER TABLE phones ADD COLUMN registry TEXT;
ALTER TABLE phones ADD COLUMN registry_at INTEGER;
-- Rows of an import with a number on a national registry.
ALTER TABLE imports ADD COLUMN registry INTEGER NOT NULL DEFAULT 0;

-- Consent per phone: type (core/registry.c: written, ebr_purchase,
-- ebr_inquiry), when given, where it came from; until when it exempts the
-- number from a national registry (NULL: until revoked).
ALTER TABLE consents ADD COLUMN expires_at INTEGER;
ALTER TABLE consents ADD COLUMN revoked_at INTEGER;
ALTER TABLE consents ADD COLUMN created_by INTEGER REFERENCES users(id);
ALTER TABLE consents ADD COLUMN created_at INTEGER;
CREATE INDEX consents_phone ON consents(phone_id);

-- A call logged to a number that a list blocked at that moment (the list
-- was updated between the offer and the dial): 'us', 'ca', 'internal',
-- 'us-stale'. The call is recorded as it happened, and audited.
ALTER TABLE touches ADD COLUMN registry TEXT;

ALTER TABLE users ADD COLUMN caller_id_verified_at INTEGER;

-- The number the queue offered with the lease: the call logged without a
-- number was to this one (the records must name the number dialed).
ALTER TABLE tasks ADD COLUMN dial TEXT;

-- Every registry file loaded: the copy's date is the record of diligence.
CREATE TABLE dnc_loads (
	id INTEGER PRIMARY KEY,
	list TEXT NOT NULL,                  -- 'us', 'ca'
	file TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('full', 'change')),
	copy_date INTEGER NOT NULL,          -- the registry copy's date
	lines INTEGER NOT NULL,
	added INTEGER NOT NULL,
	deleted INTEGER NOT NULL,
	numbers INTEGER NOT NULL,            -- the list's size afterwards
	user_id INTEGER REFERENCES users(id),
	loaded_at INTEGER NOT NULL
);
CREATE INDEX dnc_loads_list ON dnc_loads(list, loaded_at);

-- Call records are kept as they were, for five years at least.
CREATE TRIGGER touches_keep_delete BEFORE DELETE ON touches
WHEN old.at > unixepoch() - 5 * 366 * 86400
BEGIN
	SELECT RAISE(ABORT, 'touches are call records, kept for five years');
END;
CREATE TRIGGER touches_keep_update BEFORE UPDATE OF lead_id, user_id, channel, outcome, at,
	duration_s, phone_e164, caller_id, template, template_id ON touches
BEGIN
	SELECT RAISE(ABORT, 'touches are call records, kept as they were');
END;
