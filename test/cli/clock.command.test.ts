import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const vectors: { id: string; calendar: unknown; op: string; expected: string | number | null }[] = JSON.parse(
  readFileSync(new URL('../fixtures/businesstime-vectors.json', import.meta.url), 'utf8'),
).vectors;

describe('covenant clock', () => {
  it('add prints the deadline in the calendar zone', async () => {
    const result = await runCli([
      'clock',
      'add',
      '--calendar',
      'examples/calendars/new-york-office.yaml',
      '--start',
      '2024-01-12T16:30:00-05:00',
      '--minutes',
      '60',
    ]);
    // Friday 16:30 + 60 min: Monday 15 January is Martin Luther King Jr. Day, so Tuesday 09:30.
    expect(result).toMatchObject({ code: 0, stdout: '2024-01-16T09:30:00-05:00\n' });
  });

  it('elapsed --json prints minutes, counting a 25-hour fall-back day in full', async () => {
    const result = await runCli([
      'clock',
      'elapsed',
      '--calendar',
      '24x7',
      '--from',
      '2024-11-03T00:00:00-04:00',
      '--to',
      '2024-11-04T00:00:00-05:00',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ minutes: 1500 });
  });

  it('intervals honour an iCalendar closure file named in the calendar file', async () => {
    const result = await runCli([
      'clock',
      'intervals',
      '--calendar',
      'examples/calendars/warsaw-night-shift.yaml',
      '--from',
      '2026-08-07T12:00:00+02:00',
      '--to',
      '2026-08-18T00:00:00+02:00',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const starts = JSON.parse(result.stdout).intervals.map((interval: { start: string }) => interval.start);
    // Friday afternoon, then the summer closure 10-14 August and Assumption Day (15th, a Saturday) until Monday 17th.
    expect(starts).toEqual(['2026-08-07T12:00:00+02:00', '2026-08-17T08:00:00+02:00', '2026-08-17T22:00:00+02:00']);
  });

  it('explains bad input with a stable code and exit status 2', async () => {
    const result = await runCli([
      'clock',
      'add',
      '--calendar',
      '24x7',
      '--start',
      '2024-01-08T09:00:00',
      '--minutes',
      '5',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error [INSTANT_INVALID]');
    const missing = await runCli(['clock', 'add', '--calendar', '24x7', '--start', '2024-01-08T09:00:00Z']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-m, --minutes <n>'");
  });

  it('says plainly when a calendar has no working time, with exit status 3', async () => {
    const result = await runCli([
      'clock',
      'add',
      '--calendar',
      'test/fixtures/calendars/closed.json',
      '--start',
      '2024-01-08T09:00:00Z',
      '--minutes',
      '5',
      '--json',
    ]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ result: null });
  });

  it('batch answers every conformance vector, in order, and keeps going after bad lines', async () => {
    const requests = vectors.map((vector, index) => {
      const { id: _id, expected: _expected, ...request } = vector as Record<string, unknown>;
      return JSON.stringify({ id: index, ...request });
    });
    const input = [
      ...requests.slice(0, 10),
      '{ not json',
      JSON.stringify({
        id: 'bad-calendar',
        op: 'add',
        calendar: { timezone: 'Nowhere/City', weekly: [] },
        start: '2024-01-01T00:00:00Z',
        minutes: 1,
      }),
      JSON.stringify({ id: 'bad-op', op: 'multiply', calendar: '24x7' }),
      ...requests.slice(10),
    ].join('\n');
    const result = await runCli(['clock', 'batch'], { stdin: `${input}\n` });
    expect(result.code).toBe(0);
    const answers = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(vectors.length + 3);
    expect(answers[10]).toMatchObject({ id: null, error: { code: 'INPUT_INVALID_JSON' } });
    expect(answers[11]).toMatchObject({ id: 'bad-calendar', error: { code: 'CALENDAR_UNKNOWN_TIMEZONE' } });
    expect(answers[12]).toMatchObject({ id: 'bad-op', error: { code: 'REQUEST_INVALID' } });
    const good = [...answers.slice(0, 10), ...answers.slice(13)];
    good.forEach((answer, index) => {
      expect(answer.id).toBe(index);
      const expected = vectors[index]!.expected;
      if (typeof expected === 'string') expect(Date.parse(answer.result)).toBe(Date.parse(expected));
      else expect(answer.result).toBe(expected);
    });
    expect(result.stderr).toContain(`${vectors.length + 3} requests, 3 errors`);
  });
});
