/*
 * clock.h — time as the caller says it is.
 *
 * The core never reads the wall clock: every function that needs "now" takes
 * an hw_clock, so tests can simulate months in milliseconds and a rep can plan
 * ahead with --now. Times are seconds since the Unix epoch, UTC.
 */
#ifndef HW_CORE_CLOCK_H
#define HW_CORE_CLOCK_H

typedef long long hw_time; /* seconds since 1970-01-01T00:00:00Z */

typedef struct hw_clock {
	hw_time (*xNow)(void *pCtx);
	void *pCtx;
} hw_clock;

static inline hw_time hw_clock_now(const hw_clock *pClock)
{
	return pClock->xNow(pClock->pCtx);
}

#endif
