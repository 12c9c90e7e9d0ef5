/*
 * work_cli.h — what the working commands (cmd_work.c) share with the calling
 * session (cmd_session.c): printing an offer and a logged touch, times.
 */
#ifndef HW_CLI_WORK_CLI_H
#define HW_CLI_WORK_CLI_H

#include "cli/cli.h"
#include "core/leadjson.h"
#include "core/work.h"

void hw_cli_iso(hw_time t, char zBuf[32]);
/* "Tue 2026-11-24 14:00 America/Chicago" in the first of zZones (or UTC). */
void hw_cli_local(const char *zZones, hw_time t, char *zBuf, size_t nBuf);
/* Look up --user; prints the error itself. */
hw_rc hw_cli_user(hw_cli *pCli, hw_store *pStore, const char *zLogin, hw_user *pU);
/* --at: absolute ISO 8601, or the lead's local "YYYY-MM-DD HH:MM" / "HH:MM". */
hw_rc hw_cli_lead_time(const char *z, const char *zZones, hw_time tNow, hw_time *pt);

json_t *hw_cli_offer_json(const hw_offer *p);
void hw_cli_print_offer(const hw_offer *p);
json_t *hw_cli_log_json(const hw_log_out *pOut);
void hw_cli_print_log(const hw_log_out *pOut, const char *zZones);

#endif
