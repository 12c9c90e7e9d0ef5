/*
 * auth.c — who is asking and what they may touch.
 *
 * Sign-in: POST /api/v1/login checks the argon2id hash and sets the session
 * cookie (HttpOnly, SameSite=Strict); the answer carries the session's CSRF
 * token, which every cookie-signed POST/PATCH/DELETE must send back in
 * X-CSRF-Token. Integrations send "Authorization: Bearer TOKEN" instead (no
 * cookie, so no CSRF). Only hashes of the secrets are stored. Failed logins
 * are counted per login and per address: five a minute, then 429.
 *
 * Access: a rep sees and changes only their own leads (and the lead the
 * queue leased to them); a manager their own, their team's and the unowned
 * pool; an admin everything. Another's object answers 404, as if absent.
 */
#include "http/http_int.h"

#include "core/workjson.h"
#include "io/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define SESSION_SECONDS (12 * 3600)
#define COOKIE "hawser_session"

hw_role hw_role_of(const hw_user *u)
{
	if (strcmp(u->zRole, "admin") == 0)
		return HW_ROLE_ADMIN;
	if (strcmp(u->zRole, "manager") == 0)
		return HW_ROLE_MANAGER;
	return HW_ROLE_REP;
}

int hw_auth_identify(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zAuth =
		MHD_lookup_connection_value(r->pConn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	unsigned char aHash[HW_SECRET_HASH];
	hw_rc rc;

	if (zAuth) {
		if (strncmp(zAuth, "Bearer ", 7) != 0 || strlen(zAuth + 7) >= 128)
			return 0;
		hw_secret_hash(zAuth + 7, aHash);
		rc = s->pMethods->xTokenFind(s, aHash, &r->user);
	} else {
		const char *zCookie =
			MHD_lookup_connection_value(r->pConn, MHD_COOKIE_KIND, COOKIE);
		if (!zCookie || strlen(zCookie) >= 128)
			return 0;
		hw_secret_hash(zCookie, aHash);
		rc = s->pMethods->xSessionFind(s, aHash, r->tNow, &r->user, r->zCsrf, sizeof r->zCsrf);
		r->bCookie = 1;
	}
	if (rc == HW_ESTORE) {
		hw_answer_error(r, 503, NULL, "cannot check the sign-in: %s", hw_store_errmsg(s));
		return 0;
	}
	if (rc != HW_OK)
		return 0;
	r->bAuthed = 1;
	r->eRole = hw_role_of(&r->user);
	return 1;
}

int hw_auth_csrf_ok(hw_req *r)
{
	const char *zTok;
	if (!r->bCookie || !strcmp(r->zMethod, "GET") || !strcmp(r->zMethod, "HEAD"))
		return 1;
	zTok = MHD_lookup_connection_value(r->pConn, MHD_HEADER_KIND, "X-CSRF-Token");
	return zTok && r->zCsrf[0] && hw_secret_equal(zTok, r->zCsrf);
}

int hw_auth_user_ok(hw_req *r, const hw_user *pU)
{
	if (r->eRole == HW_ROLE_ADMIN || pU->iId == r->user.iId)
		return 1;
	return r->eRole == HW_ROLE_MANAGER && r->user.iTeam && pU->iTeam == r->user.iTeam;
}

int hw_auth_lead_ok(hw_req *r, const hw_lead *pLead)
{
	hw_store *s = r->pT->pStore;
	hw_user owner;
	hw_task held;

	if (r->eRole == HW_ROLE_ADMIN || pLead->iOwner == r->user.iId)
		return 1;
	if (r->eRole == HW_ROLE_MANAGER) {
		if (!pLead->iOwner)
			return 1;
		return s->pMethods->xUserLoad(s, pLead->iOwner, &owner) == HW_OK &&
		       hw_auth_user_ok(r, &owner);
	}
	/* a rep: the unowned lead the queue leased to them */
	return !pLead->iOwner &&
	       s->pMethods->xTaskHeld(s, r->user.iId, r->tNow, &held) == HW_OK &&
	       held.iLead == pLead->iId;
}

int hw_auth_subject(hw_req *r, long long *piUser)
{
	const char *z = hw_query(r, "user");
	hw_store *s = r->pT->pStore;
	hw_user u;
	char *zEnd;
	long long v;

	if (!z) {
		*piUser = r->eRole == HW_ROLE_ADMIN ? 0 : r->user.iId;
		return 1;
	}
	v = strtoll(z, &zEnd, 10);
	if (*zEnd || v <= 0) {
		hw_answer_error(r, 400, "user", "'%s' is not a user id", z);
		return 0;
	}
	if (s->pMethods->xUserLoad(s, v, &u) != HW_OK || !hw_auth_user_ok(r, &u)) {
		hw_answer_error(r, 404, "user", "no user %lld that you may see", v);
		return 0;
	}
	*piUser = v;
	return 1;
}

/* ---- failed logins: five a minute per login and per address ---- */

#define LIMIT_SLOTS 512
#define LIMIT_FAILS 5
#define LIMIT_WINDOW 60

static struct {
	char zKey[80];
	hw_time tStart;
	int nFails;
} aLimit[LIMIT_SLOTS];
static pthread_mutex_t g_limit = PTHREAD_MUTEX_INITIALIZER;

/* The slot of zKey (or the oldest, reused); call with g_limit held. */
static int limit_slot(const char *zKey, hw_time tNow)
{
	int iOld = 0;
	for (int i = 0; i < LIMIT_SLOTS; i++) {
		if (strcmp(aLimit[i].zKey, zKey) == 0) {
			if (tNow - aLimit[i].tStart >= LIMIT_WINDOW) {
				aLimit[i].tStart = tNow;
				aLimit[i].nFails = 0;
			}
			return i;
		}
		if (aLimit[i].tStart < aLimit[iOld].tStart)
			iOld = i;
	}
	snprintf(aLimit[iOld].zKey, sizeof aLimit[iOld].zKey, "%s", zKey);
	aLimit[iOld].tStart = tNow;
	aLimit[iOld].nFails = 0;
	return iOld;
}

/* bFail < 0: ask (1 = blocked); 1: count a failure; 0: a success clears. */
static int limit(const char *zKind, const char *zWho, hw_time tNow, int bFail)
{
	char zKey[80];
	int i, bBlocked;
	snprintf(zKey, sizeof zKey, "%s:%.70s", zKind, zWho);
	pthread_mutex_lock(&g_limit);
	i = limit_slot(zKey, tNow);
	if (bFail > 0)
		aLimit[i].nFails++;
	else if (bFail == 0)
		aLimit[i].nFails = 0;
	bBlocked = aLimit[i].nFails >= LIMIT_FAILS;
	pthread_mutex_unlock(&g_limit);
	return bBlocked;
}

/* ---- the routes ---- */

static json_t *me_json(hw_req *r)
{
	return json_pack("{s:o,s:s}", "user", hw_user_json(&r->user), "csrf", r->zCsrf);
}

/* An argon2id hash of a random password, made once: unknown logins are
 * checked against it. */
static char g_zDummy[HW_PASSWORD_HASH_MAX];
static pthread_once_t g_dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	char z[HW_SECRET_TEXT];
	hw_secret_new(z);
	if (hw_password_hash(z, g_zDummy) != HW_OK)
		g_zDummy[0] = 0;
}

