/**
 * The platform-neutral answer to a command. All text is plain text: each renderer escapes it for its
 * platform, so user input echoed in a reply can never become formatting, links or mentions.
 */
export interface Reply {
  title: string;
  sections: ReplySection[];
  fields?: ReplyField[];
  links?: ReplyLink[];
  footer?: string;
  /** Ephemeral answers are seen only by the person who asked; in_channel ones by everyone. */
  visibility: 'ephemeral' | 'in_channel';
  tone?: 'info' | 'success' | 'warning' | 'error';
  image?: ReplyImage;
}

export interface ReplySection {
  heading?: string;
  lines: string[];
  /** Render in a fixed-width block (tables, sparklines). */
  monospace?: boolean;
}

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ReplyLink {
  label: string;
  url: string;
}

export interface ReplyImage {
  filename: string;
  png: Uint8Array;
  alt: string;
}

export function reply(title: string, lines: string[], extra: Partial<Omit<Reply, 'title'>> = {}): Reply {
  return { title, sections: lines.length > 0 ? [{ lines }] : [], visibility: 'ephemeral', ...extra };
}

export function errorReply(title: string, lines: string[]): Reply {
  return reply(title, lines, { tone: 'error' });
}
