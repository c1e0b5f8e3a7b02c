#include "catalog.h"

#include <string.h>

#include "date.h"
#include "escape.h"
#include "value.h"

static const struct {
	const char *id, *url;
} known_licenses[] = {
	{ "CC0-1.0", "http://creativecommons.org/publicdomain/zero/1.0/" },
	{ "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/" },
	{ "CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/" },
	{ "ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/" },
};

int catalog_license_url(buf *out, const char *license)
{
	size_t i;

	if (!strncmp(license, "https://", 8) || !strncmp(license, "http://", 7)) {
		buf_puts(out, license);
		return 0;
	}
	for (i = 0; i < sizeof(known_licenses) / sizeof(known_licenses[0]); i++)
		if (!strcmp(license, known_licenses[i].id)) {
			buf_puts(out, known_licenses[i].url);
			return 0;
		}
	if (!*license || license[strspn(license, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					  "0123456789.+-")])
		return -1;
	buf_printf(out, "https://spdx.org/licenses/%s", license);
	return 0;
}

static const char *config_text(const facts *f, const char *parent, const char *key)
{
	const value *map = parent ? value_map_get(f->m->config, parent) : f->m->config;
	return value_string(value_map_get(map, key));
}

/* <name xml:lang="..">text</name> */
static void put_text(buf *out, const char *indent, const char *name, const char *lang,
		     const char *text)
{
	buf_printf(out, "%s<%s xml:lang=\"%s\">", indent, name, lang);
	escape_xml_text(out, text);
	buf_printf(out, "</%s>\n", name);
}

/* <name rdf:resource="base + rest"/> */
static void put_resource(buf *out, const char *indent, const char *name, const char *base,
			 const char *rest)
{
	buf url = BUF_INIT;

	buf_printf(&url, "%s%s", base, rest);
	buf_printf(out, "%s<%s rdf:resource=\"", indent, name);
	escape_xml_attr(out, url.ptr);
	buf_puts(out, "\"/>\n");
	buf_free(&url);
}

/* <element rdf:about="base + rest"> */
static void open_node(buf *out, const char *element, const char *base, const char *rest)
{
	buf about = BUF_INIT;

	buf_printf(&about, "%s%s", base, rest);
	buf_printf(out, "  <%s rdf:about=\"", element);
	escape_xml_attr(out, about.ptr);
	buf_puts(out, "\">\n");
	buf_free(&about);
}

static void put_license(buf *out, const char *indent, const char *license)
{
	buf url = BUF_INIT;

	if (catalog_license_url(&url, license) == 0) {
		put_resource(out, indent, "dct:license", url.ptr, "");
	} else {
		buf_printf(out, "%s<dct:license><dct:LicenseDocument><rdfs:label>", indent);
		escape_xml_text(out, license);
		buf_puts(out, "</rdfs:label></dct:LicenseDocument></dct:license>\n");
	}
	buf_free(&url);
}

static void put_date(buf *out, const char *indent, const char *name, int day)
{
	buf_printf(out, "%s<%s rdf:datatype=\"http://www.w3.org/2001/XMLSchema#date\">", indent, name);
	date_format_iso(out, day);
	buf_printf(out, "</%s>\n", name);
}

/* site.yaml `contact` as a vcard:Organization named after the municipality. */
static void put_contact(buf *out, const facts *f, const char *municipality)
{
	const char *email = config_text(f, "contact", "email");
	const char *phone = config_text(f, "contact", "phone");

	if (!email && !phone)
		return;
	buf_puts(out, "    <dcat:contactPoint>\n      <vcard:Organization>\n");
	buf_puts(out, "        <vcard:fn>");
	escape_xml_text(out, municipality);
	buf_puts(out, "</vcard:fn>\n");
	if (email)
		put_resource(out, "        ", "vcard:hasEmail", "mailto:", email);
	if (phone) {
		buf tel = BUF_INIT;
		/* A tel: address; a number that makes none is left out. */
		if (escape_tel_uri(&tel, phone, "46") == 0 && tel.size)
			put_resource(out, "        ", "vcard:hasTelephone", tel.ptr, "");
		buf_free(&tel);
	}
	buf_puts(out, "      </vcard:Organization>\n    </dcat:contactPoint>\n");
}

/* A distribution, named <site>oppna-data/#<anchor>: where /oppna-data/ describes the file. */
static void put_distribution(buf *out, const facts *f, const char *license, const char *anchor,
			     const char *file, const char *format, const char *media_type,
			     const char *title_sv, const char *title_en)
{
	buf url = BUF_INIT;

	buf_printf(&url, "oppna-data/#%s", anchor);
	open_node(out, "dcat:Distribution", f->site_url, url.ptr);
	buf_clear(&url);
	buf_printf(&url, "%sdata/%s", f->site_url, file);
	put_text(out, "    ", "dct:title", "sv", title_sv);
	put_text(out, "    ", "dct:title", "en", title_en);
	put_resource(out, "    ", "dcat:accessURL", url.ptr, "");
	put_resource(out, "    ", "dcat:downloadURL", url.ptr, "");
	put_resource(out, "    ", "dct:format",
		     "http://publications.europa.eu/resource/authority/file-type/", format);
	put_resource(out, "    ", "dcat:mediaType", "https://www.iana.org/assignments/media-types/",
		     media_type);
	put_license(out, "    ", license);
	put_date(out, "    ", "dct:modified", f->m->today);
	buf_puts(out, "  </dcat:Distribution>\n");
	buf_free(&url);
}

