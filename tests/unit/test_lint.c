/*
 * test_lint.c — the check for dishonest phrases: each rule flags the ways
 * people write its phrases (case, blanks, line breaks, typographic
 * apostrophes, merge fields around them) at the right line and column
 * (counted in characters, not bytes); honest texts that share words with
 * them are left alone; the shipped templates are clean; the rule table is
 * well formed; a callback can stop the check; odd bytes do no harm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/lint.h"

#include <stdio.h>
#include <string.h>

/* The findings of a text as "rule@line:col rule@line:col". */
typedef struct collect {
	const char *zText;
	char z[512];
	size_t n;
	char zPhrase[160]; /* of the first finding */
} collect;

static int collect_cb(void *pCtx, const hw_lint_finding *p)
{
	collect *c = pCtx;
	if (c->n == 0)
		snprintf(c->zPhrase, sizeof c->zPhrase, "%s", p->zPhrase);
	assert_true(p->iOffset >= 0 && p->nByte > 0);
	assert_true((size_t)(p->iOffset + p->nByte) <= strlen(c->zText));
	assert_non_null(hw_lint_rule_find(p->zRule));
	assert_ptr_equal(p->zWhy, hw_lint_rule_find(p->zRule)->zWhy);
	c->n += (size_t)snprintf(c->z + c->n, sizeof c->z - c->n, "%s%s@%d:%d", c->n ? " " : "",
				 p->zRule, p->iLine, p->iCol);
	return 0;
}

static const char *findings(const char *zText, collect *c)
{
	memset(c, 0, sizeof *c);
	c->zText = zText;
	int n = hw_lint_text(zText, collect_cb, c);
	int nSpaces = 0;
	for (size_t i = 0; i < c->n; i++)
		nSpaces += c->z[i] == ' ';
	assert_int_equal(n, c->n ? nSpaces + 1 : 0);
	return c->z;
}

