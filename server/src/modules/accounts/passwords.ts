import { hash, verify } from '@node-rs/argon2';

// Passwords are hashed with argon2id (@node-rs/argon2's default algorithm) at OWASP's recommended cost: 19 MiB of
// memory, 2 passes, 1 lane. The hash string carries its own parameters, so a later change of cost still verifies
// older hashes.
const COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export const hashPassword = (password: string): Promise<string> => hash(password, COST);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verifying against this when the email is unknown makes an unknown account take as long as a wrong password.
let dummy: Promise<string> | undefined;
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hash('not-a-real-password-0000', COST);
  await verifyPassword(await dummy, password);
}
