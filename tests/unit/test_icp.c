/*
 * test_icp.c — the Ideal Customer Profile: errors name the line and what was
 * expected; "has" matches whole words, "is" whole fields, "between" head
 * counts as lists write them; scores add up from the base and are clamped;
 * explain says which rules matched and cuts safely; the shipped text parses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/icp.h"

#include <stdio.h>
#include <string.h>

/* The example from the design, used by several tests. */
static const char zExample[] =
	"base 40\n"
	"title     has \"vp\" \"vice president\" \"head of\" \"director\" \"chief\" \"founder\" "
	"\"owner\"   +30\n"
	"title     has \"intern\" \"student\" \"assistant\"   -30\n"
	"industry  is  \"Software\" \"Information Technology\" \"Marketing & Advertising\"  +15\n"
	"employees between 11 500    +20\n"
	"employees between 1 10      -10\n"
	"region    is US CA GB AU    +10\n";

typedef struct lead_spec {
	const char *zTitle;
	const char *zIndustry;
	const char *zEmployees;
	const char *zRegion;
	const char *zCustom;
} lead_spec;

static void make_lead(hw_lead *pLead, const lead_spec *pS)
{
	memset(pLead, 0, sizeof *pLead);
	assert_int_equal(hw_lead_set(pLead, HW_F_TITLE, pS->zTitle), HW_OK);
	assert_int_equal(hw_lead_set(pLead, HW_F_INDUSTRY, pS->zIndustry), HW_OK);
	assert_int_equal(hw_lead_set(pLead, HW_F_EMPLOYEES, pS->zEmployees), HW_OK);
	assert_int_equal(hw_lead_set_str(&pLead->zCustom, pS->zCustom), HW_OK);
	snprintf(pLead->zRegion, sizeof pLead->zRegion, "%s", pS->zRegion ? pS->zRegion : "");
}

static hw_icp *parse_ok(const char *zText)
{
	hw_icp *pIcp = NULL;
	hw_err err;
	hw_rc rc = hw_icp_parse(zText, "icp.txt", &pIcp, &err);
	if (rc != HW_OK)
		fail_msg("parse failed: line %ld: %s\n%s", err.iLine, err.zMsg, zText);
	return pIcp;
}

/* The score of one lead under a one-off profile. */
static int score_of(const char *zText, const lead_spec *pS)
{
	hw_icp *pIcp = parse_ok(zText);
	hw_lead lead;
	make_lead(&lead, pS);
	int iScore = hw_icp_score(pIcp, &lead);
	hw_lead_clear(&lead);
	hw_icp_free(pIcp);
	return iScore;
}

