/*
 * cmd_lint.c — templates and openers: list, show, save (with the honesty
 * check's warnings), and 'hawser lint', which checks them all for the
 * dishonest phrases core/lint.c knows.
 */
#include "cli/cli.h"
#include "core/lint.h"
#include "core/tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lint_ctx {
	hw_cli *pCli;
	const char *zWhere;
	json_t *pArr; /* --json: the findings */
	long n;
} lint_ctx;

static int finding_cb(void *pv, const hw_lint_finding *f)
{
	lint_ctx *c = pv;
	char zLine[1024];
	c->n++;
	if (c->pArr) {
		json_array_append_new(c->pArr, json_pack("{s:s,s:i,s:i,s:s,s:s,s:s}", "where",
							 c->zWhere, "line", f->iLine, "column",
							 f->iCol, "rule", f->zRule, "phrase",
							 f->zPhrase, "why", f->zWhy));
		return 0;
	}
	hw_lint_format(f, c->zWhere, zLine, sizeof zLine);
	fprintf(stderr, "%s\n", zLine);
	return 0;
}

static void lint_one(lint_ctx *c, const char *zName, const char *zPart, const char *zText)
{
	char zWhere[200];
	if (!zText || !zText[0])
		return;
	snprintf(zWhere, sizeof zWhere, "template %s%s%s", zName, zPart ? " " : "",
		 zPart ? zPart : "");
	c->zWhere = zWhere;
	hw_lint_text(zText, finding_cb, c);
}

static int template_lint_cb(void *pv, const char *zName, const char *zChannel,
			    const char *zSubject, const char *zBody)
{
	(void)zChannel;
	lint_one(pv, zName, "subject", zSubject);
	lint_one(pv, zName, "body", zBody);
	return 0;
}

static char *read_file(const char *zPath, hw_err *pErr)
{
	FILE *f = fopen(zPath, "rb");
	char *z = NULL;
	long n;
	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > HW_LINT_MAX_TEXT ||
	    fseek(f, 0, SEEK_SET) != 0 || !(z = malloc((size_t)n + 1)) ||
	    fread(z, 1, (size_t)n, f) != (size_t)n) {
		hw_err_at(pErr, zPath, 0, 0, NULL, f ? "cannot read the file (at most 1 MB of text)"
						     : "cannot open the file");
		free(z);
		z = NULL;
	} else {
		z[n] = 0;
	}
	if (f)
		fclose(f);
	return z;
}

int hw_cmd_lint(hw_cli *pCli)
{
	lint_ctx c = {.pCli = pCli, .pArr = pCli->bJson ? json_array() : NULL};
	hw_err err;
	hw_rc rc = HW_OK;

	hw_err_clear(&err);
	if (pCli->argc > 1 && !strcmp(pCli->argv[1], "--rules")) {
		for (int i = 0; i < HW_LINT_NRULE; i++)
			printf("%-18s %s\n    e.g. \"%s\"\n    %s\n", hw_lint_rules[i].zRule,
			       hw_lint_rules[i].zTitle, hw_lint_rules[i].zExample,
			       hw_lint_rules[i].zWhy);
		json_decref(c.pArr);
		return 0;
	}
	if (pCli->argc > 1) {
		for (int i = 1; rc == HW_OK && i < pCli->argc; i++) {
			char *z = read_file(pCli->argv[i], &err);
			if (!z) {
				rc = HW_EIO;
				break;
			}
			c.zWhere = pCli->argv[i];
			hw_lint_text(z, finding_cb, &c);
			free(z);
		}
	} else {
		hw_store *pStore;
		if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK) {
			json_decref(c.pArr);
			return hw_cli_exit_code(rc);
		}
		if ((rc = pStore->pMethods->xTemplateList(pStore, template_lint_cb, &c)) != HW_OK)
			hw_err_set(&err, "cannot read the templates: %s", hw_store_errmsg(pStore));
		hw_store_close(pStore);
	}
	if (rc != HW_OK) {
		json_decref(c.pArr);
		return hw_cli_fail(pCli, rc, &err);
	}
	if (pCli->bJson)
		hw_cli_print_json(json_pack("{s:o,s:i}", "findings", c.pArr, "count", (int)c.n));
	else if (c.n == 0)
		printf("no dishonest phrases found\n");
	else
		fprintf(stderr, "%ld finding%s: say it honestly ('hawser lint --rules' explains each)\n",
			c.n, c.n == 1 ? "" : "s");
	return c.n ? hw_cli_exit_code(HW_EINVAL) : 0;
}

/* ---- template list / show / set ---- */

typedef struct show_ctx {
	hw_cli *pCli;
	const char *zWant;
	int bFound;
	json_t *pArr;
} show_ctx;

static int show_cb(void *pv, const char *zName, const char *zChannel, const char *zSubject,
		   const char *zBody)
{
	show_ctx *s = pv;
	if (s->zWant && strcmp(s->zWant, zName))
		return 0;
	s->bFound = 1;
	if (s->pArr)
		json_array_append_new(s->pArr, json_pack("{s:s,s:s,s:s?,s:s}", "name", zName,
							 "channel", zChannel, "subject", zSubject,
							 "body", zBody));
	else if (s->zWant)
		printf("%s (%s)\n%s%s%s\n%s\n", zName, zChannel, zSubject ? "subject: " : "",
		       zSubject ? zSubject : "", zSubject ? "\n" : "", zBody);
	else
		printf("%-24s %-10s %s\n", zName, zChannel, zSubject ? zSubject : "");
	return 0;
}

