import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read off a printed list (no 0/O, 1/l/I). */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password: 12 characters of this 57-letter alphabet carry about 70 bits. */
export function generatePassword(length = 12): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}
