/*
 * test_http.c — the server's contracts that need no socket: the OpenAPI
 * document describes exactly the routes the server answers (both ways), with
 * an error response for each; result codes map to statuses in one place; the
 * embedded web screens are there; passwords and secrets behave.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "http/http_int.h"
#include "io/secret.h"

#include <ctype.h>
#include <string.h>

static json_t *load_doc(void)
{
	json_error_t je;
	json_t *p = json_loads(hw_http_openapi(), 0, &je);
	assert_non_null(p);
	return p;
}

static void lower(const char *z, char *zOut, size_t n)
{
	size_t i = 0;
	for (; z[i] && i + 1 < n; i++)
		zOut[i] = (char)tolower((unsigned char)z[i]);
	zOut[i] = 0;
}

/* Every route is documented, with at least one 2xx and, unless public, the
 * 401 answer. */
static void test_routes_documented(void **state)
{
	(void)state;
	json_t *pDoc = load_doc(), *pPaths = json_object_get(pDoc, "paths");
	assert_true(json_is_object(pPaths));
	for (int i = 0; i < hw_http_route_count(); i++) {
		hw_http_route_info ri;
		char zM[16];
		hw_http_route_at(i, &ri);
		lower(ri.zMethod, zM, sizeof zM);
		json_t *pOp = json_object_get(json_object_get(pPaths, ri.zPath), zM);
		if (!pOp)
			fail_msg("%s %s is served but not in openapi.json", ri.zMethod, ri.zPath);
		json_t *pResp = json_object_get(pOp, "responses");
		const char *zCode;
		json_t *pV;
		int b2xx = 0;
		json_object_foreach(pResp, zCode, pV) if (zCode[0] == '2') b2xx = 1;
		if (!b2xx)
			fail_msg("%s %s documents no success answer", ri.zMethod, ri.zPath);
		int bPublic = (hw_routes[i].mFlags & R_PUBLIC) != 0;
		if (!bPublic && !json_object_get(pResp, "401"))
			fail_msg("%s %s needs sign-in but documents no 401", ri.zMethod, ri.zPath);
	}
	json_decref(pDoc);
}

/* Every documented operation is served. */
static void test_doc_routes_exist(void **state)
{
	(void)state;
	json_t *pDoc = load_doc(), *pPaths = json_object_get(pDoc, "paths"), *pItem, *pOp;
	const char *zPath, *zMethod;
	int nOps = 0;
	json_object_foreach(pPaths, zPath, pItem)
	{
		json_object_foreach(pItem, zMethod, pOp)
		{
			int bFound = 0;
			for (int i = 0; i < hw_http_route_count() && !bFound; i++) {
				hw_http_route_info ri;
				char zM[16];
				hw_http_route_at(i, &ri);
				lower(ri.zMethod, zM, sizeof zM);
				bFound = strcmp(ri.zPath, zPath) == 0 && strcmp(zM, zMethod) == 0;
			}
			if (!bFound)
				fail_msg("openapi.json documents %s %s, which the server does not serve",
					 zMethod, zPath);
			nOps++;
		}
	}
	assert_int_equal(nOps, hw_http_route_count());
	json_decref(pDoc);
}

static void test_status_map(void **state)
{
	(void)state;
	static const struct {
		hw_rc rc;
		int iStatus;
	} a[] = {{HW_OK, 200},        {HW_EUSAGE, 400},   {HW_EINVAL, 400},    {HW_ENOTFOUND, 404},
		 {HW_ECONFLICT, 409}, {HW_ESTORE, 503},   {HW_ENOMEM, 500},    {HW_EINTERNAL, 500},
		 {HW_EIO, 500}};
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		assert_int_equal(hw_http_status(a[i].rc), a[i].iStatus);
}

static void test_assets(void **state)
{
	(void)state;
	size_t n = 0;
	const char *zType = NULL;
	const unsigned char *p = hw_asset("/index.html", &n, &zType);
	assert_non_null(p);
	assert_true(n > 100);
	assert_string_equal(zType, "text/html; charset=utf-8");
	assert_null(hw_asset("/../index.html", &n, &zType));
	assert_null(hw_asset("/README.md", &n, &zType)); /* not shipped */
}

static void test_secrets(void **state)
{
	(void)state;
	char zHash[HW_PASSWORD_HASH_MAX], zA[HW_SECRET_TEXT], zB[HW_SECRET_TEXT];
	unsigned char aA[32], aB[32];
	assert_int_equal(hw_secret_init(), HW_OK);
	assert_int_equal(hw_password_hash("short", zHash), HW_EINVAL);
	assert_int_equal(hw_password_hash("correct horse", zHash), HW_OK);
	assert_true(strncmp(zHash, "$argon2id$", 10) == 0);
	assert_true(hw_password_verify(zHash, "correct horse"));
	assert_false(hw_password_verify(zHash, "correct hors"));
	assert_false(hw_password_verify("", "correct horse"));
	hw_secret_new(zA);
	hw_secret_new(zB);
	assert_int_equal(strlen(zA), 43);
	assert_string_not_equal(zA, zB);
	hw_secret_hash(zA, aA);
	hw_secret_hash(zA, aB);
	assert_memory_equal(aA, aB, 32);
	hw_secret_hash(zB, aB);
	assert_memory_not_equal(aA, aB, 32);
	assert_true(hw_secret_equal(zA, zA));
	assert_false(hw_secret_equal(zA, zB));
	assert_false(hw_secret_equal("abc", "abcd"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_documented), cmocka_unit_test(test_doc_routes_exist),
		cmocka_unit_test(test_status_map),        cmocka_unit_test(test_assets),
		cmocka_unit_test(test_secrets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
