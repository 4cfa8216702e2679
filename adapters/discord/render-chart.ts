import { DISCORD_LIMITS } from '../../src/model/platform-limits.js';
import type { DigestChart } from '../../src/render/alert-digest.js';
import { truncateText } from '../../src/render/text-limits.js';
import { escapeMarkdown } from './escape.js';
import { COLOURS, NO_MENTIONS } from './message.js';
import { attachmentName } from './render-reply.js';

/**
 * An alert's chart as its own channel message: an embed showing the attached PNG. The PNG travels in
 * the outbox as base64 (`chart_png_base64`), which `send` turns into the multipart file part. A message
 * of its own, not part of the alert's, so a bot without Attach Files still posts every alert.
 */
export function chartMessage(chart: DigestChart): Record<string, unknown> {
  const name = attachmentName(chart.image.filename);
  return {
    embeds: [
      {
        // Escaped text can double in length; the cut leaves room for that under the 256 limit.
        title: escapeMarkdown(truncateText(`Chart: ${chart.image.alt}`, DISCORD_LIMITS.title / 2)),
        description: escapeMarkdown(
          `${chart.watchlistId} (HS ${chart.hs}): the series, its baseline (dotted) and threshold (dashed red), alert months circled.`,
        ),
        color: COLOURS.info,
        image: { url: `attachment://${name}` },
      },
    ],
    attachments: [
      {
        id: 0,
        filename: name,
        description: truncateText(chart.image.alt, DISCORD_LIMITS.attachmentDescription),
      },
    ],
    allowed_mentions: NO_MENTIONS,
    chart_png_base64: Buffer.from(chart.image.png).toString('base64'),
  };
}

/** Splits a stored payload into the JSON body and the chart file it carries, if any. */
export function withoutChartFile(payload: Record<string, unknown>): {
  body: Record<string, unknown>;
  file: { name: string; data: Buffer; contentType: string } | undefined;
} {
  const { chart_png_base64: png, ...body } = payload;
  if (typeof png !== 'string') return { body, file: undefined };
  const attachments = body.attachments as { filename?: unknown }[] | undefined;
  const name = typeof attachments?.[0]?.filename === 'string' ? attachments[0].filename : 'chart.png';
  return { body, file: { name, data: Buffer.from(png, 'base64'), contentType: 'image/png' } };
}
