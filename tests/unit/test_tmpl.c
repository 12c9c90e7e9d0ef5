/*
 * test_tmpl.c — templates with merge fields: texts that check and texts that
 * do not, each refusal at its exact line, column (in code points) and field;
 * "did you mean" suggestions; the render with values, fallbacks, missing
 * values and single-line outputs; "{{{{"; the fields a text names; the field
 * table itself; a render naming every field; the size cap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_check_good(void **state)
{
	static const char *const azText[] = {
	    "",
	    "no fields at all",
	    "Dear {{lead.first_name}},",
	    "{{ lead.first_name }}",
	    "{{\tlead.first_name\t}}",
	    "{{lead.first_name|there}}",
	    "{{ lead.first_name | there }}",
	    "{{lead.first_name|Sir or Madam}}",
	    "{{lead.first_name|a|b}}",
	    "{{lead.company|your company's team (and friends!)}}",
	    "a { lone brace } and { another",
	    "{ {lead.first_name} }",
	    "{{lead.first_name}}}",
	    "{{{{",
	    "{{{{ not a field",
	    "{{{{{{lead.first_name}}",
	    "x{{lead.first_name}}y{{lead.last_name}}z",
	    "{{sender.address}}\n{{optout.link}}",
	    "line one\r\nline two {{today.date}}\rline three",
	    "Caf\u00e9 {{lead.city|Z\u00fcrich}} \U0001F600",
	    "{{lead.first_name|"
	    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901"
	    "234567890123456789}}",
	};
	(void)state;
	for (size_t i = 0; i < sizeof azText / sizeof azText[0]; i++) {
		hw_err err;
		hw_rc rc = hw_tmpl_check(azText[i], "t", &err);
		if (rc != HW_OK)
			fail_msg("case %zu: \"%s\": %s", i, azText[i], err.zMsg);
	}
}

static void test_check_bad(void **state)
{
	static const struct {
		const char *zText;
		long iLine;
		int iCol;
		const char *zField; /* as written */
		const char *zMsg;   /* a part of the message */
	} aCase[] = {
	    {"Hi {{lead.first_name", 1, 4, "lead.first_name", "unclosed '{{'"},
	    {"{{", 1, 1, "", "unclosed '{{'"},
	    {"abc {{ lead.first_name |there", 1, 5, "lead.first_name", "unclosed"},
	    {"{{lead.first_name\n}}", 1, 1, "lead.first_name", "on the same line"},
	    {"{{lead.first_name {{lead.last_name}}", 1, 1, "lead.first_name", "unclosed"},
	    {"{{lead.first_name}", 1, 1, "lead.first_name}", "unclosed"},
	    {"ok\n\n  x }} y", 3, 5, "", "'}}' without an opening '{{'"},
	    {"}}", 1, 1, "", "without an opening"},
	    {"{{{{lead.first_name}}", 1, 20, "", "'{{{{' writes a literal"},
	    {"{{}}", 1, 1, "", "empty field '{{}}'"},
	    {"a {{   }} b", 1, 3, "", "empty field"},
	    {"{{|there}}", 1, 1, "", "no field name before '|'"},
	    {"{{ lead first_name }}", 1, 1, "lead first_name", "bad character ' '"},
	    {"{{lead-first_name}}", 1, 1, "lead-first_name", "bad character '-'"},
	    {"{{Lead.First_Name}}", 1, 1, "Lead.First_Name",
	     "field names are lowercase: write {{lead.first_name}}"},
	    {"{{{lead.first_name}}}", 1, 1, "{lead.first_name", "two braces on each side"},
	    {"{{lead.pr\u00e9nom}}", 1, 1, "lead.pr\u00e9nom", "byte 0xc3"},
	    {"{{lead.first_name|}}", 1, 1, "lead.first_name", "empty fallback"},
	    {"{{lead.first_name|  }}", 1, 1, "lead.first_name", "empty fallback"},
	    {"{{lead.first_name|a}b}}", 1, 1, "lead.first_name", "has a brace"},
	    {"{{lead.first_name|a{b}}", 1, 1, "lead.first_name", "has a brace"},
	    {"{{lead.first_name|"
	     "0123456789012345678901234567890123456789012345678901234567890123456789012345678901"
	     "2345678901234567890}}",
	     1, 1, "lead.first_name", "101 bytes, over the 100 allowed"},
	    {"{{lead}}", 1, 1, "lead", "unknown field 'lead'"},
	    {"{{lead.}}", 1, 1, "lead.", "unknown field"},
	    {"{{lead.first_name.x}}", 1, 1, "lead.first_name.x", "unknown field"},
	    /* where: lines and code-point columns */
	    {"Dear {{lead.frist_name}}", 1, 6, "lead.frist_name", "did you mean"},
	    {"a\nb\nc {{x.y}}", 3, 3, "x.y", "unknown field"},
	    {"a\r\nb\r\nc {{x.y}}", 3, 3, "x.y", "unknown field"},
	    {"a\rb\rc {{x.y}}", 3, 3, "x.y", "unknown field"},
	    {"a\n\r\nb {{x.y}}", 3, 3, "x.y", "unknown field"},
	    {"Caf\u00e9 {{x.y}}", 1, 6, "x.y", "unknown field"},
	    {"\u00e9\u00e9\u00e9\u00e9 {{x.y}}", 1, 6, "x.y", "unknown field"},
	    {"\U0001F600{{x.y}}", 1, 2, "x.y", "unknown field"},
	    {"\u20ac\u20ac {{x.y}}", 1, 4, "x.y", "unknown field"},
	    {"Re\u0301e {{x.y}}", 1, 6, "x.y", "unknown field"},
	    {"{{lead.first_name}} \u00e9 {{x.y}}", 1, 23, "x.y", "unknown field"},
	    {"{{{{ \u00e9 }}", 1, 8, "", "without an opening"},
	    {"\t{{x.y}}", 1, 2, "x.y", "unknown field"},
	    /* the first error is the one reported */
	    {"{{x.y}} {{", 1, 1, "x.y", "unknown field"},
	    {"}} {{x.y}}", 1, 1, "", "without an opening"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_err err;
		hw_rc rc = hw_tmpl_check(aCase[i].zText, "template t", &err);
		if (rc != HW_EINVAL)
			fail_msg("case %zu: \"%s\" gives %d", i, aCase[i].zText, rc);
		if (err.iLine != aCase[i].iLine || err.iCol != aCase[i].iCol ||
		    strcmp(err.zField, aCase[i].zField) || !strstr(err.zMsg, aCase[i].zMsg) ||
		    strcmp(err.zFile, "template t"))
			fail_msg("case %zu: \"%s\"\n  got:  %ld:%d field '%s' file '%s': %s\n"
				 "  want: %ld:%d field '%s': ...%s...",
				 i, aCase[i].zText, err.iLine, err.iCol, err.zField, err.zFile,
				 err.zMsg, aCase[i].iLine, aCase[i].iCol, aCase[i].zField,
				 aCase[i].zMsg);
	}
}

