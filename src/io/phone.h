/*
 * phone.h — phone numbers to E.164 through Google's libphonenumber.
 *
 * The C++ library sits behind this C face (phone.cc); nothing else in hawser
 * includes a C++ header. Results are written into caller-owned structs; the
 * functions are thread-safe (libphonenumber's PhoneNumberUtil is a singleton
 * that is safe for concurrent use).
 */
#ifndef HW_IO_PHONE_H
#define HW_IO_PHONE_H

#include "core/hw.h"

typedef enum hw_phone_type {
	HW_PHONE_UNKNOWN = 0,
	HW_PHONE_FIXED_LINE,
	HW_PHONE_MOBILE,
	HW_PHONE_FIXED_OR_MOBILE,
	HW_PHONE_TOLL_FREE,
	HW_PHONE_PREMIUM_RATE,
	HW_PHONE_SHARED_COST,
	HW_PHONE_VOIP,
	HW_PHONE_PERSONAL,
	HW_PHONE_PAGER,
	HW_PHONE_UAN,
	HW_PHONE_VOICEMAIL
} hw_phone_type;

typedef struct hw_phone {
	char zE164[24];     /* "+12015550123"; "" when the text could not be parsed */
	char zExt[16];      /* extension digits ("89" for "x89"), or "" */
	char zRegion[4];    /* ISO 3166 alpha-2 of the number ("US"), or "" */
	int iCountryCode;   /* 1, 44, … or 0 */
	hw_phone_type eType;
	int bValid;         /* the number is valid for its region per the metadata */
} hw_phone;

/*
 * Parse zRaw with zRegion (alpha-2, may be NULL or "") as the default region for
 * numbers written without a country code. Handles punctuation, extensions
 * ("x89", "ext. 89"), vanity letters ("1-800-FLOWERS"), a leading apostrophe
 * (spreadsheet text marker) and national trunk prefixes ("020 …", "0 30 …").
 *
 * Returns HW_OK with pOut filled when the text is a phone number (bValid tells
 * whether it is a valid one), HW_EINVAL with zReason (a sentence, at most
 * nReason bytes) when it is not: empty, a damaged spreadsheet number such as
 * "5.55E+09" (scientific notation lost digits), too short, too long, no country
 * code and no default region.
 */
hw_rc hw_phone_parse(const char *zRaw, const char *zRegion, hw_phone *pOut,
		     char *zReason, size_t nReason) HW_MUST_CHECK;

/* "mobile", "fixed_line", "toll_free", … (stable strings stored in the DB). */
const char *hw_phone_type_name(hw_phone_type eType);

/*
 * ISO alpha-2 region for a country as lead lists write it: "US", "USA",
 * "United States", "U.S.", "Deutschland", "United Kingdom", "UK", "Great
 * Britain", … (case- and punctuation-insensitive; English display names from
 * ICU plus common aliases). Writes "" and returns HW_ENOTFOUND when unknown.
 */
hw_rc hw_phone_region_for_country(const char *zCountry, char zRegion[4]);

#endif
