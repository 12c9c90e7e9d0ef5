/*
 * tzmap.h — the tables tools/gen_tzmap.py generates into build/gen/tzmap.c.
 *
 * Only tz.c reads them. Zone names sit once in hw_tzmap_azZone, sorted by
 * strcmp, so a zone's index orders like its name; prefix and region rows point
 * at a run of such indexes in hw_tzmap_aList. Both row tables are sorted by
 * zKey for bsearch. The data is python3-phonenumbers' time-zone mapping, whose
 * zone ids are the CLDR canonical ones ICU uses ("Asia/Calcutta").
 */
#ifndef HW_IO_TZMAP_H
#define HW_IO_TZMAP_H

#define HW_TZMAP_PREFIX_MAX 16 /* longest digit prefix + NUL */

typedef struct hw_tzmap_entry {
	char zKey[HW_TZMAP_PREFIX_MAX]; /* E.164 digits after '+', or ISO region */
	unsigned short iFirst;		/* first index into hw_tzmap_aList */
	unsigned char nZone;		/* length of the run */
} hw_tzmap_entry;

extern const char hw_tzmap_zVersion[];
extern const char *const hw_tzmap_azZone[];
extern const int hw_tzmap_nZone;
extern const unsigned short hw_tzmap_aList[];
extern const hw_tzmap_entry hw_tzmap_aPrefix[];
extern const int hw_tzmap_nPrefix;
extern const hw_tzmap_entry hw_tzmap_aRegion[];
extern const int hw_tzmap_nRegion;

#endif
