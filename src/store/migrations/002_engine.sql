-- 002_engine.sql — the persistence engine, the calling policy and the queue.

-- The calling-policy jurisdiction ('US-FL', 'US', 'CA-ON'), set at import
-- from the address; '' or NULL: the policy's default windows.
ALTER TABLE leads ADD COLUMN jurisdiction TEXT;
-- New leads enter the queue best ICP fit first; enrolling one sets its
-- cadence_id, which takes it out of this index.
CREATE INDEX leads_enroll ON leads(icp_score DESC, id)
	WHERE status = 'new' AND owner_id IS NULL AND do_not_call = 0 AND cadence_id IS NULL;

ALTER TABLE phones ADD COLUMN dead_at INTEGER;

-- Tasks: the template by name (templates are data the team edits), why the
-- engine planned it, the task a call refers to (the note sent after a
-- brush-off) and when the queue should look again (ready_at: the first legal
-- moment, so uncallable tasks are not re-examined on every claim).
ALTER TABLE tasks ADD COLUMN template TEXT;
ALTER TABLE tasks ADD COLUMN why TEXT;
ALTER TABLE tasks ADD COLUMN refers_to_task INTEGER REFERENCES tasks(id);
ALTER TABLE tasks ADD COLUMN ready_at INTEGER NOT NULL DEFAULT 0;
-- The queue: whose lead it is (0: nobody's yet) and its class (callbacks,
-- leads in play, new leads; each by ICP band). A claim probes, class by
-- class, the user's tasks and the unowned ones that are ready: every probe
-- is equality on (status, channel, owner_id, class) and a range on ready_at,
-- so it reads only the rows it returns, however many tasks wait.
ALTER TABLE tasks ADD COLUMN owner_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN class INTEGER NOT NULL DEFAULT 0;
DROP INDEX tasks_due;
CREATE INDEX tasks_queue ON tasks(status, channel, owner_id, class, ready_at);
-- The agenda: a day's tasks by due time.
CREATE INDEX tasks_due ON tasks(due_from);
CREATE INDEX tasks_lease ON tasks(leased_by, lease_until) WHERE leased_by IS NOT NULL;

ALTER TABLE touches ADD COLUMN task_id INTEGER REFERENCES tasks(id);
ALTER TABLE touches ADD COLUMN template TEXT;
ALTER TABLE touches ADD COLUMN reason TEXT;
ALTER TABLE touches ADD COLUMN local_hour INTEGER;   -- the lead's local hour
ALTER TABLE touches ADD COLUMN block INTEGER;        -- the policy's time block
ALTER TABLE touches ADD COLUMN reached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE touches ADD COLUMN conversation INTEGER NOT NULL DEFAULT 0;
CREATE INDEX touches_at ON touches(at);

-- The policy and the ICP rules are texts in their own formats (hawser(1),
-- POLICY and ICP); the tables of 001 are replaced by them.
DROP TABLE policy_windows;
DROP TABLE quiet_windows;
DROP TABLE holidays;
CREATE TABLE settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);

-- The templates the default cadence names. Issue 6 fills in merge fields and
-- sends them; until then the agenda shows them for the rep to use.
INSERT INTO templates (name, channel, subject, body, created_at, updated_at) VALUES
('bad-time-note', 'note', 'I called at a bad time',
 'Dear {{lead.first_name}},

I have the feeling I called you at a bad time on {{last_touch.date}}, and I am sorry for that. I was calling because {{user.purpose}}.

May I ask you one question when it suits you better? I will try you again on {{next_call.day}}.

{{user.name}}
{{user.phone}}',
 unixepoch(), unixepoch()),
('voicemail-follow-up', 'email', 'My voicemail today',
 'Hello {{lead.first_name}},

I left you a short voicemail today. In one line: {{user.purpose}}.

Is this something you look after at {{account.name}}, or is there someone better to ask?

{{user.name}}
{{user.phone}}',
 unixepoch(), unixepoch()),
('no-answer-email', 'email', 'Trying to reach you',
 'Hello {{lead.first_name}},

I have tried to reach you by phone a few times. {{user.purpose}}.

Would a short call next week be useful, or should I stop trying?

{{user.name}}
{{user.phone}}',
 unixepoch(), unixepoch()),
('linkedin-connect', 'linkedin', NULL,
 'Hello {{lead.first_name}}, I work with teams like yours at {{account.name}} on {{user.purpose}}. I would be glad to connect.',
 unixepoch(), unixepoch()),
('callback-opener', 'opener', NULL,
 'Hello {{lead.first_name}}, this is {{user.name}}. I sent you a note after I called at a bad time on {{last_touch.date}}. Is now a better moment for one question?',
 unixepoch(), unixepoch()),
('voicemail-script', 'voicemail', NULL,
 'Hello {{lead.first_name}}, this is {{user.name}} at {{user.phone}}. {{user.purpose}}. I will send you a short email as well. Again, {{user.phone}}.',
 unixepoch(), unixepoch());