int catalog_write(buf *out, const facts *f)
{
	const char *municipality = config_text(f, NULL, "municipality");
	const char *title = config_text(f, NULL, "title");
	const char *license = config_text(f, "open_data", "license");
	const char *site = f->site_url;
	buf b = BUF_INIT;

	if (!municipality)
		municipality = "";
	if (!title)
		title = municipality;
	if (!license)
		license = CATALOG_DEFAULT_LICENSE;
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
		      "         xmlns:rdfs=\"http://www.w3.org/2000/01/rdf-schema#\"\n"
		      "         xmlns:dcat=\"http://www.w3.org/ns/dcat#\"\n"
		      "         xmlns:dct=\"http://purl.org/dc/terms/\"\n"
		      "         xmlns:foaf=\"http://xmlns.com/foaf/0.1/\"\n"
		      "         xmlns:vcard=\"http://www.w3.org/2006/vcard/ns#\">\n");

	/* The catalogue */
	open_node(out, "dcat:Catalog", site, "data/katalog.rdf");
	put_text(out, "    ", "dct:title", "sv", title);
	buf_clear(&b);
	buf_printf(&b, "Öppna data om medborgardialoger i %s.", municipality);
	put_text(out, "    ", "dct:description", "sv", b.ptr);
	buf_clear(&b);
	buf_printf(&b, "Open data on citizen dialogues in %s.", municipality);
	put_text(out, "    ", "dct:description", "en", b.ptr);
	put_resource(out, "    ", "dct:publisher", site, "oppna-data/#utgivare");
	put_resource(out, "    ", "foaf:homepage", site, "");
	put_resource(out, "    ", "dct:language",
		     "http://publications.europa.eu/resource/authority/language/", "SWE");
	put_license(out, "    ", license);
	put_date(out, "    ", "dct:modified", f->m->today);
	put_resource(out, "    ", "dcat:dataset", site, "oppna-data/#dialoger");
	buf_puts(out, "  </dcat:Catalog>\n");

	/* The dataset */
	open_node(out, "dcat:Dataset", site, "oppna-data/#dialoger");
	buf_clear(&b);
	buf_printf(&b, "Medborgardialoger i %s", municipality);
	put_text(out, "    ", "dct:title", "sv", b.ptr);
	buf_clear(&b);
	buf_printf(&b, "Citizen dialogues in %s", municipality);
	put_text(out, "    ", "dct:title", "en", b.ptr);
	buf_clear(&b);
	buf_printf(&b,
		   "Varje publicerad medborgardialog i %s: syfte, steg i delaktighetstrappan, "
		   "ansvarig nämnd, datum, status, möten, resultat och återkoppling.",
		   municipality);
	put_text(out, "    ", "dct:description", "sv", b.ptr);
	buf_clear(&b);
	buf_printf(&b,
		   "Every published citizen dialogue in %s: purpose, step of the participation "
		   "ladder, responsible committee, dates, status, meetings, results and feedback.",
		   municipality);
	put_text(out, "    ", "dct:description", "en", b.ptr);
	put_resource(out, "    ", "dct:publisher", site, "oppna-data/#utgivare");
	put_contact(out, f, municipality);
	put_resource(out, "    ", "dcat:landingPage", site, "oppna-data/");
	put_text(out, "    ", "dcat:keyword", "sv", "medborgardialog");
	put_text(out, "    ", "dcat:keyword", "sv", "delaktighet");
	put_text(out, "    ", "dcat:keyword", "en", "citizen dialogue");
	put_resource(out, "    ", "dcat:theme",
		     "http://publications.europa.eu/resource/authority/data-theme/", "GOVE");
	put_resource(out, "    ", "dct:accrualPeriodicity",
		     "http://publications.europa.eu/resource/authority/frequency/", "DAILY");
	put_resource(out, "    ", "dct:language",
		     "http://publications.europa.eu/resource/authority/language/", "SWE");
	put_date(out, "    ", "dct:modified", f->m->today);
	put_resource(out, "    ", "dcat:distribution", site, "oppna-data/#JSON");
	put_resource(out, "    ", "dcat:distribution", site, "oppna-data/#CSV");
	put_resource(out, "    ", "dcat:distribution", site, "oppna-data/#you_said");
	put_resource(out, "    ", "dcat:distribution", site, "oppna-data/#actions");
	buf_puts(out, "  </dcat:Dataset>\n");

	put_distribution(out, f, license, "JSON", "dialoger.json", "JSON", "application/json",
			 "Dialogerna som JSON", "The dialogues as JSON");
	put_distribution(out, f, license, "CSV", "dialoger.csv", "CSV", "text/csv",
			 "Dialogerna som CSV", "The dialogues as CSV");
	/* One row per point and per action (export.c), for counting across dialogues. */
	put_distribution(out, f, license, "you_said", "you_said.csv", "CSV", "text/csv",
			 "Ni sa – vi gjorde: en rad per synpunkt, som CSV",
			 "You said, we did: one row per point, as CSV");
	put_distribution(out, f, license, "actions", "actions.csv", "CSV", "text/csv",
			 "Åtgärder efter beslutet: en rad per åtgärd, som CSV",
			 "Actions after the decision: one row per action, as CSV");

	/* The publisher */
	open_node(out, "foaf:Agent", site, "oppna-data/#utgivare");
	put_text(out, "    ", "foaf:name", "sv", municipality);
	put_resource(out, "    ", "dct:type", "http://purl.org/adms/publishertype/", "LocalAuthority");
	buf_puts(out, "  </foaf:Agent>\n</rdf:RDF>\n");
	buf_free(&b);
	return 0;
}
