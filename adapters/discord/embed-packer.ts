import type { APIEmbed, APIEmbedField } from 'discord.js';
import { DISCORD_LIMITS as L } from '../../src/model/platform-limits.js';
import { linkableHref, urlAsText } from '../../src/render/link-url.js';
import { type SplitOptions, splitLine, truncateText } from '../../src/render/text-limits.js';
import {
  breakMassMentions,
  codeBlockLength,
  escapeCodeBlock,
  escapedLength,
  escapeMarkdown,
} from './escape.js';

/** A piece of an embed's description, in plain text; the packer escapes and splits it. */
export type DescriptionBlock =
  /** One line of prose; `prefix` is trusted markdown (an icon, a bold id) put before its first piece. */
  | { kind: 'text'; text: string; prefix?: string }
  | { kind: 'heading'; text: string }
  | { kind: 'code'; lines: readonly string[] }
  | { kind: 'link'; label: string; url: string; prefix?: string }
  /** A blank line between sections; dropped where an embed breaks. */
  | { kind: 'gap' };

/** One logical embed before Discord's limits are applied; it may become several real embeds. */
export interface EmbedSpec {
  title: string;
  url?: string;
  color?: number;
  author?: string;
  blocks: readonly DescriptionBlock[];
  fields: readonly { name: string; value: string; inline?: boolean }[];
  footer?: string;
  /** ISO 8601. */
  timestamp?: string;
  /** `attachment://name.png` of a file sent with the same message. */
  image?: string;
}

const CONTINUED = ' (continued)';
/**
 * Text is split raw and measured as it will be once escaped (escapedLength is an upper bound, which
 * keeps every piece inside the limit). Discord's limits are hard, so a URL longer than a whole slot is
 * the one thing cut like a long word; every shorter link stays whole.
 */
const PROSE: SplitOptions = { measure: escapedLength, keepLongUrls: false };
const CODE: SplitOptions = { measure: codeBlockLength, keepLongUrls: false };
/** An embed with none of these is empty, and Discord rejects the whole message. */
const CONTENT_KEYS = ['title', 'description', 'fields', 'footer', 'author', 'image'] as const;
const EMPTY_FIELD = '—';

/**
 * Lays out embed specs as messages within every Discord limit (see limits.ts). Nothing is cut: long
 * text continues in the next embed, and when a message is full (10 embeds or 6,000 characters) in the
 * next message, whose first embed repeats the title marked "(continued)". Lines are split at spaces,
 * never inside a link, a grapheme or an escape sequence. No two embeds of a message link the same
 * URL: Discord's client merges later embeds sharing a URL into the first and hides their text
 * (discord/discord-api-docs#1418, #4129), so a repeated URL is left off the later embed.
 */
export function packEmbeds(specs: readonly EmbedSpec[]): APIEmbed[][] {
  const packer = new Packer();
  for (const spec of specs) packer.add(spec);
  return packer.finish();
}

class Packer {
  private readonly messages: APIEmbed[][] = [];
  private message: APIEmbed[] = [];
  /** Characters counted towards the 6,000 of the current message. */
  private used = 0;
  /** URLs of the current message's embeds: Discord shows only the first embed of several sharing one. */
  private urls = new Set<string>();
  private embed: APIEmbed = {};

  add(spec: EmbedSpec): void {
    const fullTitle = escapeMarkdown(spec.title);
    const title = truncateText(fullTitle, L.title);
    const author = spec.author ? truncateText(breakMassMentions(spec.author), L.authorName) : undefined;
    const blocks = [...spec.blocks];
    // A title or author too long for its slot is repeated whole at the top, so nothing is lost.
    if (title !== fullTitle) blocks.unshift({ kind: 'text', text: spec.title });
    if (author !== undefined && author !== breakMassMentions(spec.author ?? ''))
      blocks.unshift({ kind: 'text', text: spec.author ?? '' });
    const fullFooter = spec.footer ? breakMassMentions(spec.footer) : undefined;
    const footer = fullFooter && fullFooter.length <= L.footer ? fullFooter : undefined;
    if (spec.footer && footer === undefined)
      blocks.push({ kind: 'gap' }, { kind: 'text', text: spec.footer });

    const atoms = blocks.flatMap(descriptionAtoms);
    const fields = spec.fields.flatMap(fieldPieces);
    const firstCost =
      (atoms.find((atom) => atom !== '') ?? '').length || (fields[0] ? fieldCost(fields[0]) : 0);
    const headCost = title.length + (author?.length ?? 0);
    if (
      this.message.length >= L.embedsPerMessage ||
      this.used + headCost + firstCost > L.charactersPerMessage
    )
      this.newMessage();
    const url = spec.url ? safeLinkUrl(spec.url) : undefined;
    this.embed = withoutEmpty({
      title: title || undefined,
      url: this.claim(url),
      color: spec.color,
      author: author ? { name: author } : undefined,
    });
    this.message.push(this.embed);
    this.used += headCost;

    const continuedTitle = title ? truncateText(fullTitle, L.title - CONTINUED.length) + CONTINUED : '';
    const room = (cost: number) => this.used + cost <= L.charactersPerMessage;
    const continueWith = (cost: number) => {
      this.closeEmbed();
      if (this.message.length < L.embedsPerMessage && room(cost))
        this.embed = withoutEmpty({ color: spec.color });
      else {
        this.newMessage();
        this.embed = withoutEmpty({
          title: continuedTitle || undefined,
          url: this.claim(url),
          color: spec.color,
        });
        this.used += continuedTitle.length;
      }
      this.message.push(this.embed);
    };

    for (const atom of atoms) {
      const description = this.embed.description ?? '';
      const separator = description === '' ? 0 : 1;
      if (atom === '' && description === '') continue;
      const cost = separator + atom.length;
      if (description.length + cost <= L.description && room(cost)) {
        this.embed.description = separator ? `${description}\n${atom}` : atom;
        this.used += cost;
      } else if (atom !== '') {
        continueWith(atom.length);
        this.embed.description = atom;
        this.used += atom.length;
      }
    }
    for (const field of fields) {
      const cost = fieldCost(field);
      if ((this.embed.fields?.length ?? 0) >= L.fields || !room(cost)) continueWith(cost);
      this.embed.fields = [...(this.embed.fields ?? []), field];
      this.used += cost;
    }
    if (footer) {
      if (!room(footer.length)) continueWith(footer.length);
      this.embed.footer = { text: footer };
      this.used += footer.length;
    }
    if (spec.timestamp) this.embed.timestamp = spec.timestamp;
    if (spec.image) this.embed.image = { url: spec.image };
    this.closeEmbed();
  }