static void test_parse_errors(void **state)
{
	static char zTooMany[512], cNotNull;
	static const struct {
		const char *zText;
		long iLine;
		const char *zMsg; /* a part of the message */
	} aCase[] = {
		{"title hass vp +10", 1, "unknown operator 'hass'; expected has, is or between"},
		{"# sizes\n\nsize is big +10", 3,
		 "unknown field 'size'; expected one of title, industry, employees, region, "
		 "country, company, state, city, custom.KEY"},
		{"title", 1, "expected an operator after 'title'"},
		{"title has vp", 1, "missing points at the end of the rule: +N or -N"},
		{"title has \"head of\" # +30 in a comment", 1, "missing points"},
		{"title has vp 30", 1, "points '30' need a sign: +30 or -30"},
		{"title has vp +x", 1, "points '+x' must be +N or -N"},
		{"title has vp +1001", 1,
		 "points '+1001' must be +N or -N, N a whole number up to 1000"},
		{"title has vp \"+10\"", 1, "missing points"},
		{"title has +30", 1, "missing values between 'has' and the points"},
		{"title has \"\" +5", 1, "empty value"},
		{"title has * +5", 1, "empty value '*'"},
		{"title has \"vp +30", 1, "unterminated quote at column 11"},
		{"title has \"vp\"x +5", 1, "expected a space after the closing '\"' at column 14"},
		{"employees between ten 500 +5", 1,
		 "between needs whole numbers: 'ten' is not one"},
		{"employees between 11 500x +5", 1, "'500x' is not one"},
		{"employees between 500 11 +5", 1, "between 500 11: LOW is above HIGH"},
		{"employees between 11 +5", 1, "between takes two numbers, LOW HIGH"},
		{"employees between 1 2 3 +5", 1, "too many values: between takes two numbers"},
		{"employees between 11 500", 1, "missing points"},
		{"employees between 11 500 20", 1, "points '20' need a sign"},
		{"title between 1 2 +5", 1, "between works on employees or custom.KEY, not title"},
		{"custom. is x +5", 1, "custom. needs a key"},
		{"base 50\ntitle has vp +5\nbase 60", 3, "base is set twice (first on line 1)"},
		{"base 101", 1, "base takes one whole number from 0 to 100, not 101"},
		{"base", 1, "base takes one whole number from 0 to 100"},
		{"base -5", 1, "base takes one whole number"},
		{"title has vp +10\r\nregion is US +5\r\ncity is +5\r\n", 3, "missing values"},
		{zTooMany, 2, "too many values: at most 32 on one rule"},
	};
	(void)state;

	size_t n = (size_t)snprintf(zTooMany, sizeof zTooMany, "base 10\ntitle has");
	for (int i = 0; i < HW_ICP_MAX_VALUES + 1; i++)
		n += (size_t)snprintf(zTooMany + n, sizeof zTooMany - n, " w%d", i);
	snprintf(zTooMany + n, sizeof zTooMany - n, " +5\n");

	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_icp *pIcp = (hw_icp *)&cNotNull; /* must come back NULL */
		hw_err err;
		hw_rc rc = hw_icp_parse(aCase[i].zText, "icp.txt", &pIcp, &err);
		if (rc != HW_EINVAL || pIcp != NULL || err.iLine != aCase[i].iLine ||
		    strcmp(err.zFile, "icp.txt") != 0 || !strstr(err.zMsg, aCase[i].zMsg))
			fail_msg("case %zu: rc %d line %ld msg '%s'; want line %ld '%s'", i, rc,
				 err.iLine, err.zMsg, aCase[i].iLine, aCase[i].zMsg);
	}
}

static void test_error_format(void **state)
{
	hw_icp *pIcp;
	hw_err err;
	char zBuf[600];
	(void)state;
	assert_int_equal(hw_icp_parse("base 40\n\ntitle has vp 30\n", "team.icp", &pIcp, &err),
			 HW_EINVAL);
	hw_err_format(&err, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "team.icp:3: points '30' need a sign: +30 or -30");
	/* No error detail wanted: still refused, nothing leaks. */
	assert_int_equal(hw_icp_parse("title nope x +1", NULL, &pIcp, NULL), HW_EINVAL);
	assert_null(pIcp);
}

static void test_score(void **state)
{
	static const struct {
		lead_spec lead;
		int iScore;
	} aCase[] = {
		/* 40 + 30 + 15 + 20 + 10, clamped */
		{{"VP of Sales", "software", "51-200", "US", NULL}, 100},
		{{"Head of Operations", "Retail", "1,200", "DE", NULL}, 70},
		/* 40 - 30 + 15 - 10 + 10 */
		{{"Marketing Intern", "Marketing & Advertising", "5", "GB", NULL}, 25},
		{{NULL, NULL, NULL, NULL, NULL}, 40},
		/* "vp" is not a word of "VPN"; "intern" not of "International" */
		{{"VPN Engineer", NULL, NULL, NULL, NULL}, 40},
		{{"Director, International Sales", NULL, NULL, NULL, NULL}, 70},
		/* is: trimmed and case-folded; region too */
		{{NULL, "  SOFTWARE ", "500+", "ca", NULL}, 85},
		/* is is not has; 10,001+ is in no band */
		{{"Owner", "Information Technology and Services", "10,001+", "AU", NULL}, 80},
		/* an unreadable head count matches no between rule */
		{{NULL, NULL, "unknown", NULL, NULL}, 40},
		/* a rule counts once though several values match */
		{{"Founder & Chief Executive, VP", NULL, NULL, NULL, NULL}, 70},
		/* both title rules match: they add up */
		{{"Assistant Director", NULL, "3", NULL, NULL}, 30},
	};
	hw_icp *pIcp = parse_ok(zExample);
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_lead lead;
		make_lead(&lead, &aCase[i].lead);
		int iScore = hw_icp_score(pIcp, &lead);
		hw_lead_clear(&lead);
		if (iScore != aCase[i].iScore)
			fail_msg("case %zu (%s): score %d, want %d", i,
				 aCase[i].lead.zTitle ? aCase[i].lead.zTitle : "-", iScore,
				 aCase[i].iScore);
	}
	hw_icp_free(pIcp);
}

