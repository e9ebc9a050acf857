import { describe, expect, it } from 'vitest';
import { validateRegistrationId } from './identifiers.js';

// Real registration ids, and the same ids with one digit changed.
const realIds: [country: string, id: string, format: string, normalized: string, broken: string][] = [
  ['GB', '09446231', 'Companies House company number', '09446231', 'XY446231'],
  ['MY', '196001000142', 'SSM registration number', '196001000142', '196009000142'], // Malayan Banking Berhad
  ['MY', '3813-K', 'SSM registration number', '3813-K', '3813'],
  ['AT', 'FN 93363z', 'Firmenbuchnummer (FN)', '93363Z', 'FN 93363'], // OMV AG
  ['AU', '004 028 077', 'ACN / ARBN', '004028077', '004 028 078'], // BHP Group Limited
  ['AU', '49 004 028 077', 'ABN', '49004028077', '49 004 028 078'],
  ['BE', '0417.497.106', 'Enterprise number (KBO/BCE)', '0417497106', '0417.497.107'], // AB InBev
  ['BR', '33.000.167/0001-01', 'CNPJ', '33000167000101', '33.000.167/0001-02'], // Petrobras
  ['CH', 'CHE-116.281.710', 'UID (CHE number)', 'CHE116281710', 'CHE-116.281.711'], // Nestlé S.A.
  ['CN', '914403001922038216', 'Unified Social Credit Code (USCC)', '914403001922038216', '914403001922038217'],
  ['CZ', '45274649', 'IČO', '45274649', '45274648'], // ČEZ, a. s.
  ['DK', '24256790', 'CVR number', '24256790', '24256791'], // Novo Nordisk A/S
  ['EE', '12417834', 'Registrikood', '12417834', '12417835'], // Bolt Technology OÜ
  ['ES', 'A28015865', 'NIF / CIF', 'A28015865', 'A28015866'], // Telefónica, S.A.
  ['FI', '0112038-9', 'Y-tunnus', '01120389', '0112038-8'], // Nokia Oyj
  ['FR', '552 032 534', 'SIREN', '552032534', '552 032 535'], // Danone
  ['FR', '732 829 320 00074', 'SIRET', '73282932000074', '732 829 320 00075'],
  ['IL', '520013954', 'Company number (ח.פ.)', '520013954', '520013955'], // Teva Pharmaceutical Industries
  ['IT', '00905811006', 'Codice fiscale / partita IVA', '00905811006', '00905811007'], // Eni S.p.A.
  ['JP', '1180301018771', 'Corporate number (法人番号)', '1180301018771', '2180301018771'], // Toyota Motor Corporation
  ['LV', '40003245752', 'Registration number', '40003245752', '40003245753'], // airBaltic
  ['NL', '17001910', 'KVK number', '17001910', '1700191'], // Koninklijke Philips N.V.
  ['NO', '923 609 016', 'Organisasjonsnummer', '923609016', '923 609 017'], // Equinor ASA
  ['PL', '0000028860', 'KRS number', '0000028860', '00000288600'], // ORLEN S.A.
  ['PL', '610188201', 'REGON', '610188201', '610188202'],
  ['PL', '774-000-14-54', 'NIP', '7740001454', '774-000-14-55'],
  ['PT', '500697256', 'NIPC / NIF', '500697256', '500697257'], // EDP
  ['SE', '556012-5790', 'Organisationsnummer', '5560125790', '556012-5791'], // AB Volvo
  ['SG', '196800306E', 'Unique Entity Number (UEN)', '196800306E', '196800306F'], // DBS Bank Ltd.
];

describe('validateRegistrationId where the forms are certain', () => {
  it.each(realIds)('%s %s is a valid %s', (country, id, format, normalized) => {
    expect(validateRegistrationId(country, id)).toEqual({ status: 'valid', format, normalized });
  });

  it.each(realIds)('%s: a broken id is invalid', (country, ...rest) => {
    const broken = rest[3];
    const check = validateRegistrationId(country, broken);
    expect(check.status).toBe('invalid');
    if (check.status === 'invalid') expect(check.reason).toMatch(new RegExp(`accepted in ${country}: .*LEI`));
  });

  it('accepts the VAT number in place of the registry number', () => {
    expect(validateRegistrationId('GB', 'GB 980 7806 84')).toMatchObject({ status: 'valid', format: 'VAT number' });
    expect(validateRegistrationId('NO', 'NO 923 609 016 MVA')).toMatchObject({ status: 'valid', format: 'VAT number' });
    expect(validateRegistrationId('FR', 'FR40303265045')).toMatchObject({ status: 'valid', format: 'VAT number' });
  });

  it('reads the country code in any case', () => {
    expect(validateRegistrationId('gb', 'sc123456')).toEqual({
      status: 'valid',
      format: 'Companies House company number',
      normalized: 'SC123456',
    });
  });

  it('names the registry form and lists what is accepted when refusing', () => {
    expect(validateRegistrationId('MY', 'ABC')).toEqual({
      status: 'invalid',
      format: 'SSM registration number',
      reason:
        'matches none of the forms accepted in MY: SSM registration number, e.g. 196001000142; ' +
        'Labuan FSA registration number; LEI (ISO 17442), e.g. 5493001KJTIIGC8Y1R12',
    });
  });
});

