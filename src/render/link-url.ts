/**
 * The one link-safety check every chat platform's renderer goes through: an absolute http(s) URL with
 * no user name or password in it, normalised by the URL parser; undefined for anything else. A URL
 * with credentials is refused, never shown: a feed or a watchlist could carry one, and a link in a
 * channel is read by everyone in it. Each renderer then encodes the characters its own link syntax
 * reserves.
 */
export function linkableHref(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username || parsed.password) return undefined;
  return parsed.href;
}

/** A URL shown as text where it cannot be a link: as given, except that a user name and password are cut out. */
export function urlAsText(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.username && !parsed.password) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}
