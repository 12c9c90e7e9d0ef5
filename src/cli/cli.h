/*
 * cli.h — the command line: global options, the command table, and the
 * helpers every command file (cmd_*.c, one command per file) shares.
 *
 * Global options, accepted anywhere before "--": --db PATH (default
 * $HAWSER_DB, else ./hawser.db), --json (print one JSON object), --now TIME
 * (ISO 8601; what "now" is for time-dependent commands).
 */
#ifndef HW_CLI_CLI_H
#define HW_CLI_CLI_H

#include "core/clock.h"
#include "core/hw.h"
#include "store/store.h"

#include <jansson.h> /* --json output */

typedef struct hw_cli {
	const char *zDb;
	int bJson;
	hw_clock clock;
	hw_time tNow; /* --now, or 0 for the wall clock */
	int argc;     /* the command's own arguments, argv[0] = command name */
	char **argv;
	struct hw_dnc_set *pDnc; /* the registry copies, opened on first use */
} hw_cli;

typedef struct hw_cmd {
	const char *zName;
	const char *zUsage;   /* "import FILE [--region R] [--map 'Col=field']…" */
	const char *zSummary; /* one line for --help */
	const char *zHelp;    /* the paragraph for 'hawser help NAME' */
	int (*xRun)(hw_cli *pCli);
} hw_cmd;

/* The command table, sorted by name; ends with a zeroed entry. */
extern const hw_cmd hw_cli_commands[];

int hw_cmd_import(hw_cli *);
int hw_cmd_imports(hw_cli *);
int hw_cmd_leads(hw_cli *);
int hw_cmd_lead(hw_cli *);
int hw_cmd_export(hw_cli *);
int hw_cmd_demo(hw_cli *);
int hw_cmd_next(hw_cli *);
int hw_cmd_log(hw_cli *);
int hw_cmd_session(hw_cli *);
int hw_cmd_why(hw_cli *);
int hw_cmd_agenda(hw_cli *);
int hw_cmd_stats(hw_cli *);
int hw_cmd_user(hw_cli *);
int hw_cmd_users(hw_cli *);
int hw_cmd_cadence(hw_cli *);
int hw_cmd_policy(hw_cli *);
int hw_cmd_icp(hw_cli *);
int hw_cmd_serve(hw_cli *);
int hw_cmd_dnc(hw_cli *);
int hw_cmd_consent(hw_cli *);
int hw_cmd_records(hw_cli *);
int hw_cmd_lint(hw_cli *);
int hw_cmd_template(hw_cli *);
int hw_cli_user_callerid(hw_cli *); /* user callerid */
int hw_cmd_mail(hw_cli *);
int hw_cmd_send(hw_cli *);
int hw_cmd_outbox(hw_cli *);
int hw_cmd_notes(hw_cli *);
int hw_cmd_task(hw_cli *);
int hw_cmd_webhook(hw_cli *);
int hw_cli_user_profile(hw_cli *); /* user profile */
int hw_cli_user_ical(hw_cli *);    /* user ical */

/* Exit codes, documented in hawser(1): one place maps hw_rc to them. */
int hw_cli_exit_code(hw_rc rc);

/* Print an error to stderr in the one format ("hawser: FILE:LINE:COL: …"),
 * or as {"error": {...}} on stdout with --json. Returns the exit code. */
int hw_cli_fail(hw_cli *pCli, hw_rc rc, const hw_err *pErr);
int hw_cli_usage(hw_cli *pCli, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

/* Open the store named by --db; prints the error itself. */
hw_rc hw_cli_open_store(hw_cli *pCli, hw_store **ppStore);

/* hw_work_open with the database's registry copies; prints the error itself. */
struct hw_work;
hw_rc hw_cli_work_open(hw_cli *pCli, hw_store *pStore, struct hw_work *pW);
/* Both: the store, then the work context on it (the store closed again if
 * that fails); prints the error itself. */
hw_rc hw_cli_open_all(hw_cli *pCli, hw_store **ppStore, struct hw_work *pW);

/* Option parsing inside a command: if argv[*pi] is zName ("--map"), take its
 * value (next argument or after '=') into *pzVal and advance *pi. Returns 1
 * when matched, 0 when not, -1 when the value is missing (usage printed). */
int hw_cli_opt(hw_cli *pCli, int *pi, const char *zName, const char **pzVal);

/* Print a JSON value (consumed) on stdout, followed by a newline. */
void hw_cli_print_json(json_t *pVal);

/* Terminal progress bar on stderr: silent when stderr is not a TTY. */
typedef struct hw_progress hw_progress;
hw_progress *hw_progress_start(const char *zWhat);
void hw_progress_update(hw_progress *p, long long nDone, long long nTotal, long long nRows);
void hw_progress_finish(hw_progress *p);

#endif
