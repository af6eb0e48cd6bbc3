import { describe, expect, it } from 'vitest';
import { escapeControls, neutralizeCommands, safeLines, safeLogLine } from '../src/core/log-line';
import { type Logger, safeLogger } from '../src/core/logger';

describe('log lines', () => {
  it('escape control characters, so one message stays one line', () => {
    expect(escapeControls('a\nb\r\tc\u001b[31md\u202ee')).toBe('a\\nb\\r\\tc\\u001b[31md\\u202ee');
    expect(escapeControls('plain: iam/ok.json, ünïcode')).toBe('plain: iam/ok.json, ünïcode');
  });

  it('under GitHub Actions, never start with :: and never hold ##[', () => {
    for (const text of ['::stop-commands::abc', '  ::warning::x', 'x\n::error::y', 'a ##[error]b']) {
      const line = safeLogLine(text, true);
      expect(line).not.toContain('\n');
      expect(line.trimStart().startsWith('::')).toBe(false);
      expect(line).not.toContain('##[');
    }
    expect(neutralizeCommands('iam/ok.json: policy')).toBe('iam/ok.json: policy');
    expect(safeLogLine('::x', false)).toBe('::x');
    expect(
      safeLines('ok\n::stop-commands::t\nok', true)
        .split('\n')
        .map((l) => l.startsWith('::')),
    ).toEqual([false, false, false]);
  });

  it('safeLogger sends every message and group name through the rule', async () => {
    const seen: string[] = [];
    const sink: Logger = {
      info: (m) => seen.push(m),
      warning: (m) => seen.push(m),
      debug: (m) => seen.push(m),
      group: (name, fn) => {
        seen.push(name);
        return fn();
      },
    };
    const log = safeLogger(sink, true);
    log.info('a\n::warning::b');
    log.warning('::w');
    log.debug('::d');
    await log.group('::g', async () => undefined);
    for (const m of seen) expect(m.startsWith('::') || m.includes('\n'), m).toBe(false);
    expect(seen).toHaveLength(4);
  });
});
