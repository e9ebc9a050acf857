import { describe, expect, it } from 'vitest';
import { checkDocument, type DocumentSubject, namesRegistrationId, namesSupplier } from './content-checks.js';

const NOW = Date.UTC(2026, 11, 4);
const subject = (over: Partial<DocumentSubject> = {}): DocumentSubject => ({
  type: 'certificate_of_incorporation',
  supplier: 'Meridian Components Sdn. Bhd.',
  registrationId: '1287654-K',
  reusedIn: null,
  duplicateOf: null,
  ...over,
});

const CERTIFICATE = `COMPANIES COMMISSION OF MALAYSIA
Certificate of Incorporation of Private Company
This is to certify that MERIDIAN COMPONENTS SDN. BHD. Company No. 1287654 - K
is on and from the 14th day of May 2018 incorporated. Given under my hand at Kuala Lumpur on 14 May 2018.`;

describe('namesSupplier', () => {
  it('finds the name whatever its case, accents and legal form', () => {
    expect(namesSupplier(CERTIFICATE, 'Meridian Components Sdn Bhd')).toBe(true);
    expect(namesSupplier('Société Générale Services S.A.', 'Societe Generale Services SA')).toBe(true);
  });

  it('wants the words in order and whole', () => {
    expect(namesSupplier('Components of Meridian', 'Meridian Components')).toBe(false);
    expect(namesSupplier('MERIDIAN COMPONENTSX SDN BHD', 'Meridian Components')).toBe(false);
  });
});

describe('namesRegistrationId', () => {
  it('ignores spacing and punctuation inside the id', () => {
    expect(namesRegistrationId(CERTIFICATE, '1287654-K')).toBe(true);
    expect(namesRegistrationId('Company number: 0944 6231', '09446231')).toBe(true);
  });

  it('does not find the id inside a longer number', () => {
    expect(namesRegistrationId('Reference 1094462319', '09446231')).toBe(false);
  });
});

describe('checkDocument', () => {
  it('scores a certificate that names the supplier, its number and plausible dates 1', () => {
    expect(checkDocument(subject(), CERTIFICATE, true, NOW)).toEqual({
      text: 'extracted',
      names_supplier: true,
      names_registration_id: true,
      dates_found: 2,
      implausible_dates: [],
      score: 1,
      reasons: [],
    });
  });

  it('takes points off for another company, a missing number and a date in the future', () => {
    const text =
      'Certificate of Incorporation. This is to certify that ACME HOLDINGS LTD was incorporated on 1 January 2031.';
    const checks = checkDocument(subject(), text, true, NOW);
    expect(checks.score).toBe(0);
    expect(checks.reasons).toEqual([
      'does not name the supplier',
      'does not show the registration id',
      'implausible dates: 1 January 2031',
    ]);
  });

  it('gives half the date share when the document states no date', () => {
    const checks = checkDocument(subject(), 'MERIDIAN COMPONENTS SDN BHD 1287654-K', true, NOW);
    expect(checks.score).toBe(0.9);
    expect(checks.reasons).toEqual(['no date found']);
  });

  it('wants a proof of address from the last 12 months, and no company number', () => {
    const recent = checkDocument(
      subject({ type: 'proof_of_address' }),
      'Meridian Components Sdn Bhd, Jalan Ampang 12, Kuala Lumpur. Statement date 2026-10-01',
      true,
      NOW,
    );
    expect(recent.score).toBe(1);
    const old = checkDocument(
      subject({ type: 'proof_of_address' }),
      'Meridian Components Sdn Bhd, Jalan Ampang 12. Statement date 2024-10-01',
      true,
      NOW,
    );
    expect(old.score).toBe(0.6);
    expect(old.reasons).toEqual(['newest date is more than 12 months old']);
  });

  it('leaves an image or a scan without text to the analyst', () => {
    expect(checkDocument(subject(), null, true, NOW)).toMatchObject({ text: 'none', score: null });
    expect(checkDocument(subject(), null, false, NOW)).toMatchObject({ text: 'unreadable', score: null });
  });

  it('does not count a duplicate twice, and scores a file reused for another verification 0', () => {
    const dup = checkDocument(subject({ duplicateOf: 'doc_1' }), CERTIFICATE, true, NOW);
    expect(dup).toMatchObject({ score: null, reasons: ['same content as doc_1'] });
    const reused = checkDocument(subject({ reusedIn: 'KBS-VR-2026-000007' }), CERTIFICATE, true, NOW);
    expect(reused).toMatchObject({
      names_supplier: true,
      score: 0,
      reasons: ['the same file was submitted for verification KBS-VR-2026-000007'],
    });
  });
});
