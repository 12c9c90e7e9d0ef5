/*
 * tmpl.h — templates with merge fields.
 *
 * A template is UTF-8 text with merge fields in double braces:
 *
 *   Dear {{lead.first_name}},            the lead's first name
 *   Hello {{lead.first_name|there}},     ... or "there" when the lead has none
 *
 * A field is NAMESPACE.NAME from the table hw_tmpl_fields() (lead, account,
 * user, last_touch, next_call, meeting, today, sender, optout); spaces inside
 * the braces are allowed ("{{ lead.first_name }}"). A fallback after '|' is literal text (no
 * braces, no line breaks, at most 100 bytes). "{{{{" writes "{{" literally.
 *
 * Nothing is ever left blank: hw_tmpl_check() refuses a text with an unknown
 * field or a malformed one, at save time, naming the line and column;
 * hw_tmpl_render() refuses to render when a field has no value and no
 * fallback, naming the field: the caller skips the task with that reason.
 *
 * Pure: no I/O. Values come from the caller through a callback.
 */
#ifndef HW_CORE_TMPL_H
#define HW_CORE_TMPL_H

#include "core/hw.h"

/* Text past this many bytes is refused (templates are a few KB). */
#define HW_TMPL_MAX_TEXT (64 * 1024)

typedef struct hw_tmpl_field {
	const char *zName; /* "lead.first_name" */
	const char *zHelp; /* "the lead's first name" */
} hw_tmpl_field;

/* The fields a template may name, in the order the manual lists them. */
const hw_tmpl_field *hw_tmpl_fields(int *pnField);

/* Is zName ("lead.first_name") a field? */
int hw_tmpl_is_field(const char *zName);

/*
 * Check a template text. HW_EINVAL for an unknown field, an unclosed or empty
 * "{{", a "}}" without its "{{", a bad fallback, or a text over
 * HW_TMPL_MAX_TEXT: pErr has iLine and iCol (1-based, the column counts code
 * points) of the "{{", zField the field as written, and a message saying what
 * to do ("unknown field 'lead.frist_name': did you mean lead.first_name?
 * `hawser template fields` lists them"). zWhere, when not NULL, goes into
 * pErr->zFile ("template bad-time-note", "subject").
 */
hw_rc hw_tmpl_check(const char *zText, const char *zWhere, hw_err *pErr);

/*
 * A field's value for the render, or NULL when there is none; "" counts as
 * none. The string must live until the render returns.
 */
typedef const char *(*hw_tmpl_value)(void *pCtx, const char *zField);

/*
 * Render zText into a new string (*pzOut, free() it). Every field is
 * replaced by its value, or by its fallback when the value is missing.
 * HW_EINVAL when the text does not check (as hw_tmpl_check) or a field has
 * no value and no fallback: then pErr->zField is the field and the message
 * says "no value for {{lead.first_name}} (line 1, column 6): fill it in on
 * the lead or give a fallback, {{lead.first_name|there}}", and *pzOut is
 * NULL. HW_ENOMEM when out of memory.
 *
 * bNoNewline: values must not contain CR or LF (a subject line, a header):
 * a value with one is HW_EINVAL naming the field.
 */
hw_rc hw_tmpl_render(const char *zText, hw_tmpl_value xValue, void *pCtx, int bNoNewline,
		     char **pzOut, hw_err *pErr);

/* Call xField for each field the text names, in order of first use, once
 * each (the text must check). */
void hw_tmpl_each_field(const char *zText, void (*xField)(void *, const char *zField),
			void *pCtx);

#endif
