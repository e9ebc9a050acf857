import { describe, expect, it } from 'vitest';
import { hasValidLeiChecksum, leiFormat, leiShaped, mod97 } from './lei.js';

describe('LEI (ISO 17442)', () => {
  it('accepts real LEIs', () => {
    expect(leiFormat.match('5493001KJTIIGC8Y1R12')).toBe('5493001KJTIIGC8Y1R12'); // Bloomberg Finance L.P.
    expect(leiFormat.match('7LTWFZYICNSX8D621K86')).toBe('7LTWFZYICNSX8D621K86'); // Deutsche Bank AG
  });

  it('normalizes case and white space', () => {
    expect(leiFormat.match(' 7ltw fzyi cnsx 8d62 1k86 ')).toBe('7LTWFZYICNSX8D621K86');
  });

  it('refuses a real LEI with a changed character or check digit', () => {
    expect(leiFormat.match('5493001KJTIIGC8Y1R13')).toBeNull();
    expect(leiFormat.match('7LTWFZYICNSX8D621K68')).toBeNull();
    expect(leiFormat.match('7LTWFZYICNSX8E621K86')).toBeNull();
  });

  it('requires the check characters to be digits', () => {
    expect(hasValidLeiChecksum('5493001KJTIIGC8Y1RAB')).toBe(false);
  });

  it('recognises the LEI shape: exactly 20 letters or digits', () => {
    expect(leiShaped('5493001kjtiigc8y1r13')).toBe('5493001KJTIIGC8Y1R13');
    expect(leiShaped('5493001KJTIIGC8Y1R1')).toBeNull();
    expect(leiShaped('5493001KJTIIGC8Y1R123')).toBeNull();
    expect(leiShaped('5493001KJTIIGC8Y1R-2')).toBeNull();
  });

  it('computes ISO 7064 MOD 97-10 as IBAN does', () => {
    // GB82 WEST 1234 5698 7654 32, rearranged with the country code and check digits last.
    expect(mod97('WEST12345698765432GB82')).toBe(1);
    expect(mod97('WEST12345698765432GB83')).toBe(2);
  });
});
