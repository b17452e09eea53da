/* cyclonedx.h - a scan as a CycloneDX 1.6 JSON AI bill of materials */
#ifndef SUNSET_CYCLONEDX_H
#define SUNSET_CYCLONEDX_H

#include "scan.h"
#include "util.h"

/* The BOM's serial number, "urn:uuid:..." (a name-based UUID, version 5,
 * of every repository's identity and commit): the same repositories at
 * the same commits give the same number. Writes 46 bytes with the NUL. */
#define SUNSET_CDX_SERIAL_SIZE 46
void sunset_cyclonedx_serial(char out[SUNSET_CDX_SERIAL_SIZE],
			     const sunset_scan_result *result);

/* Append the BOM: metadata (sunset as the tool, the scanned repository as
 * the component, or one sub-component per repository when several),
 * vendor SDKs declared in manifests as library components with package
 * URLs, one service per vendor product the findings reference (provider,
 * endpoints seen, lifecycle and shutdown as sunset: properties), and the
 * dependencies from each repository to them. Deterministic: no
 * timestamp, everything sorted. */
void sunset_cyclonedx_render(sunset_buf *out, const sunset_scan_result *result);

/* The package URL of a package of `ecosystem` (pypi, npm, go, maven,
 * rubygems, nuget, cargo, composer; anything else is "generic"), with
 * `version` when not NULL, percent-encoded per the purl specification.
 * Caller frees. */
char *sunset_purl(const char *ecosystem, const char *name, const char *version);

/* Render and write to `path` ("-": standard output), atomically. Returns
 * 0 or SUNSET_ERR with the error printed. */
int sunset_cyclonedx_write(const char *path, const sunset_scan_result *result);

#endif
