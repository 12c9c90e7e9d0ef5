/*
 * demo.h — a realistic, entirely fictional lead list.
 *
 * Names, titles, companies, industries, addresses across several countries and
 * time zones, written as the CSV a list vendor would sell (vendor-style column
 * names, some messy cells). Every phone number lies in a range reserved for
 * fiction (NANP 555-0100..0199, Ofcom's drama ranges, ACMA's fictional ranges),
 * so nothing generated from here can ever ring a real person. Deterministic
 * for a given seed.
 */
#ifndef HW_IO_DEMO_H
#define HW_IO_DEMO_H

#include "core/hw.h"

#include <stdio.h> /* FILE */

typedef enum hw_demo_mix {
	HW_DEMO_US = 0, /* ~90% US, the rest Canada */
	HW_DEMO_INTL    /* US, Canada, UK, Australia, Germany, France, … */
} hw_demo_mix;

/* Write a header and nRows data rows to pOut. */
hw_rc hw_demo_write_csv(FILE *pOut, long nRows, unsigned uSeed, hw_demo_mix eMix,
			hw_err *pErr) HW_MUST_CHECK;

#endif
