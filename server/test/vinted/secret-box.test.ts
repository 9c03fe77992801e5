import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE_NAME, readOrCreateKeyFile, SecretBox, secretBoxFor, SecretBoxError } from '../../src/platform/security/secret-box.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-box-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('secret box (AES-256-GCM at rest)', () => {
  it('generates a private key file once and keeps using it', () => {
    const dir = tmp();
    const box = secretBoxFor({ dataDir: dir });
    const file = path.join(dir, KEY_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(box.origin).toBe('key_file');
    const sealed = box.seal('access_token_web=abc; anon_id=1', 'vinted.session.v1');
    expect(sealed).not.toContain('access_token_web');
    // Another process (no cache) reads the same file and opens what the first sealed.
    const again = new SecretBox(readOrCreateKeyFile(dir), 'key_file');
    expect(again.openString(sealed, 'vinted.session.v1')).toBe('access_token_web=abc; anon_id=1');
    expect(fs.readdirSync(dir)).toEqual([KEY_FILE_NAME]);
  });

  it('refuses a key file other users can read', () => {
    const dir = tmp();
    readOrCreateKeyFile(dir);
    fs.chmodSync(path.join(dir, KEY_FILE_NAME), 0o644);
    expect(() => readOrCreateKeyFile(dir)).toThrow(/readable by other users/);
  });

  it('derives the key from SECRET_KEY when set, the same wherever the data lives', () => {
    const a = secretBoxFor({ SECRET_KEY: 'correct horse battery staple 42', dataDir: tmp() });
    const b = new SecretBox(Buffer.alloc(32, 7), 'key_file');
    const sealed = a.seal('secret', 'ctx');
    expect(a.origin).toBe('secret_key');
    expect(secretBoxFor({ SECRET_KEY: 'correct horse battery staple 42', dataDir: tmp() }).openString(sealed, 'ctx')).toBe('secret');
    expect(() => b.open(sealed, 'ctx')).toThrow(SecretBoxError);
    expect(() => secretBoxFor({ SECRET_KEY: 'another key entirely, 42 chars long', dataDir: tmp() }).open(sealed, 'ctx')).toThrow(SecretBoxError);
  });

  it('detects tampering and a value sealed for another purpose', () => {
    const box = new SecretBox(Buffer.alloc(32, 1), 'key_file');
    const sealed = box.seal('the cookie', 'vinted.session.v1');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    const tampered = [parts[0], parts[1], parts[2], body.toString('base64url')].join('.');
    expect(() => box.open(tampered, 'vinted.session.v1')).toThrow(SecretBoxError);
    expect(() => box.open(sealed, 'llm.api_key')).toThrow(SecretBoxError);
    expect(() => box.open('not-sealed', 'vinted.session.v1')).toThrow(SecretBoxError);
    // Two seals of the same text differ (fresh IV each time).
    expect(box.seal('the cookie', 'x')).not.toBe(box.seal('the cookie', 'x'));
  });

  it('signs with independent sub-keys per purpose', () => {
    const box = new SecretBox(Buffer.alloc(32, 2), 'key_file');
    const sig = box.sign('vinted/confirm-token', 'payload');
    expect(box.verify('vinted/confirm-token', 'payload', sig)).toBe(true);
    expect(box.verify('vinted/confirm-token', 'payload!', sig)).toBe(false);
    expect(box.verify('other-purpose', 'payload', sig)).toBe(false);
    expect(box.verify('vinted/confirm-token', 'payload', sig.subarray(0, 16))).toBe(false);
  });
});
