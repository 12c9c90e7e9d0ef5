/*
 * work_cli.h — what the working commands (cmd_work.c) share with the calling
 * session (cmd_session.c): printing an offer and a logged touch, times.
 */
#ifndef HW_CLI_WORK_CLI_H
#define HW_CLI_WORK_CLI_H

#include "cli/cli.h"
#include "core/leadjson.h"
#include "core/work.h"
#include "core/workjson.h"

/* Look up --user; prints the error itself. */
hw_rc hw_cli_user(hw_cli *pCli, hw_store *pStore, const char *zLogin, hw_user *pU);

void hw_cli_print_offer(const hw_offer *p);
void hw_cli_print_log(const hw_log_out *pOut, const char *zZones);

#endif
