/* escape: careful escapers for every output format (cf. stagit's xmlencode).
 *
 * Every escaper appends to out. Except for escape_html, which sees only
 * validated text, each walks its input code point by code point
 * (utf8_decode), so a byte that is not part of well-formed UTF-8 becomes
 * U+FFFD instead of passing through and breaking the file. The model only
 * holds validated UTF-8; the care is for the escapers' own sake. */
#ifndef TRAPPA_ESCAPE_H
#define TRAPPA_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* HTML text and attribute values alike: & < > " ' become entities. */
void escape_html(buf *out, const char *s, size_t len);

/* XML 1.0 text (attr 0) or attribute value (attr 1): & < > " ' as
 * entities; tab, newline and carriage return in attributes (and carriage
 * return anywhere) as character references, so parsers do not normalise
 * them away; the characters XML 1.0 forbids (other C0 controls, U+FFFE,
 * U+FFFF) and bad bytes become U+FFFD. */
void escape_xml(buf *out, const char *s, size_t len, int attr);
void escape_xml_text(buf *out, const char *s);
void escape_xml_attr(buf *out, const char *s);

#define ESCAPE_JSON_SCRIPT_SAFE 1u /* also < > & as \u escapes: safe inside <script> */

/* A JSON string, quotes included (RFC 8259). Control characters as
 * escapes, U+2028 and U+2029 too (JavaScript before ES2019 ends a line
 * there), bad bytes as \ufffd. */
void escape_json(buf *out, const char *s, size_t len, unsigned flags);
void escape_json_cstring(buf *out, const char *s, unsigned flags);

/* One CSV field (RFC 4180). A field that a spreadsheet would read as a
 * formula (starting with = + - @, tab or carriage return) gets a leading
 * apostrophe, the OWASP advice against CSV injection; a field with a comma,
 * quote or line break is quoted, quotes doubled. NUL bytes are dropped and
 * bad bytes become U+FFFD. */
void escape_csv(buf *out, const char *s, size_t len);

/* An iCalendar TEXT value (RFC 5545, 3.3.11): backslash, semicolon and
 * comma escaped, every line break (LF, CRLF, CR) as \n; other control
 * characters, which TEXT does not allow, dropped; bad bytes U+FFFD. */
void escape_ical_text(buf *out, const char *s, size_t len);

/* Appends one iCalendar content line, folded (RFC 5545, 3.1): no physical
 * line is longer than 75 octets, continuation lines start with a space, a
 * fold never falls inside a UTF-8 sequence, and every line ends in CRLF. */
void escape_ical_fold(buf *out, const char *line, size_t len);

/* A URI inside a line-based format (an iCalendar value, robots.txt):
 * control characters and spaces would end or break the line, so they go. */
void escape_line_uri(buf *out, const char *s);

/* origin + path as an absolute address: the bytes of path outside the URI
 * characters (RFC 3986) percent-encoded; origin is taken as it is. */
void escape_url(buf *out, const char *origin, const char *path);

/* One part of an address (a query value, a path segment): every byte but
 * the unreserved characters (RFC 3986: letters, digits, "-._~")
 * percent-encoded, so "/", "&", "?", "#" and "%" in s stay text. */
void escape_url_component(buf *out, const char *s);

/* A number as a page shows it: whole numbers of four digits or more in
 * groups of three with no-break spaces (U+00A0), "2 318", as Swedish and
 * SI write them; a minus sign (U+2212) for negatives; others as %g. */
void escape_number(buf *out, double n);

/* A phone number as written ("08-123 45 67", "+46 8 123 45 67") as a tel:
 * URI (RFC 3966): "tel:+4681234567", a leading 0 replaced by +country_code
 * ("46"), 00 by +. Returns 0, or -1 (nothing appended) when the text has
 * anything but digits, a leading +, spaces, dashes, dots, slashes and
 * parentheses. */
int escape_tel_uri(buf *out, const char *phone, const char *country_code);
/* The phone number as written, unbreakable: spaces as U+00A0, dashes as
 * U+2011, so it never wraps across lines. Not escaped for HTML: the
 * caller's template escapes it. */
void escape_phone_text(buf *out, const char *phone);

#endif
