import type { APIEmbed } from 'discord.js';

/** The body of one Discord message as ree-watch sends it (channel message or interaction reply). */
export type DiscordMessage = {
  embeds: APIEmbed[];
  /** Always empty: nothing ree-watch posts may notify anyone, whatever text it echoes. */
  allowed_mentions: { parse: [] };
};

export const NO_MENTIONS = { parse: [] as [] };

export function messageOf(embeds: APIEmbed[]): DiscordMessage {
  return { embeds, allowed_mentions: { parse: [] } };
}

/** Colours of the left bar of an embed. */
export const COLOURS = {
  critical: 0xda373c,
  error: 0xda373c,
  warning: 0xf0b232,
  info: 0x5865f2,
  success: 0x23a55a,
  resolved: 0x23a55a,
} as const;
