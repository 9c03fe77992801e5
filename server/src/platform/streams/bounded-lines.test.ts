import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { boundedLines, lineLengthGuard } from './bounded-lines.ts';

class TooLong extends Error {
  constructor(readonly line: number) {
    super(`line ${line}`);
  }
}
const fail = (line: number) => new TooLong(line);
const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

async function lines(input: Readable, max: number) {
  const out: [number, string][] = [];
  for await (const l of boundedLines(input, max, fail)) out.push([l.line, l.text]);
  return out;
}

describe('boundedLines', () => {
  it('splits lines across chunks, drops a CR before the newline, keeps a last line without one, numbers them all', async () => {
    expect(await lines(chunks('ab', 'c\r\n\nde', 'f\ngh'), 10)).toEqual([[1, 'abc'], [2, ''], [3, 'def'], [4, 'gh']]);
    // A character cut between two chunks is decoded whole.
    const utf8 = Buffer.from('été\n');
    expect(await lines(Readable.from([utf8.subarray(0, 1), utf8.subarray(1)]), 10)).toEqual([[1, 'été']]);
  });

  it('fails on the first line over the cap, holding no more than the cap', async () => {
    await expect(lines(chunks('ok\n', 'x'.repeat(6), 'x'.repeat(6), '\nnever\n'), 10)).rejects.toMatchObject({ line: 2 });
    await expect(lines(chunks('ok\n', `${'y'.repeat(11)}\n`), 10)).rejects.toMatchObject({ line: 2 });
    expect(await lines(chunks(`${'z'.repeat(10)}\n`), 10)).toEqual([[1, 'z'.repeat(10)]]);
  });
});

describe('lineLengthGuard', () => {
  const run = (max: number, ...parts: string[]) => pipeline(chunks(...parts), lineLengthGuard(max, fail), async function* (src) {
    for await (const _ of src) { /* drain */ }
  });
  it('passes files whose lines fit, and stops at the first that does not, naming it', async () => {
    await expect(run(5, 'abcde\nab', 'cde\n', 'x')).resolves.toBeUndefined();
    await expect(run(5, 'abcde\nab', 'cdef\n')).rejects.toMatchObject({ line: 2 });
    await expect(run(5, '\n\n\n', 'abcdef')).rejects.toMatchObject({ line: 4 });
  });
});
