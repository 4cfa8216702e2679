import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const unitText = readFileSync(new URL('../../deploy/ree-watch.service', import.meta.url), 'utf8');

/** `Key=value` lines of the unit (the last one wins, as systemd reads single-valued keys). */
function unitSettings(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1] as string, match[2] as string);
  }
  return settings;
}

describe('the systemd unit (deploy/ree-watch.service)', () => {
  const unit = unitSettings(unitText);

  it('starts node on the service directly, so systemctl stop’s SIGTERM reaches it (no npm, no shell)', () => {
    const [program, script, command, ...rest] = (unit.get('ExecStart') ?? '').split(/\s+/);
    expect(program).toMatch(/\/node$/);
    expect(script).toBe(`${unit.get('WorkingDirectory')}/bin/ree-watch.js`);
    expect([command, ...rest]).toEqual(['start']);
    expect(unit.get('KillSignal')).toBe('SIGTERM');
  });

  it('runs as its own unprivileged user, and does not restart on a configuration error (exit 2)', () => {
    expect(unit.get('User')).toBe('ree-watch');
    expect(unit.get('RestartPreventExitStatus')).toBe('2');
    // The one folder it may write (ProtectSystem=strict) is where its database goes.
    const database = /^Environment=DATABASE_PATH=(.+)$/m.exec(unitText)?.[1] ?? '';
    expect(database.startsWith(`${unit.get('ReadWritePaths')}/`)).toBe(true);
  });

  it('is the unit docs/operations.md shows, comments aside', () => {
    const readme = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    const shown = /```ini\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const shipped = unitText
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    expect(shown.trim()).toBe(shipped.trim());
  });
});
