/*
 * records.h — the call records (the Telemarketing Sales Rule's record
 * keeping) as spreadsheet-safe CSV, for 'hawser records' and
 * GET /api/v1/records.
 */
#ifndef HW_IO_RECORDS_H
#define HW_IO_RECORDS_H

#include <stdio.h>

#include "store/store.h"

/* Write the header and every call and voicemail in [tFrom, tTo) to pOut;
 * *pn counts the records. HW_EIO when writing failed. */
hw_rc hw_records_csv(hw_store *pStore, hw_time tFrom, hw_time tTo, FILE *pOut, long long *pn);

#endif
