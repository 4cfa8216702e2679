/** Query parameters whose values are credentials wherever they appear. */
const SECRET_PARAM = /^(?:.*key|.*token|.*secret|signature|sig|password|auth|code)$/i;

const REDACTED = '[REDACTED]';

/** Returns the URL with credential-bearing query values and userinfo replaced, safe to log. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return scrubQueryLike(String(url));
  }
  if (parsed.username || parsed.password) {
    parsed.username = REDACTED;
    parsed.password = '';
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

/** The credential values a URL carries (userinfo and credential query parameters), e.g. to scrub an echo of them. */
export function credentialsIn(url: string | URL): string[] {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return [];
  }
  const values = [...parsed.searchParams]
    .filter(([name]) => SECRET_PARAM.test(name))
    .map(([, value]) => value);
  if (parsed.password) values.push(decodeURIComponent(parsed.password));
  return values;
}

function scrubQueryLike(text: string): string {
  return text.replace(/([?&](?:[\w-]*key|[\w-]*token|[\w-]*secret|signature)=)[^&\s#]+/gi, `$1${REDACTED}`);
}

/**
 * Removes every known secret value (and its URL-encoded form) from a text, plus credential query
 * parameters. Applied to every log line, so a secret interpolated into an error message is caught too.
 */
export function createSecretScrubber(secrets: Iterable<string | undefined>): (text: string) => string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    // Very short values would redact innocent text and cannot be real credentials.
    if (!secret || secret.length < 6) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    needles.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const needle of ordered) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return scrubQueryLike(out);
  };
}
