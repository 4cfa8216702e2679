/**
 * How Discord's client shows the embeds of one message: an embed whose `url` equals that of an
 * earlier embed in the same message is merged into the earlier one as an extra image (the "gallery"
 * Discord builds for tweets), so its title, description and fields are never shown. Reported and
 * explained in discord/discord-api-docs#1418 and #4129, and discord.py#9086.
 */
export function shownEmbeds<E extends { url?: string }>(embeds: readonly E[]): E[] {
  const seen = new Set<string>();
  return embeds.filter((embed) => {
    if (embed.url === undefined) return true;
    if (seen.has(embed.url)) return false;
    seen.add(embed.url);
    return true;
  });
}

/** How many embeds of a message a reader never sees. */
export const hiddenEmbeds = (embeds: readonly { url?: string }[]): number =>
  embeds.length - shownEmbeds(embeds).length;