/* The whole message, so a user reads exactly this. */
static void test_suggest(void **state)
{
	static const struct {
		const char *zText;
		const char *zMsg;
	} aCase[] = {
	    {"{{lead.frist_name}}", "unknown field 'lead.frist_name': did you mean "
				    "lead.first_name? `hawser template fields` lists them"},
	    {"{{lead.firstname}}", "unknown field 'lead.firstname': did you mean "
				   "lead.first_name? `hawser template fields` lists them"},
	    {"{{lead.compnay}}", "unknown field 'lead.compnay': did you mean lead.company? "
				 "`hawser template fields` lists them"},
	    {"{{lead.citty}}", "unknown field 'lead.citty': did you mean lead.city? "
			       "`hawser template fields` lists them"},
	    {"{{user.company}}", "unknown field 'user.company': did you mean lead.company or "
				 "sender.company? `hawser template fields` lists them"},
	    {"{{contact.first_name}}", "unknown field 'contact.first_name': did you mean "
				       "lead.first_name or user.first_name? `hawser template "
				       "fields` lists them"},
	    {"{{first_name}}", "unknown field 'first_name': did you mean lead.first_name or "
			       "user.first_name? `hawser template fields` lists them"},
	    {"{{date}}", "unknown field 'date': did you mean last_touch.date, next_call.date, "
			 "meeting.date or today.date? `hawser template fields` lists them"},
	    {"{{next_call.dat}}", "unknown field 'next_call.dat': did you mean next_call.date "
				  "or next_call.day? `hawser template fields` lists them"},
	    {"{{optout.url}}", "unknown field 'optout.url': `hawser template fields` lists "
			       "the fields"},
	    {"{{lead.nickname}}", "unknown field 'lead.nickname': `hawser template fields` "
				  "lists the fields"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_err err;
		assert_int_equal(hw_tmpl_check(aCase[i].zText, NULL, &err), HW_EINVAL);
		if (strcmp(err.zMsg, aCase[i].zMsg))
			fail_msg("case %zu: \"%s\"\n  got:  %s\n  want: %s", i, aCase[i].zText,
				 err.zMsg, aCase[i].zMsg);
		assert_string_equal(err.zFile, "");
	}
}

/* Values for a render: "name=value" pairs; a name not listed has none. */
typedef struct values {
	const char *const *azPair;
	int nCall;
} values;

static const char *value_of(void *pCtx, const char *zField)
{
	values *v = pCtx;
	size_t n = strlen(zField);
	v->nCall++;
	assert_true(hw_tmpl_is_field(zField));
	for (int i = 0; v->azPair[i]; i++)
		if (!strncmp(v->azPair[i], zField, n) && v->azPair[i][n] == '=')
			return v->azPair[i] + n + 1;
	return NULL;
}

static void test_render(void **state)
{
	static const char *const azVal[] = {
	    "lead.first_name=Ada",
	    "lead.last_name=Lovelace",
	    "lead.company=",
	    "lead.city=Z\u00fcrich",
	    "sender.address=Acme Ltd\n1 Main Street\nSpringfield",
	    "user.purpose=we help teams stop missing calls",
	    "user.name=Bob {{lead.first_name}}",
	    "next_call.day=Friday",
	    "meeting.time=10:30 AM\r",
	    NULL,
	};
	static const struct {
		const char *zText;
		int bNoNewline;
		hw_rc rc;
		const char *zWant; /* the output, or the error's "field@line:col" */
	} aCase[] = {
	    {"", 0, HW_OK, ""},
	    {"plain", 1, HW_OK, "plain"},
	    {"Dear {{lead.first_name}},", 0, HW_OK, "Dear Ada,"},
	    {"{{ lead.first_name }} {{lead.last_name}}", 1, HW_OK, "Ada Lovelace"},
	    {"{{lead.first_name|there}}", 0, HW_OK, "Ada"},
	    {"Hello {{lead.full_name|there}}!", 0, HW_OK, "Hello there!"},
	    {"Hello {{ lead.full_name |  dear reader  }}!", 0, HW_OK, "Hello dear reader!"},
	    {"{{lead.company|your company}}", 0, HW_OK, "your company"}, /* "" is missing */
	    {"{{lead.city}}", 1, HW_OK, "Z\u00fcrich"},
	    {"{{{{lead.first_name}}}}", 0, HW_EINVAL, "@1:20"},
	    {"{{{{{{lead.first_name}}", 0, HW_OK, "{{Ada"},
	    {"{{{{ and {{{{", 0, HW_OK, "{{ and {{"},
	    {"{ {lead.first_name} } }", 0, HW_OK, "{ {lead.first_name} } }"},
	    {"{{lead.first_name}}}", 0, HW_OK, "Ada}"},
	    {"a\r\nb {{next_call.day}}\n", 1, HW_OK, "a\r\nb Friday\n"},
	    /* a value is written as is, never read as a template */
	    {"{{user.name}}", 0, HW_OK, "Bob {{lead.first_name}}"},
	    {"{{sender.address}}", 0, HW_OK, "Acme Ltd\n1 Main Street\nSpringfield"},
	    {"I call because {{user.purpose}}.", 0, HW_OK,
	     "I call because we help teams stop missing calls."},
	    /* missing values */
	    {"Dear {{lead.title}}", 0, HW_EINVAL, "lead.title@1:6"},
	    {"ok {{lead.first_name}}\n  {{ lead.company }}", 0, HW_EINVAL, "lead.company@2:3"},
	    {"\u00e9\u00e9 {{optout.link}}", 0, HW_EINVAL, "optout.link@1:4"},
	    /* single-line outputs */
	    {"{{sender.address}}", 1, HW_EINVAL, "sender.address@1:1"},
	    {"at {{meeting.time}}", 1, HW_EINVAL, "meeting.time@1:4"},
	    {"at {{meeting.time}}", 0, HW_OK, "at 10:30 AM\r"},
	    {"{{lead.title|Sir}} {{sender.address}}", 1, HW_EINVAL, "sender.address@1:20"},
	    /* a template error comes before a missing value, and says so */
	    {"{{lead.title}} {{lead.titel}}", 0, HW_EINVAL, "lead.titel@1:16"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		values v = {azVal, 0};
		hw_err err;
		char *zOut = (char *)"unset";
		char zGot[128];
		hw_rc rc =
		    hw_tmpl_render(aCase[i].zText, value_of, &v, aCase[i].bNoNewline, &zOut, &err);
		if (rc == HW_OK) {
			assert_non_null(zOut);
			snprintf(zGot, sizeof zGot, "%s", zOut);
		} else {
			assert_null(zOut);
			snprintf(zGot, sizeof zGot, "%s@%ld:%d", err.zField, err.iLine, err.iCol);
			assert_true(err.zMsg[0]);
		}
		if (rc != aCase[i].rc || strcmp(zGot, aCase[i].zWant))
			fail_msg("case %zu: \"%s\"\n  got:  %d [%s] %s\n  want: %d [%s]", i,
				 aCase[i].zText, rc, zGot, rc ? err.zMsg : "", aCase[i].rc,
				 aCase[i].zWant);
		free(zOut);
	}
}

/* The messages a rep reads when a task is skipped. */
static void test_render_messages(void **state)
{
	static const char *const azNone[] = {NULL};
	static const char *const azAddr[] = {"sender.address=1 Main St\nSpringfield", NULL};
	values v = {azNone, 0};
	hw_err err;
	char *zOut;
	(void)state;
	assert_int_equal(hw_tmpl_render("Dear {{lead.first_name}},", value_of, &v, 0, &zOut, &err),
			 HW_EINVAL);
	assert_null(zOut);
	assert_string_equal(err.zField, "lead.first_name");
	assert_string_equal(err.zMsg,
			    "no value for {{lead.first_name}} (line 1, column 6): fill it in on "
			    "the lead or give a fallback, {{lead.first_name|there}}");
	assert_int_equal(err.iLine, 1);
	assert_int_equal(err.iCol, 6);

	assert_int_equal(
	    hw_tmpl_render("\n\nSee you {{next_call.day}}", value_of, &v, 0, &zOut, &err),
	    HW_EINVAL);
	assert_string_equal(err.zMsg,
			    "no value for {{next_call.day}} (line 3, column 9): plan the next call "
			    "first or give a fallback, {{next_call.day|next week}}");

	v.azPair = azAddr;
	assert_int_equal(hw_tmpl_render("x {{sender.address}}", value_of, &v, 1, &zOut, &err),
			 HW_EINVAL);
	assert_null(zOut);
	assert_string_equal(err.zField, "sender.address");
	assert_non_null(strstr(err.zMsg, "line break"));
	assert_non_null(strstr(err.zMsg, "{{sender.address}} (line 1, column 3)"));

	/* no callback: every field is missing */
	assert_int_equal(hw_tmpl_render("{{user.name}}", NULL, NULL, 0, &zOut, &err), HW_EINVAL);
	assert_string_equal(err.zField, "user.name");
	assert_int_equal(hw_tmpl_render("{{user.name|we}}", NULL, NULL, 0, &zOut, &err), HW_OK);
	assert_string_equal(zOut, "we");
	free(zOut);

	/* the callback is asked once per use, and not at all for a broken text */
	v.azPair = azNone;
	v.nCall = 0;
	assert_int_equal(
	    hw_tmpl_render("{{lead.title|a}}{{lead.title|b}}", value_of, &v, 0, &zOut, &err),
	    HW_OK);
	assert_string_equal(zOut, "ab");
	assert_int_equal(v.nCall, 2);
	free(zOut);
	v.nCall = 0;
	assert_int_equal(hw_tmpl_render("{{lead.title|a}} }}", value_of, &v, 0, &zOut, &err),
			 HW_EINVAL);
	assert_int_equal(v.nCall, 0);
	assert_int_equal(err.iCol, 18);
}

/* Long values and many fields: the output grows as needed. */
static void test_render_long(void **state)
{
	enum { N_BIG = 1 << 20, N_USE = 200 };
	char *zBig = malloc(N_BIG + 32), *zText = malloc(N_USE * 20 + 1), *zOut;
	const char *azPair[] = {zBig, NULL};
	values v = {azPair, 0};
	hw_err err;
	size_t n = 0;
	(void)state;
	strcpy(zBig, "sender.address=");
	memset(zBig + 15, 'x', N_BIG);
	zBig[15 + N_BIG] = 0;
	zBig[15 + N_BIG / 2] = '\n';
	for (int i = 0; i < N_USE; i++)
		n += (size_t)sprintf(zText + n, "%s", i % 2 ? "{{sender.address}}" : "-");
	assert_int_equal(hw_tmpl_render(zText, value_of, &v, 0, &zOut, &err), HW_OK);
	assert_int_equal(strlen(zOut), (size_t)N_USE / 2 * (N_BIG + 1));
	assert_int_equal(zOut[0], '-');
	assert_int_equal(zOut[1 + N_BIG / 2], '\n');
	assert_int_equal(zOut[N_BIG + 1], '-');
	free(zOut);
	free(zText);
	free(zBig);
}

static void test_max_text(void **state)
{
	char *z = malloc(HW_TMPL_MAX_TEXT + 2), *zOut;
	hw_err err;
	(void)state;
	memset(z, 'a', HW_TMPL_MAX_TEXT + 1);
	memcpy(z + HW_TMPL_MAX_TEXT - 15, "{{lead.city|x}}", 15);
	z[HW_TMPL_MAX_TEXT] = 0;
	assert_int_equal(hw_tmpl_check(z, NULL, &err), HW_OK);
	assert_int_equal(hw_tmpl_render(z, NULL, NULL, 1, &zOut, &err), HW_OK);
	assert_int_equal(strlen(zOut), HW_TMPL_MAX_TEXT - 14);
	assert_string_equal(zOut + HW_TMPL_MAX_TEXT - 16, "ax");
	free(zOut);
	z[HW_TMPL_MAX_TEXT] = 'a';
	z[HW_TMPL_MAX_TEXT + 1] = 0;
	assert_int_equal(hw_tmpl_check(z, "subject", &err), HW_EINVAL);
	assert_non_null(strstr(err.zMsg, "over 65536 bytes"));
	assert_string_equal(err.zFile, "subject");
	assert_int_equal(hw_tmpl_render(z, NULL, NULL, 0, &zOut, &err), HW_EINVAL);
	assert_null(zOut);
	assert_int_equal(hw_tmpl_check(NULL, NULL, &err), HW_EINVAL);
	assert_int_equal(hw_tmpl_check("{{x}}", NULL, NULL), HW_EINVAL); /* no pErr */
	free(z);
}

typedef struct seen {
	char z[512];
	size_t n;
} seen;

static void seen_cb(void *pCtx, const char *zField)
{
	seen *s = pCtx;
	s->n += (size_t)snprintf(s->z + s->n, sizeof s->z - s->n, "%s%s", s->n ? " " : "", zField);
}

static void test_each_field(void **state)
{
	static const struct {
		const char *zText;
		const char *zWant;
	} aCase[] = {
	    {"", ""},
	    {"no fields", ""},
	    {"{{lead.first_name}}", "lead.first_name"},
	    {"{{user.name}} {{ lead.first_name|x }} {{user.name}}\n{{lead.first_name}} "
	     "{{sender.address}}",
	     "user.name lead.first_name sender.address"},
	    {"{{{{lead.first_name}} is written", ""}, /* does not check */
	    {"{{{{ {{today.date}}", "today.date"},
	    {"{{lead.city}} {{x.y}}", ""}, /* does not check: nothing */
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		seen s = {{0}, 0};
		hw_tmpl_each_field(aCase[i].zText, seen_cb, &s);
		if (strcmp(s.z, aCase[i].zWant))
			fail_msg("case %zu: \"%s\"\n  got:  %s\n  want: %s", i, aCase[i].zText, s.z,
				 aCase[i].zWant);
	}
	hw_tmpl_each_field(NULL, seen_cb, NULL);
	hw_tmpl_each_field("{{lead.city}}", NULL, NULL);
}

/* In the manual's order, once each, well formed, each with help. */
static void test_fields_table(void **state)
{
	static const char *const azWant[] = {
	    "lead.first_name",	 "lead.last_name",  "lead.full_name",	"lead.title",
	    "lead.company",	 "lead.email",	    "lead.phone",	"lead.street",
	    "lead.city",	 "lead.state",	    "lead.postal_code", "lead.country",
	    "lead.linkedin_url", "lead.website",    "lead.industry",	"account.name",
	    "user.name",	 "user.first_name", "user.email",	"user.phone",
	    "user.purpose",	 "last_touch.date", "last_touch.day",	"next_call.date",
	    "next_call.day",	 "next_call.time",  "meeting.date",	"meeting.time",
	    "today.date",	 "sender.company",  "sender.address",	"optout.link",
	};
	int n = -1;
	const hw_tmpl_field *a = hw_tmpl_fields(&n);
	(void)state;
	assert_non_null(a);
	assert_int_equal(n, sizeof azWant / sizeof azWant[0]);
	assert_ptr_equal(hw_tmpl_fields(NULL), a);
	for (int i = 0; i < n; i++) {
		const char *z = a[i].zName;
		char zText[128];
		hw_err err;
		assert_string_equal(z, azWant[i]);
		assert_true(a[i].zHelp && strlen(a[i].zHelp) >= 10 && strlen(a[i].zHelp) < 80);
		/* [a-z][a-z_]*.[a-z][a-z_]*, short enough for hw_err.zField */
		assert_true(strlen(z) < 40);
		assert_non_null(strchr(z, '.'));
		assert_ptr_equal(strchr(z, '.'), strrchr(z, '.'));
		assert_true(z[0] >= 'a' && z[0] <= 'z');
		assert_true(strchr(z, '.')[1] >= 'a' && strchr(z, '.')[1] <= 'z');
		assert_int_equal(strspn(z, "abcdefghijklmnopqrstuvwxyz0123456789_."), strlen(z));
		for (int j = 0; j < i; j++)
			if (!strcmp(a[j].zName, z))
				fail_msg("field %s twice (%d and %d)", z, j, i);
		assert_true(hw_tmpl_is_field(z));
		snprintf(zText, sizeof zText, "{{%s}}", z);
		assert_int_equal(hw_tmpl_check(zText, NULL, &err), HW_OK);
		/* the fallback a "no value" message proposes is itself good */
		char *zOut, *zFix, *zEnd;
		assert_int_equal(hw_tmpl_render(zText, NULL, NULL, 1, &zOut, &err), HW_EINVAL);
		assert_string_equal(err.zField, z);
		assert_non_null(zFix = strstr(err.zMsg, "fallback, {{"));
		zFix += strlen("fallback, ");
		assert_non_null(zEnd = strstr(zFix, "}}"));
		zEnd[2] = 0;
		snprintf(zText, sizeof zText, "%s", zFix); /* the render clears err */
		zFix = zText;
		assert_true(!strncmp(zFix + 2, z, strlen(z)) && zFix[2 + strlen(z)] == '|');
		assert_int_equal(hw_tmpl_render(zFix, NULL, NULL, 1, &zOut, &err), HW_OK);
		assert_true(strlen(zOut) > 1);
		free(zOut);
	}
	assert_false(hw_tmpl_is_field("lead.frist_name"));
	assert_false(hw_tmpl_is_field("lead"));
	assert_false(hw_tmpl_is_field(""));
	assert_false(hw_tmpl_is_field(NULL));
	assert_false(hw_tmpl_is_field("lead.first_name "));
}

/* Each field's value as "<name>", the address on three lines. */
static const char *every_value(void *pCtx, const char *zField)
{
	static char azVal[64][64];
	int *pn = pCtx;
	int i = (*pn)++;
	assert_true(i < 64);
	if (!strcmp(zField, "sender.address"))
		return "1 Main St\nSpringfield\nUSA";
	snprintf(azVal[i], sizeof azVal[i], "<%s>", zField);
	return azVal[i];
}

static void test_render_every_field(void **state)
{
	int n, nCall = 0;
	const hw_tmpl_field *a = hw_tmpl_fields(&n);
	char zText[4096], zWant[4096], *zOut;
	size_t nText = 0, nWant = 0;
	hw_err err;
	seen s = {{0}, 0};
	(void)state;
	for (int i = 0; i < n; i++) {
		nText += (size_t)snprintf(zText + nText, sizeof zText - nText, "%d: {{%s}}\n", i,
					  a[i].zName);
		if (!strcmp(a[i].zName, "sender.address"))
			nWant += (size_t)snprintf(zWant + nWant, sizeof zWant - nWant,
						  "%d: 1 Main St\nSpringfield\nUSA\n", i);
		else
			nWant += (size_t)snprintf(zWant + nWant, sizeof zWant - nWant, "%d: <%s>\n",
						  i, a[i].zName);
	}
	assert_int_equal(hw_tmpl_render(zText, every_value, &nCall, 0, &zOut, &err), HW_OK);
	assert_string_equal(zOut, zWant);
	assert_int_equal(nCall, n);
	free(zOut);
	hw_tmpl_each_field(zText, seen_cb, &s);
	for (int i = 0; i < n; i++)
		assert_non_null(strstr(s.z, a[i].zName));
	/* on one line, every field but the address goes */
	nCall = 0;
	assert_int_equal(hw_tmpl_render(zText, every_value, &nCall, 1, &zOut, &err), HW_EINVAL);
	assert_string_equal(err.zField, "sender.address");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_good),	    cmocka_unit_test(test_check_bad),
	    cmocka_unit_test(test_suggest),	    cmocka_unit_test(test_render),
	    cmocka_unit_test(test_render_messages), cmocka_unit_test(test_render_long),
	    cmocka_unit_test(test_max_text),	    cmocka_unit_test(test_each_field),
	    cmocka_unit_test(test_fields_table),    cmocka_unit_test(test_render_every_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
