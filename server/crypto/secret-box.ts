/**
 * Encrypts secrets at rest (OAuth refresh tokens) with AES-256-GCM. The key is derived from
 * SECRET_KEY with HKDF-SHA256 and a fixed context label, so the raw SECRET_KEY is never the cipher
 * key and a different label would give an unrelated key. Each value gets a fresh 12-byte nonce.
 *
 * Format: "v1.<nonce b64url>.<ciphertext b64url>.<tag b64url>". Decryption fails loudly on any
 * tampering (GCM tag) or on a different SECRET_KEY; the secret itself never appears in an error.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const LABEL = 'dealspend/refresh-token/v1';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export class SecretBoxError extends Error {
  constructor() {
    super('A stored secret could not be decrypted (SECRET_KEY changed or the value was altered).');
    this.name = 'SecretBoxError';
  }
}

export function createSecretBox(secretKey: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secretKey, 'dealspend', LABEL, 32));
  return {
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', nonce.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join(
        '.',
      );
    },
    open(sealed) {
      const [version, nonce, body, tag] = sealed.split('.');
      if (version !== 'v1' || nonce === undefined || body === undefined || tag === undefined) {
        throw new SecretBoxError();
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new SecretBoxError();
      }
    },
  };
}
