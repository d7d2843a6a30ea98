/* Locale-independent character classes and UTF-8 handling. The program
 * calls setlocale() for its messages, so <ctype.h> would change meaning
 * with LC_CTYPE; the parsers use these instead. */
#ifndef TTLWATCH_TEXT_H
#define TTLWATCH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

bool	 text_is_digit(int c);
bool	 text_is_alpha(int c);
bool	 text_is_space(int c);
int	 text_lower(int c);
bool	 text_equal_nocase(const char *a, const char *b);
const char *text_skip_space(const char *s);
bool	 text_scan_digits(const char **p, int n, int *out);

size_t	 text_utf8_sequence(const unsigned char *s, size_t avail);
bool	 text_utf8_valid(const char *s);
void	 text_quote(struct buf *out, const char *s);
void	 text_xml_clean(struct buf *out, const char *s);
void	 text_printable_clean(struct buf *out, const char *s);

#endif
