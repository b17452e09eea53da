/* redact.h - credential values masked in the text a finding shows
 *
 * A finding carries its source line, the matched text and how it
 * matched, and every report writes them: a line that sets
 * OPENAI_API_KEY=sk-... must not carry the key into JSON, SARIF, HTML or
 * the inventory. The engine masks credential values once, where a
 * finding is made (sunset_finding_redact in engine.h). */
#ifndef SUNSET_REDACT_H
#define SUNSET_REDACT_H

#include "lang.h"

/* `text` with every byte of each credential value replaced by '*', so
 * that byte columns into it stay true. What counts as one:
 *  - a key of a published format, anywhere: sk-..., sk-proj-..., r8_...,
 *    AIza..., hf_..., xai-..., AKIA..., a JSON Web Token; its public
 *    prefix stays (sk-proj-****);
 *  - the token after "Bearer " or "Basic ";
 *  - a URL's password (https://user:****@host);
 *  - a literal assigned to a name that says it holds one (api_key,
 *    apiKey, OPENAI_API_KEY, xi-api-key, client_secret, access_token,
 *    password, Authorization; "key" only with a qualifier): in code a
 *    quoted value (api_key="...", "apiKey": "...", .apiKey("...")), in
 *    a string an HTTP header or a query parameter, in configuration
 *    formats (`lang`: YAML, .env, .properties, INI, Dockerfile, shell)
 *    an unquoted value too.
 * Not masked: names (os.environ["OPENAI_API_KEY"] stays as it is),
 * references (${X}, $X, {x}, <X>), values that are the name of an
 * environment variable, numbers, booleans, URLs without a password, and
 * model ids and hosts. A placeholder ("your-api-key") is masked like any
 * literal; a value under 3 bytes, or one already holding "***", is not.
 * Masking is its own fixed point. Caller frees. */
char *sunset_redact(const char *text, sunset_lang lang);

#endif
