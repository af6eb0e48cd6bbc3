// A hostile value quoted in a message does not make every report as long as itself: through the CLI's
// run(), a policy with a 1 MB action name gives findings whose messages stay under the cap, in every format.
import { describe, expect, it } from 'vitest';
import { cappedMessage, MAX_MESSAGE_CHARS } from '../../src/decide/message-length';
import { useCliRun } from '../entries/support';

const t = useCliRun();

describe('the length of a message', () => {
  it('is capped, saying how much was left out, and never splits a surrogate pair', () => {
    expect(cappedMessage('short')).toBe('short');
    const long = `${'a'.repeat(MAX_MESSAGE_CHARS - 1)}😀${'b'.repeat(10)}`;
    const capped = cappedMessage(long);
    expect(capped).toBe(`${'a'.repeat(MAX_MESSAGE_CHARS - 1)}… (12 more characters)`);
  });

  it('keeps the reports of a policy quoting a 512 KiB name small, in every format', async () => {
    const action = `s3:Get${'A'.repeat(512 * 1024)}`;
    await t.ws.write(
      'iam/long.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
      }),
    );
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const run = await t.cli(['check', 'iam/long.json', '--analyzer', 'local', '--format', format]);
      expect(run.stdout.length, format).toBeLessThan(20_000);
      if (format !== 'markdown') expect(run.stdout, format).toContain('more characters)');
    }
  });
});
