/*
 * lead.h — a lead as the domain sees it, and the table of its fields.
 *
 * The fields a list can carry are one table (hw_lead_fields[]), indexed by
 * hw_field: header mapping, merging, storing and exporting all walk that table
 * instead of naming fields one by one. Phone columns are not lead fields: they
 * become hw_lead_phone entries, each with its kind (the column it came from).
 *
 * Ownership: an hw_lead owns every string it points to; hw_lead_set copies,
 * hw_lead_clear frees. A zeroed hw_lead is a valid empty lead.
 */
#ifndef HW_CORE_LEAD_H
#define HW_CORE_LEAD_H

#include "core/clock.h"
#include "core/hw.h"

typedef enum hw_field {
	HW_F_FIRST_NAME = 0,
	HW_F_LAST_NAME,
	HW_F_FULL_NAME,
	HW_F_TITLE,
	HW_F_COMPANY,
	HW_F_EMAIL,
	HW_F_LINKEDIN,
	HW_F_WEBSITE,
	HW_F_STREET,
	HW_F_CITY,
	HW_F_STATE,
	HW_F_POSTAL_CODE,
	HW_F_COUNTRY,
	HW_F_TIME_ZONE,
	HW_F_INDUSTRY,
	HW_F_EMPLOYEES,
	HW_F_NOTES,
	HW_F_COUNT,
	/* Column kinds that are not lead fields: */
	HW_F_PHONE = 100, /* a phone column; the kind says which */
	HW_F_CUSTOM,      /* kept as a custom field under its header */
	HW_F_IGNORE       /* dropped (--map 'Col=ignore') */
} hw_field;

typedef enum hw_phone_kind {
	HW_PK_PHONE = 0, /* "Phone", "Telephone", "Main" */
	HW_PK_MOBILE,
	HW_PK_DIRECT,
	HW_PK_WORK,
	HW_PK_HOME,
	HW_PK_OTHER,
	HW_PK_COUNT
} hw_phone_kind;

typedef struct hw_field_info {
	hw_field eField;
	const char *zName;   /* name used by --map, JSON and export */
	const char *zColumn; /* column in the leads table */
} hw_field_info;

extern const hw_field_info hw_lead_fields[HW_F_COUNT];
extern const char *const hw_phone_kind_names[HW_PK_COUNT];

#define HW_LEAD_MAX_PHONES 8

typedef enum hw_lead_status {
	HW_STATUS_NEW = 0,
	HW_STATUS_WORKING,
	HW_STATUS_MEETING,
	HW_STATUS_NURTURE,
	HW_STATUS_DISQUALIFIED,
	HW_STATUS_DO_NOT_CONTACT,
	HW_STATUS_COUNT
} hw_lead_status;

extern const char *const hw_status_names[HW_STATUS_COUNT];
/* HW_OK and *pe set, or HW_EINVAL for an unknown name. */
hw_rc hw_status_parse(const char *zName, hw_lead_status *pe);

typedef struct hw_lead_phone {
	long long iId;
	char zE164[24];
	char zExt[16];
	char *zRaw;          /* as the list wrote it */
	hw_phone_kind eKind;
	char zType[24];      /* libphonenumber's type: "mobile", "fixed_line", … */
	char zRegion[4];
	int bValid;
	int bSuppressed;     /* on a do-not-call list (filled by the store) */
	int bDead;           /* marked wrong or dead by a call (filled by the store) */
	hw_time tConsent;    /* a consent exempts it from a national registry until
				then (filled by the store; 0: none) */
	char zRegistry[8];   /* the registry that listed it when last scrubbed, "" */
} hw_lead_phone;

typedef struct hw_lead {
	long long iId;
	long long iAccountId;
	char *azField[HW_F_COUNT]; /* NULL when absent */
	char *zCustom;             /* JSON object text of custom fields, or NULL */
	char *zTimeZones;          /* "A|B" IANA ids, or NULL: location unknown */
	const char *zTzSource;     /* "explicit", "address", "phone", or NULL */
	char zRegion[4];           /* ISO alpha-2 of the lead's country, or "" */
	char zJur[8];              /* calling-policy jurisdiction: "US-FL", "US", "" */
	int bIcp, iIcp;            /* scored?, ICP fit 0-100 */
	hw_lead_status eStatus;
	int bDoNotCall;
	long long iOwner;          /* user id, 0 = unassigned */
	long long iImport;         /* import that created it */
	hw_time tCreated, tUpdated;
	int nPhone;
	hw_lead_phone aPhone[HW_LEAD_MAX_PHONES];
} hw_lead;

/* The matching key of a company name: "Acme, Inc." and "ACME Inc" are one
 * account (ASCII folded to lower case, punctuation and spaces dropped). */
void hw_account_key(const char *zName, char *zKey, size_t nKey);

/* The static string for a tz source name ("explicit", "address", "phone"),
 * or NULL for NULL or an unknown name. */
const char *hw_lead_tz_source(const char *zName);

/* The dedupe key of a phone: its E.164 number, and "x" and the extension
 * when it has one — a switchboard's extensions reach different people. */
#define HW_PHONE_KEY_MAX 48
const char *hw_phone_key(const hw_lead_phone *pPhone, char zKey[HW_PHONE_KEY_MAX]);
int hw_phone_same(const hw_lead_phone *pA, const hw_lead_phone *pB);

/* Replace field e with a copy of z (NULL or "" clears it). */
hw_rc hw_lead_set(hw_lead *pLead, hw_field e, const char *z) HW_MUST_CHECK;
hw_rc hw_lead_set_str(char **pz, const char *z) HW_MUST_CHECK;
void hw_lead_clear(hw_lead *pLead);
/* A plausible email address: one @, a dot in the domain, no spaces. */
int hw_email_ok(const char *z);

/* Fill first/last from the full name or the full name from first/last. */
hw_rc hw_lead_complete_names(hw_lead *pLead) HW_MUST_CHECK;

/* The name a rep sees: "First Last", else the full name, else the email. */
const char *hw_lead_display_name(const hw_lead *pLead, char *zBuf, size_t nBuf);

/*
 * Merge pNew into pOld (both describe the same person): fields empty in pOld
 * are filled from pNew, custom keys added, phones not yet present appended.
 * Nothing pOld has is overwritten, and status, owner and do-not-call are never
 * touched, so a re-import cannot clear a suppression. *pnChanged counts the
 * fields and phones gained.
 */
hw_rc hw_lead_merge(hw_lead *pOld, const hw_lead *pNew, int *pnChanged) HW_MUST_CHECK;

#endif
