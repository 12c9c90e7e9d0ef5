/*
 * main.c — hawser's entry: global options, then one command from the table.
 */
#include "cli/cli.h"
#include "core/workjson.h"
#include "io/dnc_set.h"

#include <malloc.h> /* mallopt */
#include <stdio.h>  /* printf */
#include <stdlib.h> /* getenv */
#include <string.h> /* strcmp */
#include <time.h>   /* time */

/* Sorted by name, as --help lists them. */
const hw_cmd hw_cli_commands[] = {
	{"agenda", "agenda [--user U] [--day YYYY-MM-DD]", "the day's callbacks and tasks by time",
	 "Lists the tasks due on a day (default today, in the user's time zone): calls,\n"
	 "callbacks (marked CALLBACK: a time the prospect or a gatekeeper gave), and\n"
	 "emails, LinkedIn messages, notes and letters with their template.\n"
	 "  --user U        only U's leads (owned by U or held by U)\n"
	 "  --day D         another day, YYYY-MM-DD\n",
	 hw_cmd_agenda},
	{"cadence", "cadence show | check FILE | load FILE", "the persistence rules: show, check, load",
	 "The cadence maps a call's outcome (and the lead's history) to the next tasks.\n"
	 "It is text a team can edit: 'hawser cadence show > team.cadence', edit,\n"
	 "'hawser cadence check team.cadence' (errors as FILE:LINE), then\n"
	 "'hawser cadence load team.cadence' makes it the default. See hawser(1),\n"
	 "CADENCES, for the rule language.\n",
	 hw_cmd_cadence},
	{"consent", "consent add NUMBER --type T --source S [--date D] --user U | list [NUMBER] |\n"
		    "       consent revoke ID --user U",
	 "record a consent to be called at a number",
	 "A consent exempts a number from a national do-not-call registry, never from\n"
	 "the internal list: 'written' (a signed agreement, until revoked),\n"
	 "'ebr_purchase' (an established business relationship, 18 months from the\n"
	 "purchase, delivery or payment) or 'ebr_inquiry' (3 months from an inquiry or\n"
	 "application). Recorded for every lead with the number; a manager or admin\n"
	 "records and revokes them; each is audited.\n"
	 "  --type T        written, ebr_purchase, ebr_inquiry\n"
	 "  --source S      where it came from (signed form, order number, …)\n"
	 "  --date D        when it was given, YYYY-MM-DD (default today)\n"
	 "  --user U        who records it (a manager or admin)\n",
	 hw_cmd_consent},
	{"demo", "demo [--rows N] [--mix us|intl] [--seed N] [--csv FILE]",
	 "create a demo database with fictional leads",
	 "Generates a realistic, entirely fictional lead list (names, titles, companies,\n"
	 "industries, several countries and time zones) and imports it into --db. Every\n"
	 "phone number lies in a range reserved for fiction (NANP 555-01XX, Ofcom's drama\n"
	 "ranges, ACMA's fictional ranges), so the demo can never ring a real person.\n"
	 "With --csv FILE it only writes the list to FILE and imports nothing.\n"
	 "With --registry FILE it only writes a fictional do-not-call registry full\n"
	 "list for the database's North American leads (about one number in eight,\n"
	 "every area code covered) for 'hawser dnc load'.\n"
	 "  --rows N        rows to generate (default 500)\n"
	 "  --mix us|intl   US-heavy or international (default intl)\n"
	 "  --seed N        the generator's seed (default 1)\n",
	 hw_cmd_demo},
	{"dnc", "dnc load FILE... [--list us|ca] [--date D] [--full|--change|--additions|--deletions]\n"
		"       dnc check NUMBER | add NUMBER --user U [--reason R] |\n"
		"       dnc remove NUMBER --user ADMIN --reason R | status | config --max-age N",
	 "the do-not-call lists: national registries and the internal list",
	 "load reads the files sellers download from a national registry (the US\n"
	 "registry's full lists per area code or whole, and change lists; Canada's\n"
	 "DNCL the same way with --list ca): flat text, one number per line as\n"
	 "NPA,NXXXXXX or ten digits, zipped or not; a change list line carries an A or D\n"
	 "flag. A full list replaces the area codes it holds. Format errors name\n"
	 "FILE:LINE and change nothing. The copy becomes an index file next to the\n"
	 "database (DB.dnc-us), which a running server picks up within a second, and\n"
	 "every lead number is scrubbed against it again. A number on a registry is\n"
	 "never offered for a call, unless a consent exempts it; once a copy is older\n"
	 "than 31 days (config --max-age), its numbers are not offered at all.\n"
	 "check says whether a number may be called and why. add puts a number on the\n"
	 "internal list (a manager or admin): every lead with it stops at once, all its\n"
	 "numbers with it. remove lifts a number: an admin only, with a written reason;\n"
	 "both are audited.\n"
	 "  --list L        us (default) or ca\n"
	 "  --date D        the day the copy was downloaded, YYYY-MM-DD (default today)\n"
	 "  --full          every file is a full list (default: a full list unless its\n"
	 "                  lines carry A/D flags)\n"
	 "  --change        files are change lists with A/D flags\n"
	 "  --additions, --deletions  change-list files without flags\n",
	 hw_cmd_dnc},
	{"export", "export [--status S] [--out FILE]", "write leads as spreadsheet-safe CSV",
	 "Writes leads as CSV (RFC 4180, UTF-8) to stdout or --out FILE. Cells that start\n"
	 "with = + - @ or a tab are prefixed with an apostrophe so no spreadsheet reads\n"
	 "them as formulas (hawser import strips it again).\n"
	 "  --status S      only leads in status S (new, working, meeting, nurture,\n"
	 "                  disqualified, do_not_contact)\n",
	 hw_cmd_export},
	{"icp", "icp show | check FILE | load FILE", "the ICP fit rules: show, check, load",
	 "The Ideal Customer Profile rules score each lead 0-100 from its title,\n"
	 "industry, company size and region; the queue offers the best fit first. Text\n"
	 "a team can edit, checked with FILE:LINE errors. Imports score with the rules\n"
	 "in force; leads imported before keep their score until enrolled again.\n",
	 hw_cmd_icp},
	{"import", "import FILE [--region R] [--map 'Column=field']... [--delimiter C]\n"
		   "       import --resume ID | --undo ID",
	 "import a CSV lead list",
	 "Imports a lead list: CSV with ',' ';' or tab, UTF-8 (with or without BOM) or\n"
	 "Windows-1252/Latin-1 (converted, with a warning). Columns are recognised by the\n"
	 "names vendors and CRMs use; unknown columns are kept as custom fields. Phone\n"
	 "numbers become E.164; time zones come from a time-zone column, else the address,\n"
	 "else the phone prefix. Duplicates (same number or email) merge into one lead.\n"
	 "Bad rows are rejected, with FILE:LINE:COLUMN and the reason, into\n"
	 "FILE.rejects.csv next to the input; the rest of the file is imported.\n"
	 "  --region R      country for numbers written without a country code\n"
	 "                  (used when the row has no country column)\n"
	 "  --map 'Col=f'   read column Col as field f (first_name, last_name, full_name,\n"
	 "                  title, company, email, linkedin, website, street, city,\n"
	 "                  state, postal_code, country, time_zone, industry, employees,\n"
	 "                  notes, phone, mobile, direct, work, home, other, custom,\n"
	 "                  ignore); may be repeated\n"
	 "  --delimiter C   ',' ';' or 'tab' instead of sniffing\n"
	 "  --batch N       rows per transaction (default 50000)\n"
	 "  --resume ID     finish an import that was interrupted (crash, kill)\n"
	 "  --undo ID       remove what import ID created and restore merged leads\n",
	 hw_cmd_import},
	{"imports", "imports", "list imports with their status and counts",
	 "Lists every import: id, status (running, done, undone), the file and counts.\n"
	 "An import still 'running' that no process is running was interrupted:\n"
	 "finish it with 'hawser import --resume ID' or remove it with --undo ID.\n",
	 hw_cmd_imports},
	{"lead", "lead show ID", "show one lead with its phones and history",
	 "Shows a lead: name, title, company, contact details, phones (E.164, type,\n"
	 "validity, do-not-call), time zones and where they came from, status, custom\n"
	 "fields and the history of touches.\n",
	 hw_cmd_lead},
	{"mail", "mail show | mail config [--smtp URL] [--smtp-user U] [--smtp-password P]\n"
		 "       [--starttls 1|0] [--insecure 1|0] [--company NAME] [--address TEXT]\n"
		 "       [--public-url URL]",
	 "the settings sales email is sent with",
	 "Shows or sets how email goes out. --smtp is the server (smtp://host:587,\n"
	 "smtps://host:465; nothing is sent while it is unset), --smtp-user and\n"
	 "--smtp-password its AUTH ('-' reads it from stdin), --starttls 1 requires\n"
	 "STARTTLS. Every sales email\n"
	 "carries --company and --address (the postal address; email waits, held, until it\n"
	 "is set) and an opt-out link under --public-url, where 'hawser serve' is reached.\n",
	 hw_cmd_mail},
	{"lint", "lint [FILE...] | lint --rules", "check openers and templates for dishonest phrases",
	 "Reads every stored template and opener (or the FILEs given) for phrases the\n"
	 "practice warns against: \"I'm not trying to sell you anything\", \"I think we\n"
	 "were disconnected\", \"returning your call\", a survey as a pretext, … Each\n"
	 "finding is printed as WHERE:LINE:COL with why it is dishonest and what to say\n"
	 "instead; the exit status is 3 when there is one. --rules lists the rules.\n",
	 hw_cmd_lint},
	{"log", "log LEAD OUTCOME [--reason R] [--at TIME] [--note TEXT] [--user U]",
	 "record what happened on a call; prints the tasks planned",
	 "Records a call's outcome for LEAD, closes the call task being worked, and lets\n"
	 "the cadence plan the next touches, printed with the rule and the reason.\n"
	 "OUTCOME: no_answer, busy, voicemail, gatekeeper, brush_off, not_interested,\n"
	 "callback, conversation, meeting, wrong_number, bad_number, do_not_call.\n"
	 "A do-not-call request suppresses every number of the lead at once, ends all\n"
	 "its tasks and is audited. The touch is written durably before hawser answers.\n"
	 "  --reason R      not_interested: timing, no_need, no_fit, has_provider, other\n"
	 "  --at TIME       the better time (gatekeeper), callback or meeting time:\n"
	 "                  HH:MM or YYYY-MM-DDTHH:MM in the lead's local time, or\n"
	 "                  ISO 8601 with a zone\n"
	 "  --note TEXT     what was said\n"
	 "  --next TEXT     a conversation's agreed next step (kept in the note)\n"
	 "  --objection O   no_time, not_interested, no_need, has_provider, price,\n"
	 "                  send_info, not_decision_maker, bad_timing, other\n"
	 "  --name N        the gatekeeper's name\n"
	 "  --phone E164    the number dialed (default: the lead's first dialable one)\n"
	 "  --duration S    call length in seconds\n"
	 "  --user U        who called\n",
	 hw_cmd_log},
	{"leads", "leads [--status S] [--limit N] [--after ID]", "list leads",
	 "Lists leads, one per line (id, status, name, company, first phone, zones).\n"
	 "  --status S      only leads in status S\n"
	 "  --limit N       at most N leads (default 50; 0 for all)\n"
	 "  --after ID      leads with an id above ID (paging)\n",
	 hw_cmd_leads},
	{"next", "next --user U", "the next lead to call now, held for you",
	 "Gives U the best lead that may be called now: due callbacks at their time\n"
	 "first, then due calls by priority (ICP fit, engagement) and due time; new\n"
	 "leads enter by ICP fit when nothing is due. Only leads inside their legal\n"
	 "calling window in every possible time zone, outside quiet times, under the\n"
	 "caps and not on a do-not-call list are offered. The lead is held (leased) for\n"
	 "U for five minutes; asking again gives the same lead until it is logged.\n",
	 hw_cmd_next},
	{"notes", "notes print [--day YYYY-MM-DD] [--user U] [--out FILE]",
	 "the day's note cards and letters as one PDF",
	 "Renders the note and letter tasks due by the end of the day (the user's\n"
	 "time zone; everyone's without --user) into one PDF (--out, notes.pdf): note\n"
	 "cards of 5 x 7 inches, letters on US Letter, each addressed, ready to sign.\n"
	 "The printed tasks are marked done, each a touch. A task whose template cannot\n"
	 "be filled in (a field without a value) is held with the reason and left out.\n",
	 hw_cmd_notes},
	{"outbox", "outbox [--lead ID] [--limit N]", "email queued, sent and failed",
	 "Lists the outbox, newest first: each email's lead, status, attempts, subject and\n"
	 "the last error.\n",
	 hw_cmd_outbox},
	{"policy", "policy show | check FILE | load FILE", "the calling policy: show, check, load",
	 "The calling policy: legal windows per jurisdiction in the called party's local\n"
	 "time, caps per rolling 24 hours, quiet windows, business days, holidays and\n"
	 "the time blocks retries rotate through. Text a team can edit, checked with\n"
	 "FILE:LINE errors; see hawser(1), POLICY.\n",
	 hw_cmd_policy},
	{"records", "records [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]",
	 "the call records, as CSV for an audit",
	 "Writes every call and voicemail as the Telemarketing Sales Rule expects them\n"
	 "kept: time (UTC), user, lead, number dialed, caller ID presented, duration,\n"
	 "outcome, script or template, and the list that blocked the number when the\n"
	 "call was logged, if one did. Records cannot be changed, nor deleted before\n"
	 "five years (the database refuses). Spreadsheet-safe CSV.\n"
	 "  --from D, --to D  the days to include (UTC, both inclusive)\n"
	 "  --out FILE      write to FILE instead of stdout\n",
	 hw_cmd_records},
	{"send", "send [--once] [--every SECONDS]", "send due email and webhook deliveries",
	 "Renders the email tasks that are due into the outbox (or holds a task with the\n"
	 "reason it cannot go: a field without a value, no address, an opt-out), queues\n"
	 "an invitation for each meeting just booked, delivers the outbox over SMTP\n"
	 "(retrying with backoff: 1, 5, 30 minutes, 2, 6, 24 hours) and the webhook\n"
	 "deliveries. Each sent email is a touch. --once does one pass; otherwise it runs\n"
	 "every --every seconds (30) until stopped. 'hawser serve' does the same itself.\n",
	 hw_cmd_send},
	{"serve", "serve [--listen HOST:PORT] [--threads N] [--send-every SECONDS]",
	 "the HTTP API and the web screens",
	 "Serves the JSON API (/api/v1, described at /api/v1/openapi.json), the web\n"
	 "calling screen and the other screens (/), /healthz and /metrics (loopback).\n"
	 "Sign in with a user that has a password ('hawser user add LOGIN --password-stdin').\n"
	 "Stops gracefully on SIGTERM or Ctrl-C: requests in flight finish, running\n"
	 "imports complete. With --now, the server's clock starts at that time.\n"
	 "  --listen A      address and port (default 127.0.0.1:8080; port 0: any free one)\n"
	 "  --threads N     worker threads (default: one per core)\n"
	 "  --web-dir DIR   serve the web files from DIR instead of the binary (development)\n"
	 "  --data-dir DIR  where uploads are kept (default: the database path + .uploads)\n"
	 "  --send-every S  send due email, invitations and webhooks every S seconds (default 15; 0: off)\n",
	 hw_cmd_serve},
	{"session", "session --user U", "a calling session: one card, one key per outcome",
	 "Works the queue in the terminal, one lead at a time: a header with the day's\n"
	 "goal and streak, the lead's card (as 'next' shows it) with the number to dial\n"
	 "and an opener, then one key for what happened:\n"
	 "  n no answer  b busy  v voicemail  g gatekeeper  h brush-off or hang-up\n"
	 "  x not interested  c callback  t conversation  m meeting  w wrong number\n"
	 "  d bad number  s do-not-call request\n"
	 "hawser then asks only for what the outcome needs (a time in the lead's local\n"
	 "time, a reason, the gatekeeper's name, a note when someone answered; Enter\n"
	 "skips what is optional, Esc cancels), logs it, shows the tasks planned and\n"
	 "offers the next lead. ? help, r redraw, q quit: the lead on the card is not\n"
	 "given back, its hold simply expires. With no TTY on stdin each key or answer\n"
	 "is one line, so a session can be scripted.\n",
	 hw_cmd_session},
	{"stats", "stats [--user U] [--since DATE]", "the numbers: funnel, persistence, hours, streak",
	 "Dials, connects, conversations, meetings and the rates between them; dials per\n"
	 "meeting; on which attempt leads were first reached; connect rate by the\n"
	 "lead's local hour; objections ranked; rejections since the last yes; the\n"
	 "daily goal and the streak of business days it was met.\n",
	 hw_cmd_stats},
	{"task", "task show ID | task done ID --user U [--note TEXT]",
	 "a task's text; mark a LinkedIn message, note or letter done",
	 "'task show' prints the task's template filled in for its lead (a LinkedIn\n"
	 "task with the profile link), or why it cannot be. 'task done' records that\n"
	 "the rep did it by hand (a touch) and closes the task. Calls are logged with\n"
	 "'hawser log' instead.\n",
	 hw_cmd_task},
	{"template", "template list | show NAME | fields | set NAME --channel C [--subject S] FILE",
	 "the templates and openers: list, show, save",
	 "Templates are the texts of emails, notes, letters, LinkedIn messages,\n"
	 "voicemail scripts and call openers. 'set' saves FILE as template NAME (new or\n"
	 "replacing it); phrases the honesty check flags are printed as warnings (see\n"
	 "'hawser lint'), and the template is saved. Merge fields ({{lead.first_name}},\n"
	 "{{lead.first_name|there}} with a fallback) are checked: an unknown or malformed\n"
	 "field refuses the template with its line and column; 'template fields' lists\n"
	 "them.\n"
	 "  --channel C     email, note, letter, linkedin, voicemail, opener\n"
	 "  --subject S     the subject line (email)\n",
	 hw_cmd_template},
	{"user", "user add LOGIN [--name N] [--role rep|manager|admin] [--tz ZONE] [--goal N]\n"
		 "       [--caller-id E164] [--team T] [--password-stdin]\n"
		 "       user token LOGIN [--name N]\n"
		 "       user callerid LOGIN NUMBER [--user ADMIN] | user callerid LOGIN --clear\n"
		 "       user profile LOGIN [--email ADDRESS] [--purpose TEXT] | user ical LOGIN",
	 "add a user, give them a token or a verified caller ID",
	 "Adds a user. --tz is the user's time zone (their agenda's days), --goal the\n"
	 "dials per day, --caller-id the company's number presented when they call\n"
	 "(verified by whoever adds the user; without one a user may not call), --team the\n"
	 "team (created if new; a manager sees their team's leads). With\n"
	 "--password-stdin the first line of stdin is the password for signing in to\n"
	 "'hawser serve' (8 characters at least; stored as an argon2id hash). The first\n"
	 "admin is made so: echo 'a long secret' | hawser user add boss --role admin\n"
	 "--password-stdin\n"
	 "'user token LOGIN' prints a new API token for LOGIN (shown once; send it as\n"
	 "'Authorization: Bearer TOKEN' to 'hawser serve'), named by --name.\n"
	 "'user callerid LOGIN NUMBER' sets and verifies LOGIN's one outbound number\n"
	 "(an admin, named by --user, vouches that it is the company's); there is no\n"
	 "per-call caller ID and no rotating 'local presence'. Audited.\n"
	 "'user profile LOGIN' sets the address LOGIN's sales email comes from and the\n"
	 "one line of why they call ({{user.purpose}}). 'user ical LOGIN' prints a new\n"
	 "secret calendar link with LOGIN's callbacks and meetings (the old one stops).\n",
	 hw_cmd_user},
	{"webhook", "webhook add URL --events E[,E] [--secret S] [--allow-private] | list |\n"
		    "       remove ID | deliveries [ID]",
	 "tell other systems about meetings, do-not-call requests, imports",
	 "Events (meeting.booked, dnc.requested, import.finished) are POSTed as JSON to\n"
	 "each webhook that takes them, signed: X-Hawser-Signature is sha256=HMAC-SHA256\n"
	 "of TIMESTAMP.BODY with the webhook's secret (shown once when added).\n"
	 "Deliveries retry with backoff. Private, loopback and link-local destinations\n"
	 "are refused unless --allow-private.\n",
	 hw_cmd_webhook},
	{"users", "users", "list users", "Lists users with their role, goal and time zone.\n",
	 hw_cmd_users},
	{"why", "why LEAD", "may the lead be called now? if not, why and when",
	 "Explains whether LEAD may be called now and, if not, why and when it next may:\n"
	 "do-not-call, status, no planned call, a call not yet due, held by another\n"
	 "rep, outside the legal window, in a quiet time, a cap reached, or an unknown\n"
	 "location.\n",
	 hw_cmd_why},
	{NULL, NULL, NULL, NULL, NULL},
};