static const char *dummy_hash(void)
{
	pthread_once(&g_dummy_once, dummy_make);
	return g_zDummy;
}

/*
 * The argon2id check takes ~0.2 s of CPU and 64 MiB: on the worker it would
 * stall every connection that worker serves. So the connection is suspended,
 * a thread of its own checks the password and resumes it, and the second
 * pass through the handler answers. At most LOGIN_THREADS checks run at once.
 */
#define LOGIN_THREADS 4

struct login_job {
	struct MHD_Connection *pConn;
	char zHash[HW_PASSWORD_HASH_MAX];
	char *zPassword;
	int bKnown; /* the login exists (else a dummy hash is checked) */
	_Atomic int bDone;
	int bOk;
};

static _Atomic int g_nLoginThreads;

static void *login_main(void *pv)
{
	struct login_job *j = pv;
	j->bOk = hw_password_verify(j->bKnown ? j->zHash : dummy_hash(), j->zPassword) && j->bKnown;
	j->bDone = 1;
	atomic_fetch_sub(&g_nLoginThreads, 1);
	MHD_resume_connection(j->pConn);
	return NULL;
}

static void login_job_free(struct login_job *j)
{
	if (!j)
		return;
	if (j->zPassword) {
		sodium_memzero(j->zPassword, strlen(j->zPassword));
		free(j->zPassword);
	}
	sodium_memzero(j->zHash, sizeof j->zHash);
	free(j);
}

void hw_auth_release(hw_req *r)
{
	login_job_free(r->pLogin);
	r->pLogin = NULL;
}

/* First pass: check the input and the limits, look the user up, and start
 * the password check. */
