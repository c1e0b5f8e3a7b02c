/* escape: careful escapers for every output format (cf. stagit's xmlencode). */
#ifndef TRAPPA_ESCAPE_H
#define TRAPPA_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* HTML text and attribute values: & < > " ' become entities. */
void escape_html(buf *out, const char *s, size_t len);

#endif