static void print_help(void)
{
	printf("hawser %s — cold-calling prospecting\n\n"
	       "usage: hawser [--db PATH] [--json] [--now TIME] COMMAND [ARGS]\n\n"
	       "commands:\n",
	       HW_VERSION);
	for (const hw_cmd *p = hw_cli_commands; p->zName; p++)
		printf("  %-10s %s\n", p->zName, p->zSummary);
	printf("\nglobal options:\n"
	       "  --db PATH   the database (default $HAWSER_DB, else ./hawser.db)\n"
	       "  --json      print one JSON object instead of text\n"
	       "  --now TIME  what 'now' is, ISO 8601 (default: the clock)\n"
	       "  --help      this help; 'hawser help COMMAND' for one command\n"
	       "  --version   the version\n\n"
	       "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input, 4 not found,\n"
	       "5 conflict, 6 file error, 7 database error. See hawser(1).\n");
}

static const hw_cmd *find_cmd(const char *zName)
{
	for (const hw_cmd *p = hw_cli_commands; p->zName; p++)
		if (strcmp(p->zName, zName) == 0)
			return p;
	return NULL;
}

static int help_cmd(const char *zName)
{
	const hw_cmd *p = find_cmd(zName);
	if (!p) {
		fprintf(stderr, "hawser: no command '%s'; 'hawser --help' lists them\n", zName);
		return hw_cli_exit_code(HW_EUSAGE);
	}
	printf("usage: hawser %s\n\n%s", p->zUsage, p->zHelp);
	return 0;
}