static void test_has_words(void **state)
{
	static const struct {
		const char *zValue;
		const char *zTitle;
		int bMatch;
	} aCase[] = {
		{"vp", "VP Sales", 1},
		{"vp", "Sales (VP)", 1},
		{"vp", "SVP, Sales", 0},
		{"vp", "VPN Engineer", 0},
		{"intern", "Marketing Intern", 1},
		{"intern", "Director, International", 0},
		{"\"head of\"", "Head of Growth", 1},
		{"\"head of\"", "Ahead of plan", 0},
		{"\"head of\"", "Head Office Manager", 0},
		{"market*", "Marketing Lead", 1},
		{"market*", "Supermarket Manager", 0},
		{"founder", "Co-Founder & CEO", 1},
		{"c#", "Senior C# Developer", 1}, /* '#' inside a word is not a comment */
		{"\"c++\"", "C++ dev", 1},
		{"\"a # b\"", "x A # B y", 1},
		{"\"geschäftsführer\"", "Geschäftsführer", 1},
		{"führer", "Geschäftsführer", 0}, /* UTF-8 letters are word characters */
		{"\"geschäftsführer\"", "GESCHÄFTSFÜHRER", 0}, /* ASCII folding only */
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		char zText[128];
		lead_spec s = {aCase[i].zTitle, NULL, NULL, NULL, NULL};
		snprintf(zText, sizeof zText, "base 0\ntitle has %s +10 # comment\n",
			 aCase[i].zValue);
		int iScore = score_of(zText, &s);
		if (iScore != (aCase[i].bMatch ? 10 : 0))
			fail_msg("case %zu: %s in '%s' scored %d", i, aCase[i].zValue,
				 aCase[i].zTitle, iScore);
	}
}

