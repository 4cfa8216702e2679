// What the Census API answers about keys, kept apart from the source so `check-config` loads it alone.

/** Where a Census API key is had, free, for messages that tell a user how to fix a key problem. */
export const CENSUS_KEY_SIGNUP = 'https://api.census.gov/data/key_signup.html';

/**
 * The Census API's answer to a request without a usable key, in words, or undefined. Since
 * 2026-05-12 a request without a key is redirected (302) to an HTML "missing key" page; a wrong key
 * gets HTTP 200 with an HTML fragment (`<div …><h1>Invalid Key</h1>`) where JSON was expected.
 */
export function keyProblem(finalUrl: string, body: Buffer, keySet: boolean): string | undefined {
  const page = new URL(finalUrl).pathname;
  const head = body.subarray(0, 2048).toString('utf8').trimStart();
  const invalid = /invalid_key\.html$/.test(page) || (head.startsWith('<') && /invalid key/i.test(head));
  const missing = /missing_key\.html$/.test(page) || (head.startsWith('<') && /missing key/i.test(head));
  if (invalid && keySet)
    return `the Census API refused the key in CENSUS_API_KEY ("Invalid Key"); check it, or get a new one free at ${CENSUS_KEY_SIGNUP}`;
  if (invalid || missing || (!keySet && head.startsWith('<') && /\bkey\b/i.test(head)))
    return keySet
      ? `the Census API answered a "missing key" page although CENSUS_API_KEY is set; check it at ${CENSUS_KEY_SIGNUP}`
      : `the Census API needs a key since 2026-05-12 and none is set: get one free at ${CENSUS_KEY_SIGNUP} and set CENSUS_API_KEY`;
  return undefined;
}
