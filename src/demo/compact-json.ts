/**
 * JSON with two-space indentation, except that an array or object whose one-line form fits on the
 * line stays on one line: the same JSON (JSON.parse gives back the value), a tenth of the lines.
 */
export function compactJson(value: unknown, width = 110): string {
  return format(value, '', 0, width);
}

/** `used`: characters already on the line before this value (indentation, key). */
function format(value: unknown, indent: string, used: number, width: number): string {
  const flat = JSON.stringify(value) ?? 'null';
  if (value === null || typeof value !== 'object' || used + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => `${inner}${format(item, inner, inner.length, width)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => {
    const prefix = `${inner}${JSON.stringify(key)}: `;
    return `${prefix}${format(item, inner, prefix.length, width)}`;
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
