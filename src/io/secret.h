/*
 * secret.h — passwords and bearer secrets, through libsodium.
 *
 * Passwords are hashed with argon2id (crypto_pwhash_str, interactive limits);
 * the hash string carries its own salt and parameters. Session cookies and
 * API tokens are 32 random bytes in base64url; the store keeps only their
 * BLAKE2b hash, so a copy of the database signs nobody in.
 */
#ifndef HW_IO_SECRET_H
#define HW_IO_SECRET_H

#include <stddef.h>

#include "core/hw.h"

#define HW_PASSWORD_HASH_MAX 128 /* >= crypto_pwhash_STRBYTES */
#define HW_SECRET_TEXT 44        /* 43 base64url characters and the NUL */

/* Once per process before the others (thread-safe, idempotent). */
hw_rc hw_secret_init(void);
/* HW_EINVAL for a password shorter than 8 or longer than 1024 bytes. */
hw_rc hw_password_hash(const char *zPassword, char zHash[HW_PASSWORD_HASH_MAX]);
/* 1 when zPassword matches zHash (an argon2id string), else 0. */
int hw_password_verify(const char *zHash, const char *zPassword);
/* A fresh random secret as text. */
void hw_secret_new(char zOut[HW_SECRET_TEXT]);
/* The hash stored for a secret (32 bytes). */
void hw_secret_hash(const char *zSecret, unsigned char aOut[32]);
/* Constant-time equality of two strings (lengths compared first). */
int hw_secret_equal(const char *zA, const char *zB);

#endif
