/* Locale-independent character classes, UTF-8 validation and the quoting
 * of untrusted values in messages. */
#include <stdint.h>
#include <string.h>

#include "text.h"

bool
text_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

bool
text_is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool
text_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

int
text_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive comparison. */
bool
text_equal_nocase(const char *a, const char *b)
{
	while (*a != '\0' && text_lower((unsigned char)*a) ==
	    text_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* Read exactly n decimal digits (n at most 9) at *p into *out and move
 * *p past them; false, with *p unchanged, if there are fewer. */
bool
text_scan_digits(const char **p, int n, int *out)
{
	int v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!text_is_digit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

const char *
text_skip_space(const char *s)
{
	while (text_is_space((unsigned char)*s))
		s++;
	return s;
}

/*
 * Return the length of the well-formed UTF-8 sequence at s (1 to 4), or 0
 * when the bytes are not one: a stray continuation byte, a truncated or
 * overlong sequence, a surrogate or a code point above U+10FFFF.
 */
size_t
text_utf8_sequence(const unsigned char *s, size_t avail)
{
	uint32_t cp;
	size_t len, i;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (avail < len)
		return 0;

	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}

	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
		return 0;
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

bool
text_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t avail = strlen(s);

	while (avail > 0) {
		size_t n = text_utf8_sequence(p, avail);

		if (n == 0)
			return false;
		p += n;
		avail -= n;
	}
	return true;
}

/*
 * Append s in single quotes for a message, with control characters and
 * bytes that are not UTF-8 written as \xHH, so that a hostile value can
 * neither break a log line nor drive a terminal.
 */
void
text_quote(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t avail = strlen(s);

	buf_addc(out, '\'');
	while (avail > 0) {
		size_t n = text_utf8_sequence(p, avail);

		if (n == 1 && (*p == '\'' || *p == '\\')) {
			buf_addc(out, '\\');
			buf_addc(out, (char)*p);
		} else if (n == 0 || *p < 0x20 || *p == 0x7f) {
			buf_addf(out, "\\x%02x", *p);
			n = 1;
		} else {
			buf_add(out, (const char *)p, n);
		}
		p += n;
		avail -= n;
	}
	buf_addc(out, '\'');
}

/* Whether code point cp may appear in an XML 1.0 document. */
static bool
text_xml_allowed(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	if (cp >= 0xd800 && cp <= 0xdfff)
		return false;
	return cp != 0xfffe && cp != 0xffff;
}

static uint32_t
text_utf8_decode(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t i;

	if (len == 1)
		return s[0];
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

/*
 * Append s with every character XML 1.0 forbids (control characters other
 * than tab, LF and CR, U+FFFE, U+FFFF) and every byte that is not UTF-8
 * replaced by U+FFFD, so the document stays well-formed.
 */
void
text_xml_clean(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t avail = strlen(s);

	while (avail > 0) {
		size_t n = text_utf8_sequence(p, avail);

		if (n == 0 || !text_xml_allowed(text_utf8_decode(p, n))) {
			buf_adds(out, "\xef\xbf\xbd");
			n = n == 0 ? 1 : n;
		} else {
			buf_add(out, (const char *)p, n);
		}
		p += n;
		avail -= n;
	}
}

/* Whether the sequence is a C0 control other than tab, LF or CR, DEL,
 * or a C1 control (U+0080 to U+009F, bytes C2 80 to C2 9F). */
static bool
text_is_control_sequence(const unsigned char *p, size_t n)
{
	if (n == 1)
		return (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f;
	return n == 2 && p[0] == 0xc2 && p[1] < 0xa0;
}

/* Append s with bytes that are not UTF-8, and control characters other
 * than tab, LF and CR, replaced by U+FFFD: a file name or a label cannot
 * break a report's encoding or drive a terminal that shows it. */
void
text_printable_clean(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t avail = strlen(s);

	while (avail > 0) {
		size_t n = text_utf8_sequence(p, avail);

		if (n == 0 || text_is_control_sequence(p, n)) {
			buf_adds(out, "\xef\xbf\xbd");
			n = n == 0 ? 1 : n;
		} else {
			buf_add(out, (const char *)p, n);
		}
		p += n;
		avail -= n;
	}
}