  finish(): APIEmbed[][] {
    this.newMessage();
    return this.messages;
  }

  private closeEmbed(): void {
    // A trailing blank line costs characters and shows nothing.
    if (this.embed.description !== undefined) {
      const trimmed = this.embed.description.replace(/\n+$/, '');
      this.used -= this.embed.description.length - trimmed.length;
      if (trimmed === '') delete this.embed.description;
      else this.embed.description = trimmed;
    }
  }

  private newMessage(): void {
    const kept = this.message.filter((embed) => CONTENT_KEYS.some((key) => embed[key] !== undefined));
    if (kept.length > 0) this.messages.push(kept);
    this.message = [];
    this.used = 0;
    this.urls = new Set();
  }

  /** The URL for the next embed, or none when an embed of this message already links it. */
  private claim(url: string | undefined): string | undefined {
    if (url === undefined || this.urls.has(url)) return undefined;
    this.urls.add(url);
    return url;
  }
}

/** Final markdown lines for one block, each short enough to stand alone in a description. */
function descriptionAtoms(block: DescriptionBlock): string[] {
  // One unit is kept back for the backslash a line-start escape (# - 1.) may add to each piece.
  const max = L.description - 1;
  switch (block.kind) {
    case 'gap':
      return [''];
    case 'text': {
      const prefix = block.prefix ?? '';
      return splitLine(block.text, max - prefix.length, PROSE).map(
        (piece, index) => (index === 0 ? prefix : '') + escapeMarkdown(piece),
      );
    }
    case 'heading':
      return splitLine(block.text, max - 4, PROSE).map((piece) => `**${escapeMarkdown(piece)}**`);
    case 'code':
      return codeBlocks(block.lines);
    case 'link': {
      const url = safeLinkUrl(block.url);
      const prefix = block.prefix ?? '';
      // A masked link's label must stay on one line, or Discord shows the raw markup.
      const label = truncateText(escapeMarkdown(block.label.replace(/\s+/g, ' ').trim()), L.title);
      const atom = `${prefix}[${label}](${url})`;
      if (url !== undefined && atom.length <= L.description) return [atom];
      // Not a usable link, or absurdly long: shown as plain text instead.
      return descriptionAtoms({ kind: 'text', prefix, text: `${block.label}: ${urlAsText(block.url)}` });
    }
  }
}

/** Monospace lines as one or more complete ``` blocks; a block never spans two embeds. */
function codeBlocks(lines: readonly string[]): string[] {
  const fence = '```\n';
  const max = L.description - fence.length * 2;
  const blocks: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines.flatMap((item) => splitLine(item, max, CODE))) {
    const cost = codeBlockLength(line) + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && size + cost > max) {
      blocks.push(`${fence}${current.join('\n')}\n\`\`\``);
      current = [];
      size = 0;
    }
    current.push(escapeCodeBlock(line));
    size += current.length > 1 ? cost : codeBlockLength(line);
  }
  if (current.length > 0) blocks.push(`${fence}${current.join('\n')}\n\`\`\``);
  return blocks;
}

/** A field whose value is too long continues in further fields named "… (continued)". */
function fieldPieces(field: { name: string; value: string; inline?: boolean }): APIEmbedField[] {
  const fullName = escapeMarkdown(field.name.trim());
  // Discord refuses blank names and values; a zero-width space is the usual stand-in for a name.
  const name = truncateText(fullName, L.fieldName) || '\u200b';
  const value = name === fullName || fullName === '' ? field.value : `${field.name}\n${field.value}`;
  const pieces = splitLine(value, L.fieldValue - 1, PROSE)
    .filter((piece) => piece.trim() !== '')
    .map(escapeMarkdown);
  if (pieces.length === 0) pieces.push(EMPTY_FIELD);
  const continued = truncateText(fullName, L.fieldName - CONTINUED.length) + CONTINUED;
  return pieces.map((piece, index) => ({
    name: index === 0 ? name : continued,
    value: piece,
    ...(field.inline ? { inline: true } : {}),
  }));
}

const fieldCost = (field: APIEmbedField) => field.name.length + field.value.length;

/** An http(s) URL safe inside `[label](url)` (see linkableHref), with the characters that would end it encoded. */
export function safeLinkUrl(url: string): string | undefined {
  return linkableHref(url)?.replace(
    /[()<>\s]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function withoutEmpty(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = {};
  for (const [key, value] of Object.entries(embed)) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