static void test_employees(void **state)
{
	static const struct {
		const char *zEmployees;
		int bMatch; /* in 51..200 */
	} aCase[] = {
		{"51-200", 1},
		{"51 - 200", 1},
		{"51\xE2\x80\x93" "200", 1}, /* an en dash */
		{"51 to 200", 1},
		{"100", 1},
		{" 200 ", 1},
		{"150+", 1},
		{"0.1k", 0},
		{"201", 0},
		{"50", 0},
		{"1,200", 0},
		{"10-60", 0}, /* a band counts as its low end */
		{"201-500", 0},
		{"1k", 0},
		{"n/a", 0},
		{"unknown", 0},
		{"-", 0},
		{"", 0},
		{"60 employees", 0},
		{"99999999999999999999", 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		lead_spec s = {NULL, NULL, aCase[i].zEmployees, NULL, NULL};
		int iScore = score_of("base 0\nemployees between 51 200 +10\n", &s);
		if (iScore != (aCase[i].bMatch ? 10 : 0))
			fail_msg("case %zu: employees '%s' scored %d", i, aCase[i].zEmployees,
				 iScore);
	}
	/* Bounds are written as lists write counts, too. */
	lead_spec big = {NULL, NULL, "5,000-10,000", NULL, NULL};
	assert_int_equal(score_of("base 0\nemployees between 1,000 10k +10\n", &big), 10);
	lead_spec huge = {NULL, NULL, "10,001+", NULL, NULL};
	assert_int_equal(score_of("base 0\nemployees between 1,000 10k +10\n", &huge), 0);
}

static void test_clamp_and_base(void **state)
{
	static const struct {
		const char *zText;
		const char *zTitle;
		int iScore;
	} aCase[] = {
		{"base 90\ntitle has ceo +30\n", "CEO", 100},
		{"base 10\ntitle has intern -1000\n", "Intern", 0},
		{"base 10\ntitle has intern -1000\ntitle has ceo +1000\n", "CEO, intern", 10},
		{"", "CEO", 50},
		{"# only a comment\n\n   \n", "CEO", 50},
		{"title has ceo +5", "CEO", 55}, /* no newline at the end */
		{"TITLE\tHAS\tceo\t+5\n", "ceo", 55},
		{"base 0\ntitle is ceo +0\n", "CEO", 0},
		{"base 100\n", NULL, 100},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		lead_spec s = {aCase[i].zTitle, NULL, NULL, NULL, NULL};
		int iScore = score_of(aCase[i].zText, &s);
		if (iScore != aCase[i].iScore)
			fail_msg("case %zu: score %d, want %d", i, iScore, aCase[i].iScore);
	}
}

static void test_custom(void **state)
{
	static const char zText[] = "\"custom.Lead Source\" is Referral +20\n"
				    "custom.seats between 10 100 +10\n"
				    "custom.partner is true +5\n";
	static const struct {
		const char *zCustom;
		int iScore;
	} aCase[] = {
		{"{\"lead source\":\"referral\",\"Seats\":25,\"partner\":true}", 85},
		{"{\"Lead Source\":\"Trade show\",\"seats\":\"10-20\"}", 60},
		{"{\"seats\":250.0}", 50},
		{"{\"seats\":50.0}", 60},
		{"{\"seats\":null}", 50},
		{"[1,2]", 50},
		{"not json", 50},
		{NULL, 50},
	};
	hw_icp *pIcp = parse_ok(zText);
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		lead_spec s = {NULL, NULL, NULL, NULL, aCase[i].zCustom};
		hw_lead lead;
		make_lead(&lead, &s);
		int iScore = hw_icp_score(pIcp, &lead);
		hw_lead_clear(&lead);
		if (iScore != aCase[i].iScore)
			fail_msg("case %zu: score %d, want %d", i, iScore, aCase[i].iScore);
	}
	char zBuf[128];
	lead_spec s = {NULL, NULL, NULL, NULL, "{\"LEAD SOURCE\":\"Referral\"}"};
	hw_lead lead;
	make_lead(&lead, &s);
	assert_int_equal(hw_icp_explain(pIcp, &lead, zBuf, sizeof zBuf), 70);
	assert_string_equal(zBuf, "custom.Lead Source is 'Referral' +20");
	hw_lead_clear(&lead);
	hw_icp_free(pIcp);
}

static void test_explain(void **state)
{
	static const struct {
		lead_spec lead;
		int iScore;
		const char *zWant;
	} aCase[] = {
		{{"Vice President, VP Sales", "software", "51-200", "US", NULL}, 100,
		 "title has 'vp' +30; industry is 'Software' +15; employees 11-500 +20; "
		 "region is 'US' +10"},
		{{"Marketing Intern", NULL, "5", NULL, NULL}, 0,
		 "title has 'intern' -30; employees 1-10 -10"},
		{{"Plumber", "Construction", NULL, "FR", NULL}, 40, ""},
	};
	hw_icp *pIcp = parse_ok(zExample);
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		char zBuf[256];
		hw_lead lead;
		make_lead(&lead, &aCase[i].lead);
		int iScore = hw_icp_explain(pIcp, &lead, zBuf, sizeof zBuf);
		assert_int_equal(iScore, hw_icp_score(pIcp, &lead));
		hw_lead_clear(&lead);
		if (iScore != aCase[i].iScore || strcmp(zBuf, aCase[i].zWant) != 0)
			fail_msg("case %zu: %d '%s'; want %d '%s'", i, iScore, zBuf,
				 aCase[i].iScore, aCase[i].zWant);
	}
	hw_icp_free(pIcp);
}

