import { patternFormat, type RegistrationFormat } from './format.js';

// Registration numbers that have a fixed shape but no check digit. Each is checked for its shape only.

export const nlKvkNumber = patternFormat({
  name: 'KVK number',
  example: '17001910',
  separators: '.',
  pattern: /^\d{8}$/,
});

export const nlBranchNumber = patternFormat({
  name: 'KVK branch number (vestigingsnummer)',
  example: null,
  separators: '.',
  pattern: /^\d{12}$/,
});

/**
 * KRS numbers are ten digits, often written without their leading zeros. Numbers are issued in sequence
 * from 1 (about 1.1 million by 2025), so more than eight significant digits is not a KRS number.
 */
export const plKrsNumber = patternFormat({
  name: 'KRS number',
  example: '0000028860',
  separators: '',
  pattern: /^(?:KRS)?(?=\d{1,10}$)0*(\d{1,8})$/,
  normalize: (found) => (found[1] ?? '').padStart(10, '0'),
});

/** REA number: province code and a number, e.g. `RM-756453`. */
export const itReaNumber = patternFormat({
  name: 'REA number',
  example: 'RM-756453',
  separators: '.',
  pattern: /^(?:REA)?([A-Z]{2})-?(\d{1,7})$/,
  normalize: (found) => `${found[1]}-${found[2]}`,
});

/** 会社法人等番号: the 12-digit commercial registry number, the corporate number without its check digit. */
export const jpCompanyNumber = patternFormat({
  name: 'Company registration number (会社法人等番号)',
  example: '180301018771',
  separators: '-',
  pattern: /^\d{12}$/,
});

/** Qualified invoice issuer number: `T` and 13 digits (for companies, T + corporate number). */
export const jpInvoiceNumber = patternFormat({
  name: 'Invoice registration number (T + 13 digits)',
  example: 'T1180301018771',
  separators: '-',
  pattern: /^T\d{13}$/,
});

/** NIRE: the 11-digit number given by a state Junta Comercial. */
export const brNireNumber = patternFormat({
  name: 'NIRE',
  example: null,
  separators: '.-/',
  pattern: /^\d{11}$/,
});

/** The federal company number used before the UID (2014), e.g. `CH-020.3.020.656-9`. */
export const chLegacyNumber = patternFormat({
  name: 'Federal company number (CH-ID, before 2014)',
  example: null,
  separators: '.-',
  pattern: /^CH(\d{3})(\d)(\d{3})(\d{3})(\d)$/,
  normalize: (found) => `CH-${found[1]}.${found[2]}.${found[3]}.${found[4]}-${found[5]}`,
});

/** Labuan FSA numbers of Labuan companies and other Labuan entities, e.g. `LL12345`. */
export const myLabuanNumber = patternFormat({
  name: 'Labuan FSA registration number',
  example: null,
  separators: '-',
  pattern: /^L[A-Z]{1,2}\d{4,6}$/,
});

/** CIPC registration number `YYYY/NNNNNN/NN`. */
export const zaCipcNumber = patternFormat({
  name: 'CIPC registration number',
  example: '1979/003231/06',
  separators: '',
  pattern: /^(?:CK)?(\d{4})\/?(\d{6})\/?(\d{2})$/,
  normalize: (found) => `${found[1]}/${found[2]}/${found[3]}`,
});

/** MCA Corporate Identification Number (21 characters). */
export const inCinNumber = patternFormat({
  name: 'Corporate Identification Number (CIN)',
  example: 'L17110MH1973PLC019786',
  separators: '',
  pattern: /^[LU]\d{5}[A-Z]{2}\d{4}[A-Z]{3}\d{6}$/,
});

export const fixedFormats: readonly RegistrationFormat[] = [
  nlKvkNumber,
  nlBranchNumber,
  plKrsNumber,
  itReaNumber,
  jpCompanyNumber,
  jpInvoiceNumber,
  brNireNumber,
  chLegacyNumber,
  myLabuanNumber,
  zaCipcNumber,
  inCinNumber,
];
