/* Unit tests for catalog: the licence's address, and the DCAT-AP-SE
 * catalogue's parts (tests/export.sh parses a built one with rapper). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "catalog.h"
#include "date.h"

static void test_license_url(void **state)
{
	buf b = BUF_INIT;

	(void)state;
	assert_int_equal(catalog_license_url(&b, "CC0-1.0"), 0);
	assert_string_equal(b.ptr, "http://creativecommons.org/publicdomain/zero/1.0/");
	buf_clear(&b);
	assert_int_equal(catalog_license_url(&b, "CC-BY-4.0"), 0);
	assert_string_equal(b.ptr, "https://creativecommons.org/licenses/by/4.0/");
	buf_clear(&b);
	assert_int_equal(catalog_license_url(&b, "https://data.exempel.se/villkor"), 0);
	assert_string_equal(b.ptr, "https://data.exempel.se/villkor");
	buf_clear(&b);
	assert_int_equal(catalog_license_url(&b, "MIT"), 0);
	assert_string_equal(b.ptr, "https://spdx.org/licenses/MIT");
	buf_clear(&b);
	assert_int_equal(catalog_license_url(&b, "Fri att använda"), -1);
	assert_int_equal(b.size, 0);
	buf_free(&b);
}

/* Writes the catalogue of a site whose config is `config`. */
static void write_for(buf *out, value *config)
{
	model_site m;
	facts f;

	memset(&m, 0, sizeof(m));
	m.config = config;
	m.lang = "sv";
	m.timezone = "Europe/Stockholm";
	m.today = date_from_ymd(2026, 11, 22);
	facts_init(&f, &m, NULL, NULL);
	catalog_write(out, &f);
	facts_free(&f);
}

static void test_catalog(void **state)
{
	value *config = value_new_map(), *contact = value_new_map(), *open_data = value_new_map();
	buf out = BUF_INIT;

	(void)state;
	value_map_set_string(config, "base_url", "https://dialog.example.se/d/");
	value_map_set_string(config, "title", "Dialoger <&> här");
	value_map_set_string(config, "municipality", "Ås & Berga kommun");
	value_map_set_string(contact, "email", "dialog@example.se");
	value_map_set_string(contact, "phone", "0980-319 200");
	value_map_set(config, "contact", contact);
	write_for(&out, config);
	assert_int_equal(strncmp(out.ptr, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF ", 48), 0);
	assert_non_null(strstr(out.ptr, "<dcat:Catalog rdf:about=\"https://dialog.example.se/d/data/katalog.rdf\">"));
	assert_non_null(strstr(out.ptr, "<dct:title xml:lang=\"sv\">Dialoger &lt;&amp;&gt; här</dct:title>"));
	assert_non_null(strstr(out.ptr, "<dcat:Dataset rdf:about=\"https://dialog.example.se/d/oppna-data/#dialoger\">"));
	assert_non_null(strstr(out.ptr, "<dcat:downloadURL rdf:resource=\"https://dialog.example.se/d/data/dialoger.json\"/>"));
	assert_non_null(strstr(out.ptr, "<dcat:downloadURL rdf:resource=\"https://dialog.example.se/d/data/dialoger.csv\"/>"));
	assert_non_null(strstr(out.ptr, "<dcat:mediaType rdf:resource=\"https://www.iana.org/assignments/media-types/text/csv\"/>"));
	assert_non_null(strstr(out.ptr, "<dct:format rdf:resource=\"http://publications.europa.eu/resource/authority/file-type/JSON\"/>"));
	/* No licence in site.yaml: CC0 1.0, as the open-data page says. */
	assert_non_null(strstr(out.ptr, "<dct:license rdf:resource=\"http://creativecommons.org/publicdomain/zero/1.0/\"/>"));
	assert_non_null(strstr(out.ptr, "<foaf:name xml:lang=\"sv\">Ås &amp; Berga kommun</foaf:name>"));
	assert_non_null(strstr(out.ptr, "<vcard:hasEmail rdf:resource=\"mailto:dialog@example.se\"/>"));
	assert_non_null(strstr(out.ptr, "<vcard:hasTelephone rdf:resource=\"tel:+46980319200\"/>"));
	assert_non_null(strstr(out.ptr, "<dct:modified rdf:datatype=\"http://www.w3.org/2001/XMLSchema#date\">2026-11-22</dct:modified>"));

	/* A licence in free text becomes a label; no contact, no contact point. */
	buf_clear(&out);
	value_map_set_string(open_data, "license", "Fri att använda");
	value_map_set(config, "open_data", open_data);
	value_free(value_map_take(config, "contact"));
	write_for(&out, config);
	assert_non_null(strstr(out.ptr, "<dct:license><dct:LicenseDocument><rdfs:label>Fri att använda</rdfs:label></dct:LicenseDocument></dct:license>"));
	assert_null(strstr(out.ptr, "contactPoint"));
	buf_free(&out);
	value_free(config);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_license_url),
		cmocka_unit_test(test_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