/* Is z valid UTF-8 (well enough to catch a sequence cut short)? */
static int utf8_ok(const char *z)
{
	const unsigned char *u = (const unsigned char *)z;
	while (*u) {
		int n = *u < 0x80 ? 0 : (*u & 0xE0) == 0xC0 ? 1 : (*u & 0xF0) == 0xE0 ? 2 : 3;
		u++;
		for (int i = 0; i < n; i++, u++)
			if ((*u & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

static void test_explain_truncates(void **state)
{
	hw_icp *pIcp = parse_ok("base 50\ncity is \"Zürich\" +5\ntitle has \"über\" +5\n");
	hw_lead lead;
	char zFull[128], zBuf[128];
	(void)state;
	memset(&lead, 0, sizeof lead);
	assert_int_equal(hw_lead_set(&lead, HW_F_CITY, "zürich"), HW_OK);
	assert_int_equal(hw_lead_set(&lead, HW_F_TITLE, "Head über alles"), HW_OK);
	assert_int_equal(hw_icp_explain(pIcp, &lead, zFull, sizeof zFull), 60);
	assert_string_equal(zFull, "city is 'Zürich' +5; title has 'über' +5");

	/* Every size: NUL-terminated inside the buffer, valid UTF-8, a prefix of
	 * the full text, and "..." whenever it was cut and there was room. */
	for (size_t n = 1; n <= strlen(zFull) + 1; n++) {
		memset(zBuf, 'x', sizeof zBuf);
		assert_int_equal(hw_icp_explain(pIcp, &lead, zBuf, n), 60);
		size_t nOut = strnlen(zBuf, n);
		if (nOut >= n || !utf8_ok(zBuf) || zBuf[n] != 'x')
			fail_msg("size %zu: '%s'", n, zBuf);
		int bCut = n <= strlen(zFull);
		size_t nKeep = bCut && n >= 4 ? nOut - 3 : nOut;
		if (strncmp(zBuf, zFull, nKeep) != 0 ||
		    (bCut && n >= 4 && strcmp(zBuf + nKeep, "...") != 0))
			fail_msg("size %zu: '%s'", n, zBuf);
	}
	/* No room at all: the buffer is not touched. */
	zBuf[0] = 'x';
	assert_int_equal(hw_icp_explain(pIcp, &lead, zBuf, 0), 60);
	assert_int_equal(zBuf[0], 'x');
	hw_lead_clear(&lead);
	hw_icp_free(pIcp);
}

static void test_default_text(void **state)
{
	static const struct {
		lead_spec lead;
		int iScore;
	} aCase[] = {
		{{"SVP Sales", "Computer Software", "201-500", "US", NULL}, 100},
		{{"Sales Manager", "Retail", "11-50", "DE", NULL}, 55},
		{{"Marketing Intern", "Marketing & Advertising", "5", "GB", NULL}, 25},
		{{"Co-Founder", "Higher Education", "2,000", "NZ", NULL}, 80},
		{{NULL, NULL, NULL, NULL, NULL}, 40},
	};
	hw_icp *pIcp = parse_ok(hw_icp_default_text);
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		char zWhy[256];
		hw_lead lead;
		make_lead(&lead, &aCase[i].lead);
		int iScore = hw_icp_explain(pIcp, &lead, zWhy, sizeof zWhy);
		hw_lead_clear(&lead);
		if (iScore != aCase[i].iScore)
			fail_msg("case %zu: score %d (%s), want %d", i, iScore, zWhy,
				 aCase[i].iScore);
	}
	hw_icp_free(pIcp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_error_format),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_has_words),
		cmocka_unit_test(test_employees),
		cmocka_unit_test(test_clamp_and_base),
		cmocka_unit_test(test_custom),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_explain_truncates),
		cmocka_unit_test(test_default_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
