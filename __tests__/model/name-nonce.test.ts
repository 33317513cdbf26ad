import { nameNonce } from '../../src/model/name-nonce.js';

describe('nameNonce', () => {
  test.each([1, 4, 8, 12])('%i lower-case hex digits, leading zeros kept', (digits) => {
    for (let i = 0; i < 200; i += 1) expect(nameNonce(digits)).toMatch(new RegExp(`^[0-9a-f]{${digits}}$`));
  });

  test('calls in one process do not repeat (12 digits, 10,000 calls)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i += 1) seen.add(nameNonce(12));
    expect(seen.size).toBe(10_000);
  });
});
