#include "lang.h"

#include <string.h>

const char *const lang_codes[LANG_COUNT] = { "sv", "en" };

static int lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

const char *lang_code_n(const char *s, size_t n)
{
	size_t i;

	if (!s || n < 2 || (n > 2 && s[2] != '-' && s[2] != '_'))
		return NULL;
	for (i = 0; i < LANG_COUNT; i++)
		if (lower(s[0]) == lang_codes[i][0] && lower(s[1]) == lang_codes[i][1])
			return lang_codes[i];
	return NULL;
}

const char *lang_code(const char *tag)
{
	return tag ? lang_code_n(tag, strlen(tag)) : NULL;
}

int lang_is_english(const char *tag)
{
	return lang_code(tag) == lang_codes[1];
}

int lang_is_english_n(const char *s, size_t n)
{
	return lang_code_n(s, n) == lang_codes[1];
}

int lang_split_file_name(size_t *slug_len, const char **code, size_t *code_len, const char *name)
{
	size_t n = strlen(name), len, i;
	const char *dot;

	*slug_len = 0;
	*code = NULL;
	*code_len = 0;
	if (n < 4 || strcmp(name + n - 3, ".md"))
		return -1;
	n -= 3;
	*slug_len = n;
	dot = memchr(name, '.', n);
	if (!dot)
		return 0;
	len = n - (size_t)(dot + 1 - name);
	if (len < 2 || len > 3)
		return 0;
	for (i = 1; i <= len; i++)
		if (dot[i] < 'a' || dot[i] > 'z')
			return 0;
	*slug_len = (size_t)(dot - name);
	*code = dot + 1;
	*code_len = len;
	return 0;
}
