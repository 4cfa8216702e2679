const URL = /(?:https?:\/\/|<https?:\/\/)\S+/g;

/**
 * A small model of how Discord reads plain text: what in `text` would still render as formatting, a
 * mention or a masked link after our escaping. Backslash escapes the next character; bare URLs are
 * left alone (Discord does not format inside them). Empty means Discord shows the text literally.
 */
export function unescapedMarkdown(text: string): string[] {
  const problems: string[] = [];
  if (/@(everyone|here)/i.test(text)) problems.push('mass mention');
  const withoutUrls = text.replace(URL, 'URL');
  for (const line of withoutUrls.split('\n')) {
    // Headings (# to ###), -# subtext, - bullets and 1. lists need a space after the marker.
    if (/^[ \t]*(#{1,3}|-#?|\d+\.)[ \t]/.test(line)) problems.push(`line start: ${line.slice(0, 20)}`);
    for (let index = 0; index < line.length; index++) {
      const char = line[index] ?? '';
      if (char === '\\') {
        index++;
        continue;
      }
      if ('*_~`|<>[]'.includes(char)) problems.push(`unescaped ${char} at ${index}`);
    }
  }
  return problems;
}

export const HOSTILE = [
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@&223456789012345678>',
  '<#323456789012345678>',
  '<t:1700000000:R>',
  '**bold**',
  '__underline__',
  '~~strike~~',
  '||spoiler||',
  '`code`',
  '```js\nalert(1)\n```',
  '# heading',
  '-# subtext',
  '> quote',
  '>>> block quote',
  '1. numbered',
  '- bullet',
  '  ## indented heading',
  '-#\tsubtext with a tab',
  '[click me](https://evil.example/x)',
  '\\*already escaped\\*',
  '稀土出口管制',
  '🧲🇨🇳👩‍👩‍👧‍👦',
  'e\u0301\u0301 combining',
];
