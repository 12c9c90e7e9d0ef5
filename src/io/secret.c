/*
 * secret.c — passwords and bearer secrets (see secret.h).
 */
#include "io/secret.h"

#include <sodium.h>
#include <string.h>

hw_rc hw_secret_init(void)
{
	return sodium_init() < 0 ? HW_ENOMEM : HW_OK;
}

hw_rc hw_password_hash(const char *zPassword, char zHash[HW_PASSWORD_HASH_MAX])
{
	size_t n = strlen(zPassword);
	_Static_assert(HW_PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer");
	if (n < 8 || n > 1024)
		return HW_EINVAL;
	if (crypto_pwhash_str_alg(zHash, zPassword, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return HW_ENOMEM; /* out of memory for argon2's 64 MiB */
	return HW_OK;
}

int hw_password_verify(const char *zHash, const char *zPassword)
{
	if (!zHash[0])
		return 0;
	return crypto_pwhash_str_verify(zHash, zPassword, strlen(zPassword)) == 0;
}

void hw_secret_new(char zOut[HW_SECRET_TEXT])
{
	unsigned char a[32];
	randombytes_buf(a, sizeof a);
	sodium_bin2base64(zOut, HW_SECRET_TEXT, a, sizeof a, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(a, sizeof a);
}

void hw_secret_hash(const char *zSecret, unsigned char aOut[32])
{
	crypto_generichash(aOut, 32, (const unsigned char *)zSecret, strlen(zSecret), NULL, 0);
}

int hw_secret_equal(const char *zA, const char *zB)
{
	size_t n = strlen(zA);
	if (n != strlen(zB))
		return 0;
	return sodium_memcmp(zA, zB, n) == 0;
}