static void login_start(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zLogin = json_string_value(json_object_get(r->pJson, "login"));
	const char *zPw = json_string_value(json_object_get(r->pJson, "password"));
	struct login_job *j;
	pthread_t t;
	pthread_attr_t a;
	hw_rc rc;

	if (!zLogin || !zLogin[0] || strlen(zLogin) > 63) {
		hw_answer_error(r, 400, "login", "give your login as a string");
		return;
	}
	if (!zPw || strlen(zPw) > 1024) {
		hw_answer_error(r, 400, "password", "give your password as a string");
		return;
	}
	if (limit("login", zLogin, r->tNow, -1) || limit("addr", r->zClient, r->tNow, -1)) {
		hw_answer_error(r, 429, NULL,
				"too many failed sign-ins; wait a minute and try again");
		return;
	}
	if (!(j = calloc(1, sizeof *j)) || !(j->zPassword = strdup(zPw))) {
		login_job_free(j);
		hw_answer_error(r, 500, NULL, "out of memory");
		return;
	}
	rc = s->pMethods->xUserPassword(s, zLogin, &r->user, j->zHash, sizeof j->zHash);
	if (rc == HW_ESTORE) {
		login_job_free(j);
		hw_answer_error(r, 503, NULL, "cannot check the sign-in: %s", hw_store_errmsg(s));
		return;
	}
	j->bKnown = rc == HW_OK;
	j->pConn = r->pConn;
	if (atomic_fetch_add(&g_nLoginThreads, 1) >= LOGIN_THREADS) {
		atomic_fetch_sub(&g_nLoginThreads, 1);
		login_job_free(j);
		hw_answer_error(r, 503, NULL, "many sign-ins at once; try again in a moment");
		return;
	}
	r->pLogin = j;
	r->bSuspended = 1;
	MHD_suspend_connection(r->pConn);
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &a, login_main, j) != 0) {
		/* no thread: check here, as a last resort */
		atomic_fetch_sub(&g_nLoginThreads, 1);
		j->bOk = hw_password_verify(j->bKnown ? j->zHash : dummy_hash(), j->zPassword) &&
			 j->bKnown;
		j->bDone = 1;
		MHD_resume_connection(r->pConn);
	}
	pthread_attr_destroy(&a);
}

void hw_auth_login(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zLogin;
	char zSecret[HW_SECRET_TEXT];
	unsigned char aHash[HW_SECRET_HASH];
	hw_rc rc;

	if (!r->pLogin) {
		login_start(r);
		return;
	}
	if (!r->pLogin->bDone) /* resumed early: wait for the check */
		return;
	r->bSuspended = 0;
	zLogin = json_string_value(json_object_get(r->pJson, "login"));
	if (!r->pLogin->bOk) {
		limit("login", zLogin, r->tNow, 1);
		limit("addr", r->zClient, r->tNow, 1);
		hw_answer_error(r, 401, NULL, "wrong login or password");
		return;
	}
	limit("login", zLogin, r->tNow, 0);
	hw_secret_new(zSecret);
	hw_secret_new(r->zCsrf);
	hw_secret_hash(zSecret, aHash);
	if ((rc = hw_store_begin(s, 0)) == HW_OK &&
	    (rc = s->pMethods->xSessionCreate(s, aHash, r->user.iId, r->zCsrf, r->tNow,
					      r->tNow + SESSION_SECONDS)) == HW_OK)
		rc = hw_store_commit(s);
	if (rc != HW_OK) {
		hw_store_rollback(s);
		hw_answer_error(r, 503, NULL, "cannot start the session: %s", hw_store_errmsg(s));
		return;
	}
	r->eRole = hw_role_of(&r->user);
	snprintf(r->zSetCookie, sizeof r->zSetCookie,
		 COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", zSecret,
		 SESSION_SECONDS);
	hw_answer_json(r, 200, me_json(r));
}

void hw_auth_logout(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zCookie = MHD_lookup_connection_value(r->pConn, MHD_COOKIE_KIND, COOKIE);
	if (r->bCookie && zCookie) {
		unsigned char aHash[HW_SECRET_HASH];
		hw_secret_hash(zCookie, aHash);
		if (s->pMethods->xSessionDelete(s, aHash) != HW_OK) {
			hw_answer_error(r, 503, NULL, "cannot end the session: %s", hw_store_errmsg(s));
			return;
		}
	}
	snprintf(r->zSetCookie, sizeof r->zSetCookie,
		 COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	hw_answer_json(r, 204, json_object());
}

void hw_auth_me(hw_req *r)
{
	hw_answer_json(r, 200, me_json(r));
}

void hw_auth_token(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zName = json_string_value(json_object_get(r->pJson, "name"));
	char zSecret[HW_SECRET_TEXT];
	unsigned char aHash[HW_SECRET_HASH];
	long long iId = 0;
	hw_rc rc;

	if (!zName || !zName[0] || strlen(zName) > 100) {
		hw_answer_error(r, 400, "name", "name the token (1 to 100 characters), e.g. \"crm\"");
		return;
	}
	hw_secret_new(zSecret);
	hw_secret_hash(zSecret, aHash);
	if ((rc = hw_store_begin(s, 1)) == HW_OK &&
	    (rc = s->pMethods->xTokenCreate(s, aHash, r->user.iId, zName, r->tNow, &iId)) ==
		    HW_OK &&
	    (rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "token_create", "api_token", iId,
				      NULL)) == HW_OK)
		rc = hw_store_commit(s);
	if (rc != HW_OK) {
		hw_store_rollback(s);
		hw_answer_error(r, 503, NULL, "cannot create the token: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 201,
		       json_pack("{s:I,s:s,s:s}", "id", (json_int_t)iId, "name", zName, "token", zSecret));
}
