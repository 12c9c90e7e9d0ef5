/*
 * phone_internal.h — the inside of phone.cc that its tests reach into; nothing
 * else in hawser includes it. hw_phone_parse answers North American numbers
 * from a fast path of its own and everything else through libphonenumber; the
 * switch below lets a test run the same text through both and compare.
 */
#ifndef HW_IO_PHONE_INTERNAL_H
#define HW_IO_PHONE_INTERNAL_H

/*
 * Turn the NANP fast path on (the default) or off for the whole process. With
 * it off every number goes through libphonenumber's Parse, as before the fast
 * path existed. Safe to call while other threads parse; they see the change
 * on their next call.
 */
void hw_phone_set_fast(int bOn);

#endif
