/*
 * policy_int.h — the inside of the calling policy, shared by its three files:
 * policy.c (the rules and the searches), policy_parse.c (the text format and
 * the shipped policy) and policy_local.c (local time through ICU). Other
 * modules use policy.h only.
 *
 * Dates are counted in days since 1970-01-01 (proleptic Gregorian), so that
 * "the next day" is +1 whatever the month; the helpers below convert.
 */
#ifndef HW_CORE_POLICY_INT_H
#define HW_CORE_POLICY_INT_H

#include "core/policy.h"

#define HW_MINUTES_PER_DAY 1440
#define HW_SECONDS_PER_DAY 86400

/* Days since 1970-01-01 of a date (month 1-12); Howard Hinnant's algorithm. */
static inline long long hw_days_from_civil(int iYear, int iMonth, int iDay)
{
	long long y = (long long)iYear - (iMonth <= 2);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153LL * (iMonth + (iMonth > 2 ? -3 : 9)) + 2) / 5 + iDay - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static inline void hw_civil_from_days(long long nDays, int *piYear, int *piMonth, int *piDay)
{
	long long z = nDays + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long m = mp < 10 ? mp + 3 : mp - 9;
	*piYear = (int)(yoe + era * 400 + (m <= 2));
	*piMonth = (int)m;
	*piDay = (int)(doy - (153 * mp + 2) / 5 + 1);
}

/* 0 = Monday, as hw_local.iWday: 1970-01-01 was a Thursday. */
static inline int hw_weekday_of_days(long long nDays)
{
	long long w = (nDays + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

static inline int hw_days_in_month(int iYear, int iMonth)
{
	static const int aDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int bLeap = (iYear % 4 == 0 && iYear % 100 != 0) || iYear % 400 == 0;
	return iMonth == 2 ? 28 + bLeap : aDays[iMonth - 1];
}

#endif
