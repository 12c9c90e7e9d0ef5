/*
 * test_fieldmap.c — header names as vendors write them map to lead fields;
 * --map overrides win; ambiguous or unknown mappings are errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/fieldmap.h"

#include <string.h>

static void test_aliases(void **state)
{
	static const struct {
		const char *zHeader;
		hw_field eField;
		hw_phone_kind eKind;
	} aCase[] = {
		{"First Name", HW_F_FIRST_NAME, 0},
		{"FIRSTNAME", HW_F_FIRST_NAME, 0},
		{"first_name", HW_F_FIRST_NAME, 0},
		{"Last Name", HW_F_LAST_NAME, 0},
		{"Surname", HW_F_LAST_NAME, 0},
		{"Full Name", HW_F_FULL_NAME, 0},
		{"Name", HW_F_FULL_NAME, 0},
		{"Job Title", HW_F_TITLE, 0},
		{"Company Name", HW_F_COMPANY, 0},
		{"Account Name", HW_F_COMPANY, 0},
		{"E-mail Address", HW_F_EMAIL, 0},
		{"Email", HW_F_EMAIL, 0},
		{"Person Linkedin Url", HW_F_LINKEDIN, 0},
		{"LinkedIn URL", HW_F_LINKEDIN, 0},
		{"Website", HW_F_WEBSITE, 0},
		{"Street Address", HW_F_STREET, 0},
		{"City", HW_F_CITY, 0},
		{"State/Province", HW_F_STATE, 0},
		{"Zip Code", HW_F_POSTAL_CODE, 0},
		{"Postal Code", HW_F_POSTAL_CODE, 0},
		{"Country", HW_F_COUNTRY, 0},
		{"Time Zone", HW_F_TIME_ZONE, 0},
		{"Industry", HW_F_INDUSTRY, 0},
		{"# Employees", HW_F_EMPLOYEES, 0},
		{"Number of Employees", HW_F_EMPLOYEES, 0},
		{"Notes", HW_F_NOTES, 0},
		{"Phone", HW_F_PHONE, HW_PK_PHONE},
		{"Phone Number", HW_F_PHONE, HW_PK_PHONE},
		{"Mobile Phone", HW_F_PHONE, HW_PK_MOBILE},
		{"Cell", HW_F_PHONE, HW_PK_MOBILE},
		{"Direct Dial", HW_F_PHONE, HW_PK_DIRECT},
		{"Work Phone", HW_F_PHONE, HW_PK_WORK},
		{"Corporate Phone", HW_F_PHONE, HW_PK_WORK},
		{"Home Phone", HW_F_PHONE, HW_PK_HOME},
		{"Lead Source", HW_F_CUSTOM, 0},
		{"", HW_F_CUSTOM, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_colmap m;
		hw_fieldmap_guess(aCase[i].zHeader, &m);
		if (m.eField != aCase[i].eField || (m.eField == HW_F_PHONE && m.eKind != aCase[i].eKind))
			fail_msg("header '%s': got field %d kind %d", aCase[i].zHeader, m.eField,
				 m.eKind);
	}
}

static void test_alias_table_sorted(void **state)
{
	/* bsearch needs the table sorted: every alias must find itself. */
	static const char *const azProbe[] = {"accountname", "zip", "mobile", "tz", "phone2"};
	(void)state;
	for (size_t i = 0; i < sizeof azProbe / sizeof azProbe[0]; i++) {
		hw_colmap m;
		hw_fieldmap_guess(azProbe[i], &m);
		assert_int_not_equal(m.eField, HW_F_CUSTOM);
	}
}

static void test_overrides(void **state)
{
	char *azHeader[] = {"Contact", "Tel", "Mail", "Source"};
	char *azMap[] = {"contact=full_name", "TEL=mobile", "mail=email", "Source=ignore"};
	hw_colmap aMap[4];
	hw_err err;
	(void)state;
	assert_int_equal(hw_fieldmap_build(azHeader, 4, azMap, 4, aMap, &err), HW_OK);
	assert_int_equal(aMap[0].eField, HW_F_FULL_NAME);
	assert_int_equal(aMap[1].eField, HW_F_PHONE);
	assert_int_equal(aMap[1].eKind, HW_PK_MOBILE);
	assert_int_equal(aMap[2].eField, HW_F_EMAIL);
	assert_int_equal(aMap[3].eField, HW_F_IGNORE);
}

static void test_override_errors(void **state)
{
	char *azHeader[] = {"Email", "E-mail", "Phone"};
	char *azBadField[] = {"Phone=telefax"};
	char *azNoColumn[] = {"Fax=phone"};
	char *azNoEq[] = {"Phone"};
	hw_colmap aMap[3];
	hw_err err;
	(void)state;
	assert_int_equal(hw_fieldmap_build(azHeader, 3, azBadField, 1, aMap, &err), HW_EINVAL);
	assert_non_null(strstr(err.zMsg, "telefax"));
	assert_int_equal(hw_fieldmap_build(azHeader, 3, azNoColumn, 1, aMap, &err), HW_EUSAGE);
	assert_non_null(strstr(err.zMsg, "no column named 'Fax'"));
	assert_int_equal(hw_fieldmap_build(azHeader, 3, azNoEq, 1, aMap, &err), HW_EUSAGE);
	/* Two columns for one field is ambiguous until the user says which. */
	assert_int_equal(hw_fieldmap_build(azHeader, 3, NULL, 0, aMap, &err), HW_EINVAL);
	assert_int_equal(err.iCol, 2);
	assert_string_equal(err.zField, "E-mail");
	char *azFix[] = {"E-mail=ignore"};
	assert_int_equal(hw_fieldmap_build(azHeader, 3, azFix, 1, aMap, &err), HW_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_alias_table_sorted),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_override_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
