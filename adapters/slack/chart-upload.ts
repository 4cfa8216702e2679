import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { SendResult } from '../../src/model/chat.js';
import { SLACK_LIMITS } from '../../src/model/platform-limits.js';
import type { DigestChart } from '../../src/render/alert-digest.js';
import type { ReplyImage } from '../../src/render/reply.js';
import { truncateText } from '../../src/render/text-limits.js';
import { deliveryResult } from './delivery-errors.js';
import { escapeAndTruncate } from './mrkdwn.js';

type WebClient = App['client'];

/** A chart to share in a channel; `comment` is plain text (escaped here) shown above it. */
export interface ChartUpload {
  filename: string;
  title: string;
  altText: string;
  comment: string;
  png: Uint8Array;
}

/** An alert's chart as stored in the outbox: one row, one upload, after the digest's messages. */
const ChartUploadPayload = z.object({
  filename: z.string().min(1),
  title: z.string(),
  alt_text: z.string(),
  comment: z.string(),
  png_base64: z.string().min(1),
});
export type SlackChartPayload = { chart_upload: z.infer<typeof ChartUploadPayload> };

/** The chart's description within what Slack accepts, whatever the watchlist title made it. */
const altText = (image: ReplyImage): string => truncateText(image.alt, SLACK_LIMITS.imageAltText);

export function chartPayload(chart: DigestChart): SlackChartPayload {
  return {
    chart_upload: {
      filename: chart.image.filename,
      title: altText(chart.image),
      alt_text: altText(chart.image),
      comment: `Chart of ${chart.watchlistId} (HS ${chart.hs}): the series, its baseline (dotted) and threshold (dashed red), alert months circled.`,
      png_base64: Buffer.from(chart.image.png).toString('base64'),
    },
  };
}

/** The stored chart of an outbox row, or undefined when the row is an ordinary message. */
export function chartUploadOf(payload: Record<string, unknown>): ChartUpload | 'unreadable' | undefined {
  if (!('chart_upload' in payload)) return undefined;
  const parsed = ChartUploadPayload.safeParse(payload.chart_upload);
  if (!parsed.success) return 'unreadable';
  const { filename, title, alt_text, comment, png_base64 } = parsed.data;
  return { filename, title, altText: alt_text, comment, png: Buffer.from(png_base64, 'base64') };
}

export const chartUploadOfImage = (image: ReplyImage, comment: string): ChartUpload => ({
  filename: image.filename,
  title: altText(image),
  altText: altText(image),
  comment,
  png: image.png,
});

/** The upload URL answered with something other than 200, or did not answer in time. */
export class UploadTargetError extends Error {
  override name = 'UploadTargetError';
}

/**
 * Slack's external upload flow: files.getUploadURLExternal gives a URL and a file id, the PNG is POSTed
 * to that URL as raw bytes, and files.completeUploadExternal shares it in the channel. Each request
 * times out after `timeoutMs`. Nothing appears in the channel before the last step, so a failure
 * earlier leaves nothing behind that a retry could duplicate.
 */
export async function uploadChart(
  client: WebClient,
  channel: string,
  upload: ChartUpload,
  timeoutMs: number,
): Promise<string> {
  const target = await client.files.getUploadURLExternal({
    filename: upload.filename,
    length: upload.png.byteLength,
    alt_text: upload.altText,
  });
  if (!target.upload_url || !target.file_id)
    throw new UploadTargetError('Slack gave no upload URL for the chart');
  let response: Response;
  try {
    // The URL is pre-signed: it gets the bytes and nothing else (no token).
    response = await fetch(target.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: upload.png,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
  } catch (error) {
    const timedOut = error instanceof Error && /abort|timeout/i.test(`${error.name} ${error.message}`);
    throw new UploadTargetError(
      timedOut ? 'the chart upload timed out' : 'could not reach Slack to upload the chart',
    );
  }
  if (response.status !== 200)
    throw new UploadTargetError(`Slack's file upload answered HTTP ${response.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: upload.title }],
    channel_id: channel,
    initial_comment: escapeAndTruncate(upload.comment, 3_000),
  });
  return target.file_id;
}

/** Errors after which the channel itself cannot be posted to; any other refusal concerns the chart only. */
const CHANNEL_UNREACHABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'not_authed',
  'team_access_not_granted',
]);

/**
 * A failed upload as a delivery outcome. 429, 5xx and timeouts are retried like any message; a channel
 * that is gone is permanent for the channel; anything else Slack refuses (a missing files:write scope
 * on an app installed before charts existed, file limits) fails this chart only, so the channel's
 * alerts never wait behind it.
 */
export function uploadResult(error: unknown): SendResult {
  if (error instanceof UploadTargetError) return { ok: false, kind: 'transient', error: error.message };
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  const isPlatformError = (error as { code?: unknown } | undefined)?.code === 'slack_webapi_platform_error';
  const result = deliveryResult(error);
  if (result.ok || !isPlatformError || typeof code !== 'string' || CHANNEL_UNREACHABLE.has(code))
    return result;
  if (result.kind === 'rate-limited') return result;
  if (code === 'missing_scope')
    return {
      ok: false,
      kind: 'permanent',
      error:
        'missing_scope: the app may not upload files (files:write); reinstall it from `ree-watch slack manifest`',
      onlyThisMessage: true,
    };
  return { ok: false, kind: 'permanent', error: `${code}: Slack refused the chart`, onlyThisMessage: true };
}
