/* catalog: the site's open data described for data portals, as a
 * DCAT-AP-SE catalogue in RDF/XML (data/katalog.rdf), which Sweden's
 * national data portal (dataportal.se) harvests.
 *
 * One dcat:Catalog with one dcat:Dataset (the dialogues) and two
 * dcat:Distribution (data/dialoger.json and data/dialoger.csv). Publisher:
 * site.yaml `municipality`; contact point: site.yaml `contact`; licence:
 * site.yaml `open_data.license` (an SPDX id such as CC0-1.0 or CC-BY-4.0,
 * or an https address), CC0 1.0 when absent, as the open-data page says;
 * dct:modified: the build's today, since the data files carry every
 * status as of that day.
 *
 *     model -> facts -> catalog -> export */
#ifndef TRAPPA_CATALOG_H
#define TRAPPA_CATALOG_H

#include "buf.h"
#include "facts.h"

/* The licence when site.yaml names none. */
#define CATALOG_DEFAULT_LICENSE "CC0-1.0"

/* Appends the address of a licence: `license` itself when it is an
 * http(s) address, the canonical address of a known SPDX id (CC0-1.0,
 * CC-BY-4.0, CC-BY-SA-4.0, ODbL-1.0), else https://spdx.org/licenses/<id>
 * for another SPDX-like id. Returns 0, or -1 (appending nothing) for a
 * free text, which the catalogue gives as the licence's label instead. */
int catalog_license_url(buf *out, const char *license);

/* Appends data/katalog.rdf for f. Returns 0. */
int catalog_write(buf *out, const facts *f);

#endif
