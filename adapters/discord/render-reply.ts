import { DISCORD_LIMITS } from '../../src/model/platform-limits.js';
import type { Reply } from '../../src/render/reply.js';
import { truncateText } from '../../src/render/text-limits.js';
import { type DescriptionBlock, type EmbedSpec, packEmbeds } from './embed-packer.js';
import { COLOURS, type DiscordMessage, messageOf } from './message.js';

export interface RenderedReply {
  /** One or more messages: the first answers the interaction, the rest are follow-ups. */
  messages: DiscordMessage[];
  ephemeral: boolean;
  /** A chart or other image, attached to the message whose embed shows it. */
  file?: { name: string; data: Buffer; description: string; messageIndex: number };
}

/** A command reply as Discord embeds: sections in the description, fields as fields, tone as colour. */
export function renderReply(reply: Reply): RenderedReply {
  const blocks: DescriptionBlock[] = [];
  for (const section of reply.sections) {
    if (blocks.length > 0) blocks.push({ kind: 'gap' });
    if (section.heading) blocks.push({ kind: 'heading', text: section.heading });
    if (section.monospace) blocks.push({ kind: 'code', lines: section.lines });
    else for (const line of section.lines) blocks.push({ kind: 'text', text: line });
  }
  if (reply.links?.length) {
    if (blocks.length > 0) blocks.push({ kind: 'gap' });
    for (const link of reply.links) blocks.push({ kind: 'link', label: link.label, url: link.url });
  }
  const fileName = reply.image ? attachmentName(reply.image.filename) : undefined;
  const spec: EmbedSpec = {
    title: reply.title,
    color: COLOURS[reply.tone ?? 'info'],
    blocks,
    fields: reply.fields ?? [],
    footer: reply.footer,
    image: fileName ? `attachment://${fileName}` : undefined,
  };
  const messages = packEmbeds([spec]).map(messageOf);
  // An interaction must be answered with something, even if the reply turned out empty.
  if (messages.length === 0) messages.push(messageOf([{ description: '—', color: spec.color }]));
  const rendered: RenderedReply = { messages, ephemeral: reply.visibility === 'ephemeral' };
  if (reply.image && fileName) {
    const messageIndex = messages.findIndex((message) => message.embeds.some((embed) => embed.image));
    rendered.file = {
      name: fileName,
      data: Buffer.from(reply.image.png),
      description: truncateText(reply.image.alt, DISCORD_LIMITS.attachmentDescription),
      messageIndex: Math.max(0, messageIndex),
    };
  }
  return rendered;
}

/** `attachment://` names may only use letters, digits, dot, dash and underscore. */
export function attachmentName(filename: string): string {
  const base = filename.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '');
  return (base || 'chart').slice(0, 60).replace(/(\.png)?$/i, '.png');
}