int hw_cmd_template(hw_cli *pCli)
{
	static const char *const azChannel[] = {"email", "note", "letter", "linkedin",
						"voicemail", "opener", NULL};
	const char *zSub = pCli->argc > 1 ? pCli->argv[1] : "";
	hw_store *pStore;
	hw_err err;
	hw_rc rc;

	hw_err_clear(&err);
	if (!strcmp(zSub, "list") || !strcmp(zSub, "show")) {
		show_ctx s = {pCli, NULL, 0, pCli->bJson ? json_array() : NULL};
		if (!strcmp(zSub, "show")) {
			if (pCli->argc != 3) {
				json_decref(s.pArr);
				return hw_cli_usage(pCli, "usage: hawser template show NAME");
			}
			s.zWant = pCli->argv[2];
		}
		if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK) {
			json_decref(s.pArr);
			return hw_cli_exit_code(rc);
		}
		rc = pStore->pMethods->xTemplateList(pStore, show_cb, &s);
		if (rc != HW_OK)
			hw_err_set(&err, "cannot read the templates: %s", hw_store_errmsg(pStore));
		else if (s.zWant && !s.bFound)
			hw_err_at(&err, NULL, 0, 0, "name", "no template '%s'; 'hawser template list' "
							    "lists them",
				  s.zWant),
				rc = HW_ENOTFOUND;
		hw_store_close(pStore);
		if (rc != HW_OK) {
			json_decref(s.pArr);
			return hw_cli_fail(pCli, rc, &err);
		}
		if (s.pArr)
			hw_cli_print_json(s.zWant ? json_incref(json_array_get(s.pArr, 0)) : s.pArr);
		if (s.pArr && s.zWant)
			json_decref(s.pArr);
		return 0;
	}
	if (!strcmp(zSub, "fields")) {
		int n;
		const hw_tmpl_field *a = hw_tmpl_fields(&n);
		json_t *pArr = pCli->bJson ? json_array() : NULL;
		for (int i = 0; i < n; i++)
			if (pArr)
				json_array_append_new(pArr, json_pack("{s:s,s:s}", "field", a[i].zName,
								      "help", a[i].zHelp));
			else
				printf("{{%s}}%*s %s\n", a[i].zName,
				       (int)(22 - strlen(a[i].zName)) > 0 ? (int)(22 - strlen(a[i].zName)) : 0,
				       "", a[i].zHelp);
		if (pArr)
			hw_cli_print_json(pArr);
		return 0;
	}
	if (!strcmp(zSub, "set") && pCli->argc >= 4) {
		const char *zName = pCli->argv[2], *zChannel = NULL, *zSubject = NULL, *zFile = NULL;
		lint_ctx c = {.pCli = pCli, .pArr = pCli->bJson ? json_array() : NULL};
		int bChannel = 0;
		char *zBody;
		for (int i = 3; i < pCli->argc; i++) {
			int r;
			if ((r = hw_cli_opt(pCli, &i, "--channel", &zChannel)) == 0 &&
			    (r = hw_cli_opt(pCli, &i, "--subject", &zSubject)) == 0) {
				if (zFile || pCli->argv[i][0] == '-') {
					json_decref(c.pArr);
					return hw_cli_usage(pCli, "template set: unexpected '%s'",
							    pCli->argv[i]);
				}
				zFile = pCli->argv[i];
			}
			if (r < 0) {
				json_decref(c.pArr);
				return hw_cli_exit_code(HW_EUSAGE);
			}
		}
		for (int i = 0; zChannel && azChannel[i]; i++)
			bChannel |= !strcmp(zChannel, azChannel[i]);
		if (!zFile || !bChannel) {
			json_decref(c.pArr);
			return hw_cli_usage(pCli, "usage: hawser template set NAME --channel "
						  "email|note|letter|linkedin|voicemail|opener "
						  "[--subject S] FILE");
		}
		if (!(zBody = read_file(zFile, &err))) {
			json_decref(c.pArr);
			return hw_cli_fail(pCli, HW_EIO, &err);
		}
		/* merge fields are checked: a template that would leave a hole is refused */
		{
			char zWhere[160];
			snprintf(zWhere, sizeof zWhere, "template %s, subject", zName);
			if ((zSubject && hw_tmpl_check(zSubject, zWhere, &err) != HW_OK) ||
			    hw_tmpl_check(zBody, zFile, &err) != HW_OK) {
				free(zBody);
				json_decref(c.pArr);
				return hw_cli_fail(pCli, HW_EINVAL, &err);
			}
		}
		/* the honesty check warns; it does not refuse */
		lint_one(&c, zName, "subject", zSubject);
		c.zWhere = zFile;
		hw_lint_text(zBody, finding_cb, &c);
		if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK) {
			free(zBody);
			json_decref(c.pArr);
			return hw_cli_exit_code(rc);
		}
		if ((rc = hw_store_begin(pStore, 1)) == HW_OK &&
		    (rc = pStore->pMethods->xTemplateSet(pStore, zName, zChannel, zSubject, zBody,
							 hw_clock_now(&pCli->clock))) == HW_OK)
			rc = hw_store_commit(pStore);
		if (rc != HW_OK) {
			hw_store_rollback(pStore);
			hw_err_set(&err, "cannot save the template: %s", hw_store_errmsg(pStore));
		}
		hw_store_close(pStore);
		free(zBody);
		if (rc != HW_OK) {
			json_decref(c.pArr);
			return hw_cli_fail(pCli, rc, &err);
		}
		if (c.pArr)
			hw_cli_print_json(json_pack("{s:s,s:s,s:o}", "name", zName, "channel", zChannel,
						    "warnings", c.pArr));
		else
			printf("template %s saved (%s)%s\n", zName, zChannel,
			       c.n ? "; see the warnings above" : "");
		return 0;
	}
	return hw_cli_usage(pCli, "usage: hawser template list | show NAME | fields | set NAME --channel C "
				  "[--subject S] FILE");
}
