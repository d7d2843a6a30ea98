/* Growable byte buffers, always NUL-terminated once anything is added. */
#ifndef TTLWATCH_BUF_H
#define TTLWATCH_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* NULL until the first append */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
};

void	 buf_init(struct buf *b);
void	 buf_release(struct buf *b);
void	 buf_reset(struct buf *b);
void	 buf_reserve(struct buf *b, size_t extra);
void	 buf_add(struct buf *b, const char *data, size_t len);
void	 buf_adds(struct buf *b, const char *s);
void	 buf_addc(struct buf *b, char c);
void	 buf_addf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
const char *buf_str(const struct buf *b);
char	*buf_detach(struct buf *b);

#endif
