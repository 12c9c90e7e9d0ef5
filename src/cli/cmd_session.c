/*
 * cmd_session.c — hawser session: a calling session in a plain terminal.
 *
 * The rep sees one card at a time (the day's goal and streak, the lead, the
 * number, an opener), dials, and presses one key for what happened; hawser
 * asks only for what that outcome needs (hw_outcomes[] says what), logs it,
 * shows what the cadence planned and offers the next lead. Thin like the
 * other commands: the queue, the log and the numbers are core/work.c's.
 *
 * Plain stdio, so it works over ssh in any terminal: on a TTY the terminal is
 * put in non-canonical mode for single keys and restored on every way out
 * (return, SIGINT, SIGTERM, SIGHUP, and around a Ctrl-Z); when stdin is not a
 * TTY every key or answer is one line, so a session can be scripted.
 *
 * States: CARD (a lead is held: outcome keys log it) and WAIT (nothing may be
 * called now: 'w' asks again). 'q' leaves either; the held lead is not given
 * back, its lease simply expires.
 */
#include "cli/cli.h"
#include "cli/work_cli.h"

#include <ctype.h>   /* tolower, isprint */
#include <errno.h>   /* EINTR */
#include <poll.h>    /* the tail of an escape sequence; the wait timer */
#include <signal.h>  /* sigaction */
#include <stdio.h>   /* printf */
#include <string.h>  /* memset */
#include <termios.h> /* non-canonical mode */
#include <unistd.h>  /* read, isatty */

#define KEY_EOF (-1)
#define KEY_ESC 0x1b
#define KEY_CTRL_D 0x04
#define KEY_CTRL_U 0x15
#define ASK_OK 1
#define ASK_CANCEL 0
#define ASK_EOF (-1)
#define WAIT_RETRY_MS 60000 /* WAIT on the wall clock asks again this often */

/* The terminal as we found it, and as the session sets it. Globals because
 * the signal handlers must restore it. */
static struct termios gSaved, gKeys;
static volatile sig_atomic_t gbKeys; /* the terminal is in key mode */

typedef struct session {
	hw_cli *pCli;
	hw_store *pStore;
	hw_work w;
	hw_user u;
	int bTty;   /* stdin is a terminal: single keys */
	int bOffer; /* CARD: offer holds a lead; else WAIT */
	hw_offer offer;
	hw_err wait; /* WAIT: why nothing may be called */
} session;

/* ---- the terminal ---- */

static void on_signal(int sig)
{
	int e = errno;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	if (sig == SIGCONT) {
		/* back from Ctrl-Z: the shell had the terminal meanwhile */
		if (gbKeys)
			tcsetattr(STDIN_FILENO, TCSANOW, &gKeys);
		sa.sa_handler = on_signal;
		sigaction(SIGTSTP, &sa, NULL);
	} else {
		if (gbKeys)
			tcsetattr(STDIN_FILENO, TCSANOW, &gSaved);
		/* blocked while we run: takes its default effect when we return */
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
		raise(sig);
	}
	errno = e;
}

static void term_keys(session *s)
{
	static const int aSig[] = {SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT};
	struct sigaction sa;
	if (!s->bTty || tcgetattr(STDIN_FILENO, &gSaved) != 0)
		return;
	gKeys = gSaved;
	gKeys.c_lflag &= ~(tcflag_t)(ICANON | ECHO); /* ISIG stays: Ctrl-C still quits */
	gKeys.c_cc[VMIN] = 1;
	gKeys.c_cc[VTIME] = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < sizeof aSig / sizeof aSig[0]; i++)
		sigaction(aSig[i], &sa, NULL);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &gKeys) == 0)
		gbKeys = 1;
}

static void term_restore(void)
{
	if (gbKeys) {
		tcsetattr(STDIN_FILENO, TCSANOW, &gSaved);
		gbKeys = 0;
	}
}

static int read_byte(void)
{
	unsigned char c;
	for (;;) {
		ssize_t n = read(STDIN_FILENO, &c, 1);
		if (n == 1)
			return c;
		if (n < 0 && errno == EINTR)
			continue;
		return KEY_EOF;
	}
}

/* Does a byte arrive within ms? (-1: wait for ever) */
static int input_within(int ms)
{
	struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
	int n;
	while ((n = poll(&pfd, 1, ms)) < 0 && errno == EINTR)
		;
	return n > 0;
}

