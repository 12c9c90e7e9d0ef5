/*
 * timed_store.h — a store that times what a claim or a log spends where.
 *
 * timed_store_install() puts a copy of a store's method table in front of it
 * (as an SQLite VFS shim does): the methods a claim calls (begin, the held
 * lease, the class probes, lead and history loads, snoozes, the lease, the
 * enrolment, commit) add their time and calls to counters, and the probes
 * count the task rows they return. The benchmark reads and clears the
 * counters around each call it times, so it can say why the slow ones were
 * slow. One store per process; not thread-safe.
 */
#ifndef HW_BENCH_TIMED_STORE_H
#define HW_BENCH_TIMED_STORE_H

#include "store/store.h"

typedef enum timed_part {
	TP_BEGIN = 0, /* BEGIN IMMEDIATE: waits here for another writer */
	TP_HELD,      /* the lease the rep already holds */
	TP_PROBE,     /* the class-by-class probes of tasks_queue */
	TP_LEAD,      /* loading a lead and its numbers */
	TP_HISTORY,   /* its touches */
	TP_SNOOZE,    /* a task not callable now, put off */
	TP_LEASE,
	TP_ENROLL, /* new leads brought into the queue */
	TP_COMMIT, /* and the WAL checkpoint when one falls due */
	TP_OTHER,  /* the rest of the call: policy, engine, other statements */
	TP_COUNT
} timed_part;

extern const char *const timed_part_names[TP_COUNT];

/* Time spent (seconds) and calls per part, and the task rows the probes returned. */
typedef struct timed_sum {
	long n;	     /* calls of the timed function summed here */
	double fSec; /* their total time */
	double afSec[TP_COUNT];
	long anCalls[TP_COUNT];
	long nProbeRows;
} timed_sum;

/* Put the timing table in front of pStore's methods. */
void timed_store_install(hw_store *pStore);

/* Clear the counters (before a timed call). */
void timed_store_reset(void);

/* Add what was counted since the reset, for a call that took fSec, to *pSum
 * (TP_OTHER: fSec minus the parts counted). */
void timed_store_add(timed_sum *pSum, double fSec);

#endif
