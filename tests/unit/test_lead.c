/*
 * test_lead.c — names completed both ways; a merge fills gaps, adds phones
 * and custom keys, and never overwrites or clears what the lead had (status,
 * do-not-call); a snapshot restores the fields exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/lead.h"
#include "core/leadjson.h"

#include <stdlib.h>
#include <string.h>

static void test_names(void **state)
{
	static const struct {
		const char *zFirst, *zLast, *zFull;
		const char *zWantFirst, *zWantLast, *zWantFull;
	} aCase[] = {
		{"Ada", "Lovelace", NULL, "Ada", "Lovelace", "Ada Lovelace"},
		{"Ada", NULL, NULL, "Ada", NULL, "Ada"},
		{NULL, NULL, "Ada King Lovelace", "Ada King", "Lovelace", "Ada King Lovelace"},
		{NULL, NULL, "Lovelace, Ada", "Ada", "Lovelace", "Lovelace, Ada"},
		{NULL, NULL, "Cher", "Cher", NULL, "Cher"},
		{"José", "Müller", NULL, "José", "Müller", "José Müller"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_lead l;
		memset(&l, 0, sizeof l);
		assert_int_equal(hw_lead_set(&l, HW_F_FIRST_NAME, aCase[i].zFirst), HW_OK);
		assert_int_equal(hw_lead_set(&l, HW_F_LAST_NAME, aCase[i].zLast), HW_OK);
		assert_int_equal(hw_lead_set(&l, HW_F_FULL_NAME, aCase[i].zFull), HW_OK);
		assert_int_equal(hw_lead_complete_names(&l), HW_OK);
#define EQ(a, b) ((a) == NULL ? (b) == NULL : (b) != NULL && strcmp((a), (b)) == 0)
		if (!EQ(aCase[i].zWantFirst, l.azField[HW_F_FIRST_NAME]) ||
		    !EQ(aCase[i].zWantLast, l.azField[HW_F_LAST_NAME]) ||
		    !EQ(aCase[i].zWantFull, l.azField[HW_F_FULL_NAME]))
			fail_msg("case %zu: got '%s' '%s' '%s'", i, l.azField[HW_F_FIRST_NAME],
				 l.azField[HW_F_LAST_NAME], l.azField[HW_F_FULL_NAME]);
		hw_lead_clear(&l);
	}
}

static void add_phone(hw_lead *p, const char *zE164, hw_phone_kind eKind)
{
	hw_lead_phone *pP = &p->aPhone[p->nPhone++];
	memset(pP, 0, sizeof *pP);
	strcpy(pP->zE164, zE164);
	pP->eKind = eKind;
	pP->bValid = 1;
	assert_int_equal(hw_lead_set_str(&pP->zRaw, zE164), HW_OK);
}

static void test_merge(void **state)
{
	hw_lead old, new;
	int n;
	(void)state;
	memset(&old, 0, sizeof old);
	memset(&new, 0, sizeof new);
	assert_int_equal(hw_lead_set(&old, HW_F_FIRST_NAME, "Ada"), HW_OK);
	assert_int_equal(hw_lead_set(&old, HW_F_TITLE, "CTO"), HW_OK);
	assert_int_equal(hw_lead_set_str(&old.zCustom, "{\"Source\":\"fair\"}"), HW_OK);
	old.eStatus = HW_STATUS_DO_NOT_CONTACT;
	old.bDoNotCall = 1;
	add_phone(&old, "+12015550123", HW_PK_PHONE);

	assert_int_equal(hw_lead_set(&new, HW_F_FIRST_NAME, "Adelaide"), HW_OK);
	assert_int_equal(hw_lead_set(&new, HW_F_TITLE, NULL), HW_OK);
	assert_int_equal(hw_lead_set(&new, HW_F_EMAIL, "ada@example.com"), HW_OK);
	assert_int_equal(hw_lead_set_str(&new.zCustom, "{\"Source\":\"web\",\"Tier\":\"A\"}"),
			 HW_OK);
	new.eStatus = HW_STATUS_NEW;
	add_phone(&new, "+12015550123", HW_PK_PHONE);
	add_phone(&new, "+12015550199", HW_PK_MOBILE);

	assert_int_equal(hw_lead_merge(&old, &new, &n), HW_OK);
	assert_string_equal(old.azField[HW_F_FIRST_NAME], "Ada");   /* kept */
	assert_string_equal(old.azField[HW_F_TITLE], "CTO");        /* not cleared */
	assert_string_equal(old.azField[HW_F_EMAIL], "ada@example.com"); /* filled */
	assert_int_equal(old.nPhone, 2);
	assert_string_equal(old.aPhone[1].zE164, "+12015550199");
	assert_int_equal(old.aPhone[1].iId, 0); /* new: to be inserted */
	assert_non_null(strstr(old.zCustom, "\"Source\":\"fair\""));
	assert_non_null(strstr(old.zCustom, "\"Tier\":\"A\""));
	assert_int_equal(old.eStatus, HW_STATUS_DO_NOT_CONTACT);
	assert_int_equal(old.bDoNotCall, 1);
	assert_int_equal(n, 3); /* email, phone, custom key */
	hw_lead_clear(&old);
	hw_lead_clear(&new);
}

static void test_snapshot_restore(void **state)
{
	hw_lead l;
	char *zSnap;
	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(hw_lead_set(&l, HW_F_FULL_NAME, "Ada Lovelace"), HW_OK);
	assert_int_equal(hw_lead_set_str(&l.zTimeZones, "Europe/London"), HW_OK);
	l.zTzSource = hw_lead_tz_source("phone");
	strcpy(l.zRegion, "GB");
	l.iAccountId = 7;
	zSnap = hw_lead_snapshot(&l);
	assert_non_null(zSnap);
	assert_int_equal(hw_lead_set(&l, HW_F_FULL_NAME, "Someone Else"), HW_OK);
	assert_int_equal(hw_lead_set(&l, HW_F_EMAIL, "x@example.com"), HW_OK);
	assert_int_equal(hw_lead_set_str(&l.zTimeZones, NULL), HW_OK);
	l.iAccountId = 9;
	assert_int_equal(hw_lead_restore(&l, zSnap), HW_OK);
	assert_string_equal(l.azField[HW_F_FULL_NAME], "Ada Lovelace");
	assert_null(l.azField[HW_F_EMAIL]);
	assert_string_equal(l.zTimeZones, "Europe/London");
	assert_string_equal(l.zTzSource, "phone");
	assert_int_equal(l.iAccountId, 7);
	assert_int_equal(hw_lead_restore(&l, "not json"), HW_EINVAL);
	free(zSnap);
	hw_lead_clear(&l);
}

static void test_status_names(void **state)
{
	hw_lead_status e;
	(void)state;
	for (int i = 0; i < HW_STATUS_COUNT; i++) {
		assert_int_equal(hw_status_parse(hw_status_names[i], &e), HW_OK);
		assert_int_equal(e, i);
	}
	assert_int_equal(hw_status_parse("won", &e), HW_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_snapshot_restore),
		cmocka_unit_test(test_status_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
