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

/* The languages most spoken in Swedish municipalities besides Swedish: the
 * national minority languages, and the largest groups of newer arrivals
 * (SCB); a code missing here is shown as written. */
static const struct {
	const char *code, *sv, *en, *autonym;
} lang_names[] = {
	{ "sv", "svenska", "Swedish", "svenska" },
	{ "en", "engelska", "English", "English" },
	{ "ar", "arabiska", "Arabic", "العربية" },
	{ "so", "somaliska", "Somali", "Soomaali" },
	{ "ti", "tigrinja", "Tigrinya", "ትግርኛ" },
	{ "fa", "persiska", "Persian", "فارسی" },
	{ "prs", "dari", "Dari", "دری" },
	{ "ps", "pashto", "Pashto", "پښتو" },
	{ "ku", "kurdiska", "Kurdish", "Kurdî" },
	{ "tr", "turkiska", "Turkish", "Türkçe" },
	{ "pl", "polska", "Polish", "polski" },
	{ "bs", "bosniska", "Bosnian", "bosanski" },
	{ "hr", "kroatiska", "Croatian", "hrvatski" },
	{ "sr", "serbiska", "Serbian", "српски" },
	{ "uk", "ukrainska", "Ukrainian", "українська" },
	{ "ru", "ryska", "Russian", "русский" },
	{ "es", "spanska", "Spanish", "español" },
	{ "de", "tyska", "German", "Deutsch" },
	{ "fr", "franska", "French", "français" },
	{ "th", "thailändska", "Thai", "ไทย" },
	{ "zh", "kinesiska", "Chinese", "中文" },
	{ "fi", "finska", "Finnish", "suomi" },
	{ "fit", "meänkieli", "Meänkieli", "meänkieli" },
	{ "se", "nordsamiska", "Northern Sami", "davvisámegiella" },
	{ "sma", "sydsamiska", "Southern Sami", "åarjelsaemiengïele" },
	{ "smj", "lulesamiska", "Lule Sami", "julevsámegiella" },
	{ "rom", "romani chib", "Romani", "romani čhib" },
	{ "yi", "jiddisch", "Yiddish", "ייִדיש" },
	{ "swl", "svenskt teckenspråk", "Swedish Sign Language", NULL },
};
#define LANG_NAMES (sizeof(lang_names) / sizeof(lang_names[0]))

const char *lang_name(const char **autonym, const char *code, int english)
{
	size_t i;

	*autonym = NULL;
	for (i = 0; code && i < LANG_NAMES; i++) {
		const char *name = english ? lang_names[i].en : lang_names[i].sv;
		if (strcmp(lang_names[i].code, code))
			continue;
		if (lang_names[i].autonym && strcmp(lang_names[i].autonym, name))
			*autonym = lang_names[i].autonym;
		return name;
	}
	return NULL;
}

static int is_lower_alpha(char c)
{
	return c >= 'a' && c <= 'z';
}

int lang_code_is_valid(const char *s)
{
	size_t n = 0, sub;

	while (s[n] && is_lower_alpha(s[n]))
		n++;
	if (n < 2 || n > 3)
		return 0;
	s += n;
	while (*s == '-') { /* subtags: letters or digits, 2 to 8 */
		for (s++, sub = 0; (s[sub] >= 'a' && s[sub] <= 'z') || (s[sub] >= 'A' && s[sub] <= 'Z') ||
				   (s[sub] >= '0' && s[sub] <= '9');
		     sub++)
			;
		if (sub < 2 || sub > 8)
			return 0;
		s += sub;
	}
	return *s == '\0';
}

/* ASCII case-insensitive: the names differ from their capitalised forms
 * in the first letter only. */
static int same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return 0;
	return *a == *b;
}

const char *lang_code_of_name(const char *s)
{
	size_t i;

	for (i = 0; s && i < LANG_NAMES; i++)
		if (same_name(s, lang_names[i].sv) || same_name(s, lang_names[i].en))
			return lang_names[i].code;
	return NULL;
}