static hw_time wall_now(void *pCtx)
{
	(void)pCtx;
	return (hw_time)time(NULL);
}

static hw_time fixed_now(void *pCtx)
{
	return *(const hw_time *)pCtx;
}

int main(int argc, char **argv)
{
	hw_cli cli = {.zDb = getenv("HAWSER_DB")};
	char **azRest = calloc((size_t)argc + 1, sizeof *azRest);
	int nRest = 0, bDashes = 0, rc;
	const char *zNow = NULL;

	if (!azRest)
		return hw_cli_exit_code(HW_ENOMEM);
	/*
	 * Keep freed memory: SQLite frees a statement's scratch b-trees and
	 * buffers when it ends, and glibc would hand a thread's heap top back to
	 * the kernel each time (madvise) and fault it in again on the next
	 * statement, with a TLB shootdown that stops the other core. That was a
	 * quarter of the server's CPU under load (bench/http) and 4% of an
	 * import's writer (bench/import).
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	if (!cli.zDb || !cli.zDb[0])
		cli.zDb = "hawser.db";
	/* Global options may stand anywhere, so 'hawser import f.csv --json' works. */
	for (int i = 1; i < argc; i++) {
		const char *z = argv[i];
		if (bDashes) {
			azRest[nRest++] = argv[i];
		} else if (strcmp(z, "--") == 0) {
			bDashes = 1;
			azRest[nRest++] = argv[i];
		} else if (strcmp(z, "--json") == 0) {
			cli.bJson = 1;
		} else if ((strcmp(z, "--db") == 0 || strcmp(z, "--now") == 0) && i + 1 < argc) {
			*(z[2] == 'd' ? &cli.zDb : &zNow) = argv[++i];
		} else if (strncmp(z, "--db=", 5) == 0) {
			cli.zDb = z + 5;
		} else if (strncmp(z, "--now=", 6) == 0) {
			zNow = z + 6;
		} else if (strcmp(z, "--db") == 0 || strcmp(z, "--now") == 0) {
			fprintf(stderr, "hawser: %s needs a value\n", z);
			free(azRest);
			return hw_cli_exit_code(HW_EUSAGE);
		} else {
			azRest[nRest++] = argv[i];
		}
	}
	cli.clock.xNow = wall_now;
	if (zNow) {
		if (hw_parse_time(zNow, &cli.tNow) != HW_OK) {
			fprintf(stderr, "hawser: --now '%s' is not an ISO 8601 time "
					"(e.g. 2026-11-23T14:05:00Z)\n",
				zNow);
			free(azRest);
			return hw_cli_exit_code(HW_EUSAGE);
		}
		cli.clock.xNow = fixed_now;
		cli.clock.pCtx = &cli.tNow;
	}
	cli.argc = nRest;
	cli.argv = azRest;

	if (nRest == 0 || strcmp(azRest[0], "--help") == 0 || strcmp(azRest[0], "-h") == 0) {
		print_help();
		rc = nRest == 0 ? hw_cli_exit_code(HW_EUSAGE) : 0;
	} else if (strcmp(azRest[0], "--version") == 0 || strcmp(azRest[0], "version") == 0) {
		printf("hawser %s\n", HW_VERSION);
		rc = 0;
	} else if (strcmp(azRest[0], "help") == 0) {
		if (nRest > 1)
			rc = help_cmd(azRest[1]);
		else
			print_help(), rc = 0;
	} else {
		const hw_cmd *pCmd = find_cmd(azRest[0]);
		if (!pCmd) {
			fprintf(stderr, "hawser: unknown command '%s'; 'hawser --help' lists them\n",
				azRest[0]);
			rc = hw_cli_exit_code(HW_EUSAGE);
		} else if (nRest > 1 && (strcmp(azRest[1], "--help") == 0 ||
					 strcmp(azRest[1], "-h") == 0)) {
			rc = help_cmd(pCmd->zName);
		} else {
			rc = pCmd->xRun(&cli);
		}
	}
	hw_dnc_set_close(cli.pDnc);
	free(azRest);
	return rc;
}
