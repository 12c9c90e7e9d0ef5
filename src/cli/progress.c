/*
 * progress.c — a progress bar for long work on a terminal: percent, rows/s
 * and ETA, redrawn at most ten times a second on stderr. Silent when stderr
 * is not a TTY, so logs and pipes stay clean.
 */
#include "cli/cli.h"

#include <stdio.h>  /* fprintf */
#include <stdlib.h> /* calloc */
#include <time.h>   /* clock_gettime */
#include <unistd.h> /* isatty */

struct hw_progress {
	const char *zWhat;
	double tStart, tLast;
	int bShown;
};

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

hw_progress *hw_progress_start(const char *zWhat)
{
	hw_progress *p;
	if (!isatty(2) || !(p = calloc(1, sizeof *p)))
		return NULL;
	p->zWhat = zWhat;
	p->tStart = mono();
	return p;
}

void hw_progress_update(hw_progress *p, long long nDone, long long nTotal, long long nRows)
{
	char zBar[31];
	double t, rFrac, rRate, rEta;
	if (!p)
		return;
	t = mono();
	if (t - p->tLast < 0.1 && nDone < nTotal)
		return;
	p->tLast = t;
	rFrac = nTotal > 0 ? (double)nDone / (double)nTotal : 0;
	if (rFrac > 1)
		rFrac = 1;
	rRate = t > p->tStart ? (double)nRows / (t - p->tStart) : 0;
	rEta = rFrac > 0 ? (t - p->tStart) * (1 - rFrac) / rFrac : 0;
	int nFill = (int)(rFrac * 30);
	for (int i = 0; i < 30; i++)
		zBar[i] = i < nFill ? '#' : '.';
	zBar[30] = 0;
	fprintf(stderr, "\r%s [%s] %3.0f%%  %lld rows  %.0f rows/s  ETA %.0fs  ", p->zWhat, zBar,
		rFrac * 100, nRows, rRate, rEta);
	p->bShown = 1;
}

void hw_progress_finish(hw_progress *p)
{
	if (!p)
		return;
	if (p->bShown)
		fputc('\n', stderr);
	free(p);
}
