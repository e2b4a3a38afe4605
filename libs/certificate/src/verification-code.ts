import { randomBytes } from 'node:crypto';

/**
 * Verification codes: 13 Crockford base32 characters (65 random bits) and one check character, printed in groups
 * of four ("7K3M-Q9XD-2F8H-WN"). 65 bits cannot be guessed at any rate the verify endpoint allows; the check
 * character (Luhn mod 32) refuses every single mistyped character and every swap of two neighbours without a
 * database lookup. Reading is forgiving as Crockford intends: case, separators, and I/L→1, O→0, U→V are folded.
 */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_DATA_LENGTH = 13;
export const CODE_LENGTH = CODE_DATA_LENGTH + 1;

const VALUE = new Map([...CROCKFORD].map((c, i) => [c, i]));

/** Luhn mod N over base32 values: the character that makes the weighted sum a multiple of 32. */
export function checkCharacter(data: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = data.length - 1; i >= 0; i--) {
    let addend = factor * VALUE.get(data[i]!)!;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return CROCKFORD[(32 - (sum % 32)) % 32]!;
}

export function newVerificationCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(9); // 72 bits, 65 used
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let data = '';
  for (let i = 0; i < CODE_DATA_LENGTH; i++) data += CROCKFORD[Number((bits >> BigInt(5 * i)) & 31n)];
  return data + checkCharacter(data);
}

/** The canonical code (upper case, no separators), or null when it is malformed or its check character is wrong. */
export function parseVerificationCode(input: string): string | null {
  if (input.length > 40) return null;
  const folded = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0').replace(/U/g, 'V');
  if (folded.length !== CODE_LENGTH || ![...folded].every((c) => VALUE.has(c))) return null;
  const data = folded.slice(0, CODE_DATA_LENGTH);
  return checkCharacter(data) === folded[CODE_DATA_LENGTH] ? folded : null;
}

/** As printed: groups of four. */
export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}
