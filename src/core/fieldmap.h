/*
 * fieldmap.h — which lead field a column holds, from the header vendors and
 * CRMs write ("First Name", "FIRSTNAME", "first_name", "Mobile Phone", "Person
 * Linkedin Url", …), and from the user's --map 'Column Name=field' overrides.
 *
 * Header names are compared after folding case and dropping everything but
 * letters and digits, so "E-mail Address" and "email_address" are the same.
 */
#ifndef HW_CORE_FIELDMAP_H
#define HW_CORE_FIELDMAP_H

#include "core/lead.h"

typedef struct hw_colmap {
	hw_field eField;     /* a lead field, HW_F_PHONE, HW_F_CUSTOM or HW_F_IGNORE */
	hw_phone_kind eKind; /* for HW_F_PHONE */
	const char *zHeader; /* the header as written (borrowed from the caller) */
} hw_colmap;

/* Fold a header for matching: lowercase ASCII letters and digits only. */
void hw_fieldmap_fold(const char *zIn, char *zOut, size_t nOut);

/* The mapping of one header by the built-in aliases; HW_F_CUSTOM if unknown. */
void hw_fieldmap_guess(const char *zHeader, hw_colmap *pOut);

/*
 * Parse a --map target ("email", "phone", "mobile", "custom", "ignore", any
 * hw_lead_fields name) into pOut. HW_EINVAL with pErr naming the known fields
 * when unknown.
 */
hw_rc hw_fieldmap_parse_target(const char *zTarget, hw_colmap *pOut, hw_err *pErr);

/*
 * Map every header: aliases first, then overrides ("Column Name=field", matched
 * to headers after folding). An override naming no header, or a lead field
 * claimed by two columns, is an error (HW_EINVAL, pErr names the column).
 * aMap has nHeader entries.
 */
hw_rc hw_fieldmap_build(char **azHeader, int nHeader, char **azOverride, int nOverride,
			hw_colmap *aMap, hw_err *pErr) HW_MUST_CHECK;

#endif