describe('validateRegistrationId where the forms are not certain', () => {
  it('leaves a German Handelsregister number unchecked but accepts a valid VAT number', () => {
    expect(validateRegistrationId('DE', 'HRB 12345')).toMatchObject({ status: 'unchecked' });
    expect(validateRegistrationId('DE', 'DE 136 695 976')).toEqual({
      status: 'valid',
      format: 'VAT number',
      normalized: '136695976',
    });
    // A bad VAT check digit is not refused: the input might still be a register number.
    expect(validateRegistrationId('DE', 'DE136695977')).toMatchObject({ status: 'unchecked' });
  });

  it('accepts tax ids that pass their checks elsewhere', () => {
    expect(validateRegistrationId('IN', 'L17110MH1973PLC019786')).toMatchObject({
      status: 'valid',
      format: 'Corporate Identification Number (CIN)',
    }); // Reliance Industries
    expect(validateRegistrationId('IN', 'AAACR5055K')).toMatchObject({ status: 'valid', format: 'PAN' });
    expect(validateRegistrationId('KR', '124-81-00998')).toMatchObject({
      status: 'valid',
      format: 'Business registration number',
    });
    expect(validateRegistrationId('RU', '7707083893')).toMatchObject({ status: 'valid', format: 'INN' }); // Sberbank
    expect(validateRegistrationId('TH', '0107544000108')).toMatchObject({ status: 'valid' }); // PTT PCL
    expect(validateRegistrationId('UA', '20077720')).toMatchObject({ status: 'valid', format: 'EDRPOU code' }); // Naftogaz
    expect(validateRegistrationId('ZA', '1979/003231/06')).toMatchObject({
      status: 'valid',
      format: 'CIPC registration number',
    }); // Sasol Limited
  });

  it('leaves ids unchecked where no form is known', () => {
    expect(validateRegistrationId('AF', '12345')).toEqual({
      status: 'unchecked',
      reason: 'no format check for registration ids in AF',
    });
    expect(validateRegistrationId('HK', '0000001')).toMatchObject({ status: 'unchecked' });
    expect(validateRegistrationId('US', 'C0806592')).toMatchObject({ status: 'unchecked' });
  });

  it('uses the Channel Islands row for Jersey', () => {
    expect(validateRegistrationId('JE', '12345')).toEqual({
      status: 'unchecked',
      reason: 'no format check for registration ids in GG',
    });
  });

  it('leaves ids for an uncovered country unchecked', () => {
    expect(validateRegistrationId('ZZ', '12345')).toEqual({
      status: 'unchecked',
      reason: "no covered jurisdiction 'ZZ'",
    });
  });
});

describe('validateRegistrationId with an LEI', () => {
  it('accepts a valid LEI in any jurisdiction', () => {
    for (const country of ['GB', 'MY', 'DE', 'US', 'AF', 'JE', 'ZZ']) {
      expect(validateRegistrationId(country, '7LTWFZYICNSX8D621K86')).toEqual({
        status: 'valid',
        format: 'LEI (ISO 17442)',
        normalized: '7LTWFZYICNSX8D621K86',
      });
    }
    expect(validateRegistrationId('fr', '5493001kjtiigc8y1r12')).toMatchObject({
      status: 'valid',
      normalized: '5493001KJTIIGC8Y1R12',
    });
  });

  it('refuses an LEI-shaped id with bad check digits in any jurisdiction', () => {
    for (const country of ['GB', 'MY', 'DE', 'US', 'AF', 'JE', 'ZZ']) {
      expect(validateRegistrationId(country, '7LTWFZYICNSX8D621K87')).toEqual({
        status: 'invalid',
        format: 'LEI (ISO 17442)',
        reason: 'LEI check digits (ISO 7064 MOD 97-10) do not match',
      });
    }
  });

  it("still accepts a country's own 20-digit form (Algeria's NIF)", () => {
    expect(validateRegistrationId('DZ', '00021600180833713010')).toMatchObject({ status: 'valid', format: 'NIF' });
  });
});