/* The length of the valid UTF-8 character at p, or 0 (overlong forms,
 * surrogates and code points past U+10FFFF are not valid). */
static int utf8_len(const unsigned char *p)
{
	unsigned c;
	int n;
	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p < 0xe0)
		n = 2, c = *p & 0x1fu;
	else if (*p >= 0xe0 && *p < 0xf0)
		n = 3, c = *p & 0x0fu;
	else if (*p >= 0xf0 && *p < 0xf5)
		n = 4, c = *p & 0x07u;
	else
		return 0;
	for (int k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80) /* also stops at the terminator */
			return 0;
		c = c << 6 | (p[k] & 0x3fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

/* Make z valid UTF-8 in place: a byte that starts no valid character becomes
 * '?'. Answers are stored and later printed as JSON, which takes only UTF-8;
 * a Latin-1 terminal or a line cut at the buffer's end would break that. */
static void utf8_clean(char *z)
{
	unsigned char *p = (unsigned char *)z;
	while (*p) {
		int n = utf8_len(p);
		if (n == 0)
			*p++ = '?';
		else
			p += n;
	}
}

/* One line from a pipe into zBuf (without the newline); ASK_EOF when the
 * input ended before any byte of it. */
static int pipe_line(char *zBuf, size_t nBuf)
{
	size_t n = 0;
	int c, bAny = 0;
	while ((c = read_byte()) != KEY_EOF && c != '\n') {
		bAny = 1;
		if (c != '\r' && n + 1 < nBuf)
			zBuf[n++] = (char)c;
	}
	zBuf[n] = 0;
	utf8_clean(zBuf);
	return c == KEY_EOF && !bAny ? ASK_EOF : ASK_OK;
}

/*
 * One key. An arrow or function key sends ESC and a tail ("\x1b[D", "\x1bOP"),
 * Alt+key sends ESC and the key: the tail is swallowed here, or its last
 * letter would log an outcome ('D' is bad_number), and only the tail, so a
 * key typed right after is kept. From a pipe a key is a line's first
 * character ('\n' when the line is empty).
 */
static int read_key(session *s)
{
	int c;
	fflush(stdout);
	if (!s->bTty) {
		char zLine[256];
		const char *z = zLine;
		if (pipe_line(zLine, sizeof zLine) == ASK_EOF)
			return KEY_EOF;
		while (*z == ' ' || *z == '\t')
			z++;
		return *z ? (unsigned char)*z : '\n';
	}
	c = read_byte();
	if (c == KEY_ESC && input_within(30)) {
		int t = read_byte();
		if (t == '[') /* CSI: parameters and intermediates, then a final byte */
			while ((t = read_byte()) != KEY_EOF && (t < 0x40 || t > 0x7e))
				;
		else if (t == 'O') /* SS3: one more */
			read_byte();
	}
	return c;
}

/*
 * A line of text: ASK_OK, ASK_CANCEL (Esc) or ASK_EOF. On a terminal the
 * terminal stays in key mode and this is a tiny editor (Backspace, Ctrl-U,
 * Esc), so no keys typed ahead are lost to a mode switch.
 */
static int read_line(session *s, char *zBuf, size_t nBuf)
{
	size_t n = 0;
	fflush(stdout);
	if (!s->bTty) {
		int r = pipe_line(zBuf, nBuf);
		if (r == ASK_OK && zBuf[0] == KEY_ESC)
			return ASK_CANCEL;
		/* the answer on the page, so a scripted session reads like a live one */
		if (r == ASK_OK)
			printf("%s\n", zBuf);
		return r;
	}
	for (;;) {
		int c = read_key(s);
		if (c == KEY_EOF) {
			zBuf[n] = 0;
			return ASK_EOF;
		}
		if (c == '\n' || c == '\r')
			break;
		if (c == KEY_ESC || c == KEY_CTRL_D) {
			zBuf[0] = 0;
			printf("\n");
			return ASK_CANCEL;
		}
		if (c == 0x7f || c == '\b' || c == KEY_CTRL_U) {
			do {
				/* drop a whole UTF-8 character: continuation bytes first */
				while (n > 0 && ((unsigned char)zBuf[n - 1] & 0xc0) == 0x80)
					n--;
				if (n > 0) {
					n--;
					printf("\b \b");
				}
			} while (c == KEY_CTRL_U && n > 0);
		} else if (c >= 0x20 && n + 1 < nBuf) {
			zBuf[n++] = (char)c;
			putchar(c);
		}
		fflush(stdout);
	}
	zBuf[n] = 0;
	utf8_clean(zBuf);
	printf("\n");
	return ASK_OK;
}

/* ---- the screen ---- */

static void print_header(session *s)
{
	hw_stats st;
	hw_err err;
	hw_err_clear(&err);
	if (hw_work_stats(&s->w, s->u.iId, 0, &st, &err) != HW_OK) {
		/* the numbers are a comfort, not a reason to stop calling */
		printf("%s · today ?/? dials (%s)\n", s->u.zLogin, err.zMsg);
		return;
	}
	printf("%s · today %lld/%d dials · streak %d day%s%s\n", s->u.zLogin, st.nToday, st.nGoal,
	       st.nStreak, st.nStreak == 1 ? "" : "s", st.nToday >= st.nGoal ? " · goal met" : "");
}

/* What to say first: the touch this call follows up, else an honest default
 * (who you are and why you call; never "I'm not selling anything"). */
static void print_opener(session *s)
{
	const hw_offer *p = &s->offer;
	char zName[128];
	const char *zFirst = p->lead.azField[HW_F_FIRST_NAME]
				 ? p->lead.azField[HW_F_FIRST_NAME]
				 : hw_lead_display_name(&p->lead, zName, sizeof zName);
	if (p->bRefer) {
		char zWhen[96], *zCut;
		hw_time t = p->refer.tDone ? p->refer.tDone : p->refer.tFrom;
		hw_local_str(p->lead.zTimeZones, t, zWhen, sizeof zWhen);
		if ((zCut = strchr(zWhen + 4, ' ')) != NULL)
			*zCut = 0; /* the day is enough: "Tue 2026-11-24" */
		if (p->refer.eStatus == HW_TASK_DONE)
			printf("  Opener: refer to the %s you sent on %s\n",
			       hw_channel_names[p->refer.eChannel], zWhen);
		else
			printf(
			    "  Opener: refer to the %s planned for %s (not marked sent: check it "
			    "went out before you mention it)\n",
			    hw_channel_names[p->refer.eChannel], zWhen);
		return;
	}
	printf("  Opener: \"Hi %s, this is %s. I'm calling because …\"\n"
	       "          say who you are and why you call, then ask if it is a bad time\n",
	       zFirst, s->u.zName[0] ? s->u.zName : s->u.zLogin);
}

/* The outcome keys, from the one table, wrapped to a plain terminal. */
static void print_legend(void)
{
	char zItem[64];
	int nCol = 4;
	printf("keys");
	for (int i = 0; i <= HW_O_COUNT; i++) {
		int n;
		if (i < HW_O_COUNT)
			n = snprintf(zItem, sizeof zItem, "  %c %s", hw_outcomes[i].cKey,
				     hw_outcomes[i].zLabel);
		else
			n = snprintf(zItem, sizeof zItem, "  ? help  r redraw");
		if (nCol + n > 78) {
			printf("\n    ");
			nCol = 4;
		}
		fputs(zItem, stdout);
		nCol += n;
	}
	printf("\n      q quit (the lead stays held for you until its hold expires by itself)\n");
}

static void draw(session *s)
{
	print_header(s);
	if (s->bOffer) {
		hw_cli_print_offer(&s->offer);
		print_opener(s);
		print_legend();
		printf("key: ");
	} else {
		printf("%s\n", s->wait.zMsg);
		printf("keys  w wait: ask again%s  q quit  ? help\nkey: ",
		       s->pCli->tNow ? "" : " (also every minute by itself)");
	}
	fflush(stdout);
}

static void print_help(session *s)
{
	static const struct {
		unsigned m;
		const char *zWhat; /* NULL: the outcome's own zTimeLabel */
	} aNeed[] = {
	    {HW_OD_NAME, "the gatekeeper's name"},
	    {HW_OD_TIME, NULL},
	    {HW_OD_REASON, "the reason"},
	    {HW_OD_NEXT, "the next step agreed"},
	};
	printf("\nDial the number on the card, then press the key for what happened. Keys that\n"
	       "need nothing more log at once; the others ask first (Esc cancels a question\n"
	       "and nothing is logged; Enter skips what is optional):\n");
	for (int i = 0; i < HW_O_COUNT; i++) {
		const hw_outcome_info *pO = &hw_outcomes[i];
		char zAsks[200] = "";
		size_t n = 0;
		for (size_t k = 0; k < sizeof aNeed / sizeof aNeed[0]; k++)
			if (pO->mNeeds & aNeed[k].m)
				n += (size_t)snprintf(
				    zAsks + n, sizeof zAsks - n, ", %s%s%s",
				    aNeed[k].zWhat ? "" : "the ",
				    aNeed[k].zWhat ? aNeed[k].zWhat : pO->zTimeLabel,
				    pO->mRequired & aNeed[k].m ? " (needed)" : "");
		if (pO->mFlags & HW_OF_REACHED)
			n += (size_t)snprintf(zAsks + n, sizeof zAsks - n, ", a note");
		printf("  %c  %-22s %s%s\n", pO->cKey, pO->zLabel, n ? "asks" : "logs at once",
		       n ? zAsks + 1 : "");
	}
	printf("  r  redraw the card\n"
	       "  q  quit; the lead on the card is not given back: its hold (%d minutes)\n"
	       "     expires by itself, and your next session offers it again until then\n"
	       "Times are the lead's local time: HH:MM (the next one) or YYYY-MM-DD HH:MM.\n\n",
	       s->w.nLeaseSeconds / 60);
}

/* ---- asking what an outcome needs ---- */

static int ask_time(session *s, const hw_outcome_info *pO, hw_time *pt)
{
	const char *zZones = s->offer.lead.zTimeZones;
	int bNeeded = (pO->mRequired & HW_OD_TIME) != 0;
	char zIn[64], zWhen[96], zZone[64] = "UTC";
	size_t nz = zZones ? strcspn(zZones, "|") : 0;
	if (nz > 0 && nz < sizeof zZone) {
		memcpy(zZone, zZones, nz);
		zZone[nz] = 0;
	}
	for (;;) {
		hw_time tNow = hw_clock_now(&s->pCli->clock);
		int r;
		printf("  %s, HH:MM or YYYY-MM-DD HH:MM in %s%s: ", pO->zTimeLabel, zZone,
		       bNeeded ? "" : " (Enter skips)");
		if ((r = read_line(s, zIn, sizeof zIn)) != ASK_OK)
			return r;
		if (!zIn[0] && !bNeeded) {
			*pt = 0;
			return ASK_OK;
		}
		if (!zIn[0]) {
			printf("  '%s' needs the %s (Esc cancels)\n", pO->zName, pO->zTimeLabel);
			continue;
		}
		if (hw_parse_lead_time(zIn, zZones, tNow, pt) != HW_OK) {
			printf(
			    "  '%s' is not a time: use HH:MM or YYYY-MM-DD HH:MM (the lead's local "
			    "time) or ISO 8601 with a zone\n",
			    zIn);
			continue;
		}
		hw_local_str(zZones, *pt, zWhen, sizeof zWhen);
		if (*pt <= tNow) {
			printf("  %s is in the past\n", zWhen);
			continue;
		}
		printf("  → %s\n", zWhen);
		return ASK_OK;
	}
}

_Static_assert(HW_R_COUNT <= 10 && HW_OBJ_COUNT <= 10, "menus have one digit per choice");

/*
 * A menu of azName[1..n-1], one digit each: the reason a prospect gave, the
 * objection heard. With bNone, Enter (or 0) picks entry 0 ("none").
 */
static int ask_menu(session *s, const char *zTitle, const char *const *azName, int n, int bNone,
		    int *pi)
{
	for (;;) {
		int c;
		printf("  %s%s:", zTitle, bNone ? " (Enter: none)" : "");
		for (int i = 1; i < n; i++)
			printf("  %d %s", i, azName[i]);
		printf(": ");
		c = read_key(s);
		if (c == KEY_EOF)
			return ASK_EOF;
		if (c == KEY_ESC) {
			printf("\n");
			return ASK_CANCEL;
		}
		if (bNone && (c == '\n' || c == '\r' || c == '0')) {
			*pi = 0;
			printf("none\n");
			return ASK_OK;
		}
		if (c >= '1' && c < '0' + n) {
			*pi = c - '0';
			printf("%s\n", azName[*pi]);
			return ASK_OK;
		}
		printf("\n  pick 1 to %d%s (Esc cancels)\n", n - 1, bNone ? ", or Enter for none" : "");
	}
}

static int ask_text(session *s, const char *zWhat, int bNeeded, char *zBuf, size_t nBuf)
{
	for (;;) {
		int r;
		printf("  %s%s: ", zWhat, bNeeded ? "" : " (Enter skips)");
		if ((r = read_line(s, zBuf, nBuf)) != ASK_OK || zBuf[0] || !bNeeded)
			return r;
		printf("  %s is needed (Esc cancels)\n", zWhat);
	}
}

/* Returns HW_OK when logged or cancelled (*pbLogged says which), HW_EINVAL
 * when the core refused the touch, HW_EUSAGE when the input ended midway. */
static hw_rc log_outcome(session *s, const hw_outcome_info *pO, int *pbLogged)
{
	/* Sized so that the note (512 bytes in a touch) and the gatekeeper's name,
	 * escaped, are stored whole: a cut could split a UTF-8 character. */
	char zName[48] = "", zNext[160] = "", zNote[320] = "", zAll[512];
	hw_log_in in;
	hw_log_out out;
	hw_err err;
	hw_rc rc;
	int r = ASK_OK;
	const char *zAsked = NULL;
	hw_objection eObj = HW_OBJ_NONE;

	*pbLogged = 0;
	memset(&in, 0, sizeof in);
	in.iLead = s->offer.lead.iId;
	in.iUser = s->u.iId;
	in.eOutcome = pO->e;
	in.zPhone = s->offer.zPhone;
	printf("%c  %s\n", pO->cKey, pO->zLabel);
	if (r == ASK_OK && (pO->mNeeds & HW_OD_NAME)) {
		zAsked = "gatekeeper's name";
		r = ask_text(s, "the gatekeeper's name", (pO->mRequired & HW_OD_NAME) != 0, zName,
			     sizeof zName);
	}
	if (r == ASK_OK && (pO->mNeeds & HW_OD_TIME)) {
		zAsked = pO->zTimeLabel;
		r = ask_time(s, pO, &in.tTime);
	}
	if (r == ASK_OK && (pO->mNeeds & HW_OD_REASON)) {
		zAsked = "reason";
		int i = 0;
		r = ask_menu(s, "reason", hw_reason_names, HW_R_COUNT, 0, &i);
		in.eReason = (hw_reason)i;
	}
	if (r == ASK_OK && (pO->mNeeds & HW_OD_NEXT)) {
		zAsked = "next step";
		r = ask_text(s, "the next step agreed", (pO->mRequired & HW_OD_NEXT) != 0, zNext,
			     sizeof zNext);
	}
	/* A prospect who pushed back or talked may have voiced an objection. */
	if (r == ASK_OK && (pO->mFlags & HW_OF_REACHED) && !(pO->mFlags & HW_OF_TERMINAL) &&
	    (pO->mFlags & (HW_OF_NEGATIVE | HW_OF_CONVERSATION)) && pO->e != HW_O_WRONG_NUMBER) {
		zAsked = "objection";
		int i = 0;
		r = ask_menu(s, "objection heard", hw_objection_names, HW_OBJ_COUNT, 1, &i);
		eObj = (hw_objection)i;
	}
	/* Only a human says something worth a note; a no-answer is one keystroke. */
	if (r == ASK_OK && (pO->mFlags & HW_OF_REACHED)) {
		zAsked = "note";
		r = ask_text(s, "note", 0, zNote, sizeof zNote);
	}
	if (r == ASK_CANCEL) {
		printf("  cancelled: nothing logged\nkey: ");
		return HW_OK;
	}
	if (r == ASK_EOF) {
		hw_err_set(&err,
			   "the input ended while asking for the %s; nothing was logged for "
			   "lead %lld",
			   zAsked, in.iLead);
		printf("\n");
		fflush(stdout);
		hw_cli_fail(s->pCli, HW_EUSAGE, &err);
		return HW_EUSAGE;
	}
	/* the touch has no field of its own for the next step: the note carries it */
	if (zNext[0])
		snprintf(zAll, sizeof zAll, "next step: %s%s%s", zNext, zNote[0] ? "; " : "",
			 zNote);
	else
		snprintf(zAll, sizeof zAll, "%s", zNote);
	in.zNote = zAll[0] ? zAll : NULL;
	in.zName = zName[0] ? zName : NULL;
	in.zObjection = eObj != HW_OBJ_NONE ? hw_objection_names[eObj] : NULL;
	hw_err_clear(&err);
	rc = hw_work_log(&s->w, &in, &out, &err);
	if (rc != HW_OK) {
		fflush(stdout);
		hw_cli_fail(s->pCli, rc, &err);
		if (rc == HW_EINVAL)
			printf("key: ");
		return rc;
	}
	hw_cli_print_log(&out, s->offer.lead.zTimeZones);
	printf("\n");
	*pbLogged = 1;
	return HW_OK;
}

/* ---- the session ---- */

static hw_rc take_next(session *s)
{
	hw_rc rc;
	hw_err_clear(&s->wait);
	rc = hw_work_next(&s->w, s->u.iId, &s->offer, &s->wait);
	s->bOffer = rc == HW_OK;
	if (rc != HW_OK && rc != HW_ENOTFOUND) {
		hw_cli_fail(s->pCli, rc, &s->wait);
		return rc;
	}
	draw(s);
	return HW_OK;
}

static void say_bye(session *s)
{
	char zWhen[96];
	if (!s->bOffer) {
		printf("\nbye\n");
		return;
	}
	hw_local_str(s->u.zTimeZone[0] ? s->u.zTimeZone : NULL, s->offer.task.tLeaseUntil, zWhen,
		     sizeof zWhen);
	printf("\nbye: lead %lld stays held for you until %s, then goes back to the queue by "
	       "itself\n",
	       s->offer.lead.iId, zWhen);
}

static hw_rc run(session *s)
{
	hw_rc rc = take_next(s);
	while (rc == HW_OK) {
		const hw_outcome_info *pO;
		int c, bLogged;
		if (!s->bOffer && s->bTty && !s->pCli->tNow && !input_within(WAIT_RETRY_MS)) {
			printf("\n");
			rc = take_next(s);
			continue;
		}
		c = read_key(s);
		if (c == KEY_EOF || c == 'q' || c == 'Q' || c == KEY_CTRL_D) {
			say_bye(s);
			break;
		}
		c = tolower(c);
		if (c == '?') {
			print_help(s);
			draw(s);
		} else if (c == 'r') {
			/* a terminal gets a clean screen; a transcript just goes on */
			printf("%s", s->bTty ? "\033[H\033[2J" : "r\n\n");
			draw(s);
		} else if (!s->bOffer && c == 'w') {
			printf("w\n\n");
			rc = take_next(s);
		} else if (s->bOffer && (pO = hw_outcome_by_key((char)c)) != NULL) {
			rc = log_outcome(s, pO, &bLogged);
			if (rc == HW_EINVAL)
				rc = HW_OK; /* refused and said why: the card stays */
			if (rc == HW_OK && bLogged) {
				hw_offer_clear(&s->offer);
				s->bOffer = 0;
				rc = take_next(s);
			}
		} else if (isprint(c)) {
			printf("%c: no such key here; ? shows them\nkey: ", c);
		}
	}
	return rc;
}

int hw_cmd_session(hw_cli *pCli)
{
	const char *zUser = NULL;
	session s;
	hw_err err;
	hw_rc rc;

	for (int i = 1; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--user", &zUser);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli,
					    "session: unknown argument '%s'; usage: hawser "
					    "session --user U",
					    pCli->argv[i]);
	}
	if (pCli->bJson)
		return hw_cli_usage(pCli,
				    "session is interactive and has no --json; script 'hawser "
				    "next' and 'hawser log' instead");
	memset(&s, 0, sizeof s);
	s.pCli = pCli;
	s.bTty = isatty(STDIN_FILENO);
	if (hw_cli_open_store(pCli, &s.pStore) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	hw_err_clear(&err);
	if ((rc = hw_cli_work_open(pCli, s.pStore, &s.w)) != HW_OK) {
		hw_store_close(s.pStore);
		return hw_cli_exit_code(rc);
	}
	if ((rc = hw_cli_user(pCli, s.pStore, zUser, &s.u)) == HW_OK) {
		term_keys(&s);
		rc = run(&s);
		fflush(stdout);
		term_restore();
	}
	if (s.bOffer)
		hw_offer_clear(&s.offer);
	hw_work_close(&s.w);
	hw_store_close(s.pStore);
	return hw_cli_exit_code(rc);
}