static void test_flagged(void **state)
{
	static const struct {
		const char *zText;
		const char *zWant;   /* the findings */
		const char *zPhrase; /* the first one's canonical phrase, or NULL */
	} aCase[] = {
	    /* the phrases, as written */
	    {"I'm not trying to sell you anything.", "not-selling@1:1", "i'm not trying to sell"},
	    {"I think we were disconnected.", "fake-disconnect@1:1",
	     "i think we were disconnected"},
	    /* case, apostrophes, blanks */
	    {"I'M NOT TRYING TO SELL YOU ANYTHING", "not-selling@1:1", "i'm not trying to sell"},
	    {"I\u2019m not trying to sell you anything", "not-selling@1:1",
	     "i'm not trying to sell"},
	    {"I\u2018m not here to sell", "not-selling@1:1", "i'm not here to sell"},
	    {"I\u02BCm not calling to sell", "not-selling@1:1", "i'm not calling to sell"},
	    {"Im not trying to sell you a thing", "not-selling@1:1", "im not trying to sell"},
	    {"I am not here to sell you anything", "not-selling@1:1", "i am not here to sell"},
	    {"Hello,\n\n  i'm   not\n\tcalling to sell", "not-selling@3:3",
	     "i'm not calling to sell"},
	    {"I'm\u00A0not trying\r\nto sell", "not-selling@1:1", "i'm not trying to sell"},
	    {"I\u2019m not tr\u00ADying to sell", "not-selling@1:1", "i'm not trying to sell"},
	    {"We're really not calling you to pitch", "not-selling@1:1",
	     "we're really not calling you to pitch"},
	    {"Not trying to sell you anything, just curious.", "not-selling@1:1",
	     "not trying to sell"},
	    {"I'm not selling anything.", "not-selling@1:1", "i'm not selling anything"},
	    {"We have nothing to sell you.", "not-selling@1:1", "we have nothing to sell"},
	    /* the sales-call denials */
	    {"Don't worry, this isn't a sales call.", "not-selling@1:14",
	     "this isn't a sales call"},
	    {"This is not a sales call", "not-selling@1:1", "this is not a sales call"},
	    {"It\u2019s not a sales pitch.", "not-selling@1:1", "it's not a sales pitch"},
	    {"Not a sales call, promise.", "not-selling@1:1", "not a sales call"},
	    {"This call isn't about selling.", "not-selling@1:1", "this call isn't about selling"},
	    {"No sales pitch, just one question.", "not-selling@1:1", "no sales pitch"},
	    {"This isn't a pitch.", "not-selling@1:1", "this isn't a pitch"},
	    {"I won't try to sell you anything.", "not-selling@1:1",
	     "i won't try to sell you anything"},
	    {"We are not going to pitch you anything", "not-selling@1:1",
	     "we are not going to pitch you anything"},
	    {"I\u2019m not going to try and sell you anything", "not-selling@1:1",
	     "i'm not going to try and sell you anything"},
	    {"This is not a solicitation.", "not-solicitation@1:1", "this is not a solicitation"},
	    {"We're not soliciting.", "not-solicitation@1:1", "we're not soliciting"},
	    {"I'm not a salesperson, I'm a consultant.", "not-salesperson@1:1",
	     "i'm not a salesperson"},
	    {"I am not a sales rep.", "not-salesperson@1:1", "i am not a sales rep"},
	    {"I'm not a sales representative", "not-salesperson@1:1",
	     "i'm not a sales representative"},
	    {"I'm not in sales.", "not-salesperson@1:1", "i'm not in sales"},
	    {"We are not telemarketers.", "not-salesperson@1:1", "we are not telemarketers"},
	    /* hang-ups dressed as dropped calls */
	    {"Sorry \u2014 we got cut off.", "fake-disconnect@1:1", "sorry we got cut off"},
	    {"We got cut-off earlier.", "fake-disconnect@1:1", "we got cut off"},
	    {"I think we were\ndisconnected", "fake-disconnect@1:1",
	     "i think we were disconnected"},
	    {"I think we were cut off", "fake-disconnect@1:1", "i think we were cut off"},
	    {"Looks like the line dropped.", "fake-disconnect@1:1", "looks like the line dropped"},
	    {"Hi {{lead.first_name}}, the call dropped earlier.", "fake-disconnect@1:25",
	     "the call dropped"},
	    {"Our call got cut off.", "fake-disconnect@1:1", "our call got cut off"},
	    {"I think I lost you there.", "fake-disconnect@1:1", "i think i lost you"},
	    {"Sorry about the dropped call!", "fake-disconnect@1:1",
	     "sorry about the dropped call"},
	    /* the prospect never called, never asked */
	    {"Just returning your call from last week.", "fake-return-call@1:1",
	     "just returning your call"},
	    {"I\u2019m returning your voicemail", "fake-return-call@1:1",
	     "i'm returning your voicemail"},
	    {"Sorry I missed your call!", "fake-return-call@1:1", "sorry i missed your call"},
	    {"You requested information about our plans.", "false-request@1:1",
	     "you requested information"},
	    {"You asked us to call you this week.", "false-request@1:1", "you asked us to call"},
	    {"You asked me to reach out.", "false-request@1:1", "you asked me to reach out"},
	    {"You expressed interest in our service.", "false-request@1:1",
	     "you expressed interest"},
	    /* pretexts */
	    {"This is a quick survey about your phone system.", "survey-pretext@1:1",
	     "this is a quick survey"},
	    {"We're conducting a survey of IT directors.", "survey-pretext@1:1",
	     "we're conducting a survey"},
	    {"I'm doing some market research.", "survey-pretext@1:1",
	     "i'm doing some market research"},
	    {"Could you answer a quick survey?", "survey-pretext@1:11", "answer a quick survey"},
	    {"I'm calling for a short survey.", "survey-pretext@1:5", "calling for a short survey"},
	    {"Hi, this is a courtesy call from Acme.", "courtesy-call@1:5",
	     "this is a courtesy call"},
	    /* positions: merge fields, characters beyond ASCII, several lines */
	    {"Hi {{lead.first_name}}, I am NOT here to sell you anything", "not-selling@1:25",
	     "i am not here to sell"},
	    {"Caf\u00e9 owners \u2014 I\u2019m not calling to sell", "not-selling@1:15", NULL},
	    {"Rene\u0301e: I'm not trying to sell", "not-selling@1:9", NULL},
	    {"\U0001F600 we got cut off", "fake-disconnect@1:3", NULL},
	    {"\u201cI\u2019m not trying to sell you anything\u201d", "not-selling@1:2", NULL},
	    {"{{a}}{{b}}\n{{c}} {{d}}We got disconnected", "fake-disconnect@2:12", NULL},
	    {"Hello.\r\nI think we got cut off.\r\nI'm not trying to sell you anything.",
	     "fake-disconnect@2:1 not-selling@3:1", NULL},
	    {"Hello.\rWe got cut off.", "fake-disconnect@2:1", NULL},
	    {"I'm not a salesperson and this is not a sales call",
	     "not-salesperson@1:1 not-selling@1:27", NULL},
	    {"Not a sales call. Not a sales call.", "not-selling@1:1 not-selling@1:19", NULL},
	    {"We're conducting a quick survey", "survey-pretext@1:1", NULL},
	    /* an excuse in another sentence excuses nothing */
	    {"I won't pretend to know your business. I'm not trying to sell you anything.",
	     "not-selling@1:40", NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		collect c;
		const char *z = findings(aCase[i].zText, &c);
		if (strcmp(z, aCase[i].zWant))
			fail_msg("case %zu: \"%s\"\n  found: %s\n  want:  %s", i, aCase[i].zText, z,
				 aCase[i].zWant);
		if (aCase[i].zPhrase && strcmp(c.zPhrase, aCase[i].zPhrase))
			fail_msg("case %zu: \"%s\"\n  phrase: \"%s\"\n  want:   \"%s\"", i,
				 aCase[i].zText, c.zPhrase, aCase[i].zPhrase);
	}
}

static void test_not_flagged(void **state)
{
	static const char *const azText[] = {
	    "I'm not trying to waste your time.",
	    "I'm not here to take much of your time.",
	    "If you want to disconnect your old system, we can help.",
	    "We were disconnected from the grid for a week last winter.",
	    "If we get disconnected, I'll call you right back.",
	    "We're not trying to sell your data to anyone.",
	    "I'm not going to sell your details.",
	    "I'm calling because teams like yours lose deals to missed calls.",
	    "I'll be straight with you: this is a sales call. Is now a bad time?",
	    "I won't pretend this isn't a sales call.",
	    "I will not claim that this is not a sales call.",
	    "Thanks for returning my call.",
	    "You asked me to call you back today at 3.",
	    "You asked me on Tuesday to call back today.",
	    "Here is the information you asked for when we spoke.",
	    "As we discussed on {{last_touch.date}}, here is the proposal.",
	    "Our call volume dropped last year.",
	    "Your line was disconnected last month.",
	    "This is not a quick survey, it is one question.",
	    "I won't try to sell you anything today, only ask.",
	    "I'm not going to sell you something you don't need.",
	    "We lost you to a competitor last year; may I ask what won you over?",
	    "I'm not in Salesforce yet.",
	    "It is not a sales caller ID, it is my own number.",
	    "Xnot a sales call",
	    "Cannot a sales calling",
	    "{{lead.not_a_sales_call}} and {{ i'm not trying to sell }}",
	    "Take a look at the survey results we published.",
	    "A courtesy calling card",
	    "Tired of dropped calls? Our network fixes them.",
	    "",
	    /* the templates shipped in store/migrations/002_engine.sql */
	    "Dear {{lead.first_name}},\n\nI have the feeling I called you at a bad time on "
	    "{{last_touch.date}}, and I am sorry for that. I was calling because "
	    "{{user.purpose}}.\n\nMay I ask you one question when it suits you better? I will try "
	    "you again on {{next_call.day}}.\n\n{{user.name}}\n{{user.phone}}",
	    "Hello {{lead.first_name}},\n\nI left you a short voicemail today. In one line: "
	    "{{user.purpose}}.\n\nIs this something you look after at {{account.name}}, or is "
	    "there someone better to ask?\n\n{{user.name}}\n{{user.phone}}",
	    "Hello {{lead.first_name}},\n\nI have tried to reach you by phone a few times. "
	    "{{user.purpose}}.\n\nWould a short call next week be useful, or should I stop "
	    "trying?\n\n{{user.name}}\n{{user.phone}}",
	    "Hello {{lead.first_name}}, I work with teams like yours at {{account.name}} on "
	    "{{user.purpose}}. I would be glad to connect.",
	    "Hello {{lead.first_name}}, this is {{user.name}}. I sent you a note after I called "
	    "at a bad time on {{last_touch.date}}. Is now a better moment for one question?",
	    "Hello {{lead.first_name}}, this is {{user.name}} at {{user.phone}}. "
	    "{{user.purpose}}. I will send you a short email as well. Again, {{user.phone}}.",
	};
	(void)state;
	for (size_t i = 0; i < sizeof azText / sizeof azText[0]; i++) {
		collect c;
		const char *z = findings(azText[i], &c);
		if (z[0])
			fail_msg("case %zu: \"%s\"\n  found: %s", i, azText[i], z);
	}
}

/* Patterns use only the documented syntax; ids are unique; each example
 * is flagged by its own rule at its start. */
static void test_rule_table(void **state)
{
	(void)state;
	for (int r = 0; r < HW_LINT_NRULE; r++) {
		const hw_lint_rule *p = &hw_lint_rules[r];
		assert_non_null(p->zRule);
		assert_ptr_equal(hw_lint_rule_find(p->zRule), p);
		assert_true(p->zTitle && p->zTitle[0]);
		assert_true(p->zWhy && strlen(p->zWhy) > 40);
		assert_non_null(p->azPattern);
		assert_non_null(p->azPattern[0]);
		for (int j = 0; p->azPattern[j]; j++) {
			const char *z = p->azPattern[j];
			int nDepth = 0;
			assert_true((z[0] >= 'a' && z[0] <= 'z') || z[0] == '(');
			for (int k = 0; z[k]; k++) {
				char ch = z[k];
				if (ch == '(')
					nDepth++;
				else if (ch == ')')
					nDepth--;
				else if (ch == '?')
					assert_int_equal(z[k - 1], ')');
				else if (ch == '!')
					assert_int_equal(z[k + 1], '(');
				else if (ch != '|' && ch != ' ' && ch != '\'' &&
					 !(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9'))
					fail_msg("%s: bad character '%c' in %s", p->zRule, ch, z);
				if (nDepth < 0)
					fail_msg("%s: unbalanced ')' in %s", p->zRule, z);
				/* one space between words, none inside "i'm" */
				if (ch == ' ')
					assert_true(z[k + 1] != ' ' && z[k + 1] != '\'');
			}
			if (nDepth != 0)
				fail_msg("%s: unbalanced '(' in %s", p->zRule, z);
		}
		collect c;
		char zWant[64];
		snprintf(zWant, sizeof zWant, "%s@1:1", p->zRule);
		if (strcmp(findings(p->zExample, &c), zWant))
			fail_msg("%s: example \"%s\" gives \"%s\"", p->zRule, p->zExample, c.z);
	}
	assert_null(hw_lint_rule_find("no-such-rule"));
	assert_null(hw_lint_rule_find(NULL));
}

static int stop_cb(void *pCtx, const hw_lint_finding *p)
{
	(void)p;
	return ++*(int *)pCtx >= 2;
}

static void test_stop_and_count(void **state)
{
	static const char zText[] = "Not a sales call. We got cut off. Returning your call.";
	int nCalls = 0;
	(void)state;
	assert_int_equal(hw_lint_text(zText, NULL, NULL), 3);
	assert_int_equal(hw_lint_text(zText, stop_cb, &nCalls), 2);
	assert_int_equal(nCalls, 2);
	assert_int_equal(hw_lint_text(NULL, NULL, NULL), 0);
	assert_int_equal(hw_lint_text("", NULL, NULL), 0);
}

/* The first finding, its phrase copied: zPhrase lives only during the call. */
typedef struct first {
	hw_lint_finding f;
	char zPhrase[160];
} first;

static int first_cb(void *pCtx, const hw_lint_finding *p)
{
	first *pFirst = pCtx;
	pFirst->f = *p;
	snprintf(pFirst->zPhrase, sizeof pFirst->zPhrase, "%s", p->zPhrase);
	pFirst->f.zPhrase = pFirst->zPhrase;
	return 1;
}

/* The byte range quotes the text as the user wrote it. */
static void test_offsets(void **state)
{
	static const char zText[] = "Hi {{lead.first_name}}!\n\u201cI\u2019m  not\ttrying to sell "
				    "you anything\u201d";
	first x;
	(void)state;
	assert_int_equal(hw_lint_text(zText, first_cb, &x), 1);
	assert_int_equal(x.f.iLine, 2);
	assert_int_equal(x.f.iCol, 2);
	assert_int_equal(x.f.nByte, (int)strlen("I\u2019m  not\ttrying to sell"));
	assert_memory_equal(zText + x.f.iOffset, "I\u2019m  not\ttrying to sell",
			    (size_t)x.f.nByte);
}

static void test_format(void **state)
{
	first x;
	char z[600];
	(void)state;
	assert_int_equal(hw_lint_text("\n  We got cut off.", first_cb, &x), 1);
	hw_lint_format(&x.f, "callback-opener", z, sizeof z);
	const char *zHead =
	    "callback-opener:2:3: warning: \"we got cut off\" (fake-disconnect): A hang-up";
	assert_memory_equal(z, zHead, strlen(zHead));
	hw_lint_format(&x.f, NULL, z, sizeof z);
	assert_memory_equal(z, "2:3: warning: ", 14);
	hw_lint_format(&x.f, "x", z, 8); /* cut, still terminated */
	assert_string_equal(z, "x:2:3: ");
}

/* Random mixtures of fragments, broken UTF-8 and half merge fields: no
 * crash, no read past the end (the sanitized build checks), and every
 * finding inside the text. */
static void test_odd_bytes(void **state)
{
	static const char *const azPiece[] = {
	    "I'm ",	"not ",		"trying ", "to ",  "sell ",    "we ",
	    "got ",	"cut ",		"off",	   "{{",   "}}",       "{",
	    "}",	"\xE2\x80",	"\xE2",	   "\x80", "\xC3\xA9", "\xF0\x9F",
	    "\r",	"\n",		"\t",	   "-",	   "'",	       "\xE2\x80\x99",
	    ".",	"pretend ",	"\xFF",	   "a ",   "sales ",   "call ",
	    "\xC2\xA0", "\xE2\x80\x8B",
	};
	unsigned uSeed = 12345;
	(void)state;
	for (int iRun = 0; iRun < 3000; iRun++) {
		char z[256];
		size_t n = 0;
		int nPiece = 1 + iRun % 24;
		for (int k = 0; k < nPiece; k++) {
			uSeed = uSeed * 1103515245u + 12345u;
			const char *zP =
			    azPiece[(uSeed >> 16) % (sizeof azPiece / sizeof azPiece[0])];
			size_t m = strlen(zP);
			if (n + m >= sizeof z)
				break;
			memcpy(z + n, zP, m);
			n += m;
		}
		z[n] = 0;
		collect c;
		findings(z, &c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flagged),    cmocka_unit_test(test_not_flagged),
	    cmocka_unit_test(test_rule_table), cmocka_unit_test(test_stop_and_count),
	    cmocka_unit_test(test_offsets),    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_odd_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
