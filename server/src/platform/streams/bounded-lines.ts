import { Transform } from 'node:stream';

// Line-oriented readers of untrusted files (a backup's JSON lines, an import) with a cap on each line. Node's
// readline builds each line as one string, whatever its length: a 600 MB line ends the process with "RangeError:
// Invalid string length" thrown inside a stream event, where no caller can catch it. Here a line over the cap fails
// the read (an error the caller makes, naming the line) before more than the cap is held.

const NL = 0x0a;

/** Passes the bytes through unchanged, failing as soon as one line runs past `maxBytes` (the newline not counted). */
export function lineLengthGuard(maxBytes: number, fail: (line: number) => Error): Transform {
  let line = 1;
  let run = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      let from = 0;
      for (let nl = chunk.indexOf(NL, from); nl !== -1; nl = chunk.indexOf(NL, from)) {
        if (run + (nl - from) > maxBytes) return cb(fail(line));
        run = 0;
        line++;
        from = nl + 1;
      }
      run += chunk.length - from;
      if (run > maxBytes) return cb(fail(line));
      cb(null, chunk);
    },
  });
}

/**
 * The lines of a byte stream as UTF-8 text with their numbers (from 1), a final line without a newline included and a
 * trailing carriage return dropped; a line longer than `maxBytes` throws `fail(line)` having held at most that much.
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string>, maxBytes: number, fail: (line: number) => Error): AsyncGenerator<{ line: number; text: string }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  const text = (parts: Buffer[]) => {
    const s = (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString('utf8');
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let from = 0;
    for (let nl = chunk.indexOf(NL, from); nl !== -1; nl = chunk.indexOf(NL, from)) {
      line++;
      if (pendingBytes + (nl - from) > maxBytes) throw fail(line);
      pending.push(chunk.subarray(from, nl));
      yield { line, text: text(pending) };
      pending = [];
      pendingBytes = 0;
      from = nl + 1;
    }
    if (from < chunk.length) {
      pendingBytes += chunk.length - from;
      if (pendingBytes > maxBytes) throw fail(line + 1);
      pending.push(chunk.subarray(from));
    }
  }
  if (pendingBytes > 0) yield { line: line + 1, text: text(pending) };
}
