import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Secrets at rest (the Vinted session, LLM keys) are sealed with AES-256-GCM. The master key comes from
// SECRET_KEY when it is set, otherwise from a random key file generated once in DATA_DIR with mode 0600:
// there is never a built-in default key (the Python original used one, so every install shared it).
// Each use derives its own sub-key with HKDF, so a key for signing tokens can never open a sealed session.

export const KEY_FILE_NAME = 'secret.key';
const VERSION = 'v1';
const SCRYPT_SALT = 'vintedbot/secret-box/v1';

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBoxSource {
  /** SECRET_KEY from the environment, when set. */
  SECRET_KEY?: string;
  /** Where the generated key file lives when SECRET_KEY is absent. */
  dataDir: string;
}

export class SecretBox {
  private readonly aesKey: Buffer;

  /** `origin` says where the master key came from (never the key itself). */
  constructor(private readonly master: Buffer, readonly origin: 'secret_key' | 'key_file') {
    if (master.length !== 32) throw new SecretBoxError('The master key must be 32 bytes');
    this.aesKey = this.subkey('secret-box/aes-256-gcm');
  }

  /** A 32-byte key for one purpose (e.g. 'vinted/confirm-token'), independent of every other purpose. */
  subkey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `vintedbot:${purpose}`, 32));
  }

  /**
   * Encrypts a secret. `context` is authenticated but not stored: a value sealed for 'vinted.session' does not
   * open as anything else, so a sealed blob copied to another column is useless.
   */
  seal(plaintext: string | Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.aesKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Decrypts what `seal` produced with the same key and context; throws SecretBoxError otherwise. */
  open(sealed: string, context: string): Buffer {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('Not a sealed value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.aesKey, Buffer.from(parts[1], 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(parts[2], 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]);
    } catch {
      throw new SecretBoxError('The sealed value cannot be opened with this key (was SECRET_KEY or the key file changed?)');
    }
  }

  openString(sealed: string, context: string): string {
    return this.open(sealed, context).toString('utf8');
  }

  /** HMAC-SHA256 with the purpose's sub-key. */
  sign(purpose: string, data: string | Buffer): Buffer {
    return createHmac('sha256', this.subkey(purpose)).update(data).digest();
  }

  /** Constant-time check of a signature made by `sign`. */
  verify(purpose: string, data: string | Buffer, signature: Buffer): boolean {
    const expected = this.sign(purpose, data);
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  }
}

// scrypt is deliberately slow; derive once per (key, data dir) and process.
const cache = new Map<string, SecretBox>();

/** The process's secret box for a configuration: from SECRET_KEY, or the DATA_DIR key file (created when absent). */
export function secretBoxFor(src: SecretBoxSource): SecretBox {
  const secret = src.SECRET_KEY?.trim();
  const cacheKey = secret ? `k:${createHmac('sha256', 'cache').update(secret).digest('hex')}` : `f:${path.resolve(src.dataDir)}`;
  let box = cache.get(cacheKey);
  if (!box) {
    box = secret ? new SecretBox(scryptSync(secret, SCRYPT_SALT, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }), 'secret_key') : new SecretBox(readOrCreateKeyFile(src.dataDir), 'key_file');
    cache.set(cacheKey, box);
  }
  return box;
}

/** Reads DATA_DIR/secret.key, or creates it (32 random bytes, mode 0600) when absent; refuses a key readable by others. */
export function readOrCreateKeyFile(dataDir: string): Buffer {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, KEY_FILE_NAME);
  if (!fs.existsSync(file)) {
    // Written whole to a private temp file, then hard-linked into place: link fails when the file exists, so two
    // processes starting together never overwrite each other's key nor read a half-written one.
    const tmp = path.join(dataDir, `.${KEY_FILE_NAME}.${process.pid}.${randomBytes(4).toString('hex')}`);
    fs.writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const st = fs.statSync(file);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new SecretBoxError(`${file} is readable by other users: run \`chmod 600 ${file}\``);
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new SecretBoxError(`${file} does not hold a 32-byte base64 key`);
  return key;
}
