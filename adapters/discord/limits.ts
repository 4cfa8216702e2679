import type { APIEmbed } from 'discord.js';
import { DISCORD_LIMITS } from '../../src/model/platform-limits.js';

/** The characters of one embed that count towards the per-message total. */
export function embedCharacters(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** Every limit a message body breaks, in words; empty when Discord would accept it. */
export function limitViolations(message: { content?: string; embeds?: APIEmbed[] }): string[] {
  const problems: string[] = [];
  const L = DISCORD_LIMITS;
  const embeds = message.embeds ?? [];
  if ((message.content?.length ?? 0) > L.content) problems.push(`content over ${L.content}`);
  if (embeds.length > L.embedsPerMessage) problems.push(`${embeds.length} embeds`);
  if (!message.content && embeds.length === 0) problems.push('empty message');
  const total = embeds.reduce((sum, embed) => sum + embedCharacters(embed), 0);
  if (total > L.charactersPerMessage) problems.push(`${total} embed characters`);
  embeds.forEach((embed, index) => {
    const at = `embed ${index + 1}`;
    if ((embed.title?.length ?? 0) > L.title) problems.push(`${at}: title over ${L.title}`);
    if ((embed.description?.length ?? 0) > L.description)
      problems.push(`${at}: description over ${L.description}`);
    if ((embed.footer?.text.length ?? 0) > L.footer) problems.push(`${at}: footer over ${L.footer}`);
    if ((embed.author?.name.length ?? 0) > L.authorName) problems.push(`${at}: author over ${L.authorName}`);
    if ((embed.fields?.length ?? 0) > L.fields) problems.push(`${at}: ${embed.fields?.length} fields`);
    if (embedCharacters(embed) === 0 && !embed.image) problems.push(`${at}: empty`);
    for (const field of embed.fields ?? []) {
      if (field.name.length === 0 || field.name.length > L.fieldName)
        problems.push(`${at}: field name length`);
      if (field.value.length === 0 || field.value.length > L.fieldValue)
        problems.push(`${at}: field value length`);
    }
  });
  return problems;
}
