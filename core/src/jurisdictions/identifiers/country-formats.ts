import { usccFormat } from './cn-uscc.js';
import * as fixed from './fixed-formats.js';
import type { RegistrationFormat } from './format.js';
import { companiesHouseFormat } from './gb-companies-house.js';
import { ssmFormat } from './my-ssm.js';
import { uenFormat } from './sg-uen.js';
import { stdnumFormat } from './stdnum-format.js';

export interface CountryFormats {
  /**
   * True when `formats` are every form a registration id takes in the country (the registry's own number
   * and the tax / VAT numbers accepted in its place) and each form is certain (fixed shape or check
   * digit): an input matching none of them is then invalid. False: a match is valid, anything else is
   * unchecked.
   */
  exhaustive: boolean;
  formats: readonly RegistrationFormat[];
}

const std = (name: string, example: string | null, country: string, key: string, padDigitsTo?: number) =>
  stdnumFormat({ name, example, validator: [country, key], ...(padDigitsTo ? { padDigitsTo } : {}) });

const vat = (country: string, key: string, example: string) => std('VAT number', example, country, key);

const certain = (...formats: RegistrationFormat[]): CountryFormats => ({ exhaustive: true, formats });
const partial = (...formats: RegistrationFormat[]): CountryFormats => ({ exhaustive: false, formats });

/** Countries with at least one recognised form, keyed by ISO 3166-1 alpha-2 code. */
export const countryFormats: Readonly<Record<string, CountryFormats>> = {
  // Registration number checked with certainty: anything else is invalid.
  AT: certain(
    std('Firmenbuchnummer (FN)', 'FN 93363z', 'AT', 'businessid'),
    vat('AT', 'uid', 'ATU13585627'),
    std('Steuernummer', '59-119/9013', 'AT', 'tin'),
  ),
  AU: certain(std('ACN / ARBN', '004 028 077', 'AU', 'acn'), std('ABN', '49 004 028 077', 'AU', 'abn')),
  BE: certain(std('Enterprise number (KBO/BCE)', '0417.497.106', 'BE', 'vat')),
  BR: certain(std('CNPJ', '33.000.167/0001-01', 'BR', 'cnpj'), fixed.brNireNumber),
  CH: certain(
    std('UID (CHE number)', 'CHE-116.281.710', 'CH', 'uid'),
    vat('CH', 'vat', 'CHE-116.281.710 MWST'),
    fixed.chLegacyNumber,
  ),
  CN: certain(usccFormat),
  CZ: certain(std('IČO', '45274649', 'CZ', 'ico', 8), vat('CZ', 'dic', 'CZ45274649')),
  DK: certain(std('CVR number', '24256790', 'DK', 'cvr')),
  EE: certain(
    std('Registrikood', '12417834', 'EE', 'registrikood'),
    vat('EE', 'kmkr', 'EE100931558'),
    std('Isikukood (sole trader)', '36805280109', 'EE', 'ik'),
  ),
  ES: certain(std('NIF / CIF', 'A28015865', 'ES', 'nif')),
  FI: certain(std('Y-tunnus', '0112038-9', 'FI', 'ytunnus'), vat('FI', 'alv', 'FI01120389')),
  FR: certain(
    std('SIREN', '552 032 534', 'FR', 'siren'),
    std('SIRET', '732 829 320 00074', 'FR', 'siret'),
    vat('FR', 'tva', 'FR40303265045'),
  ),
  GB: certain(
    companiesHouseFormat,
    vat('GB', 'vat', 'GB 980 7806 84'),
    std('Unique Taxpayer Reference (UTR)', '1955839661', 'GB', 'utr'),
  ),
  IL: certain(
    std('Company number (ח.פ.)', '520013954', 'IL', 'hp'),
    std('Identity number (sole trader)', '3933742-3', 'IL', 'idnr'),
  ),
  IS: certain(std('Kennitala', '5902697199', 'IS', 'kennitala'), vat('IS', 'vsk', 'IS 00621')),
  IT: certain(
    std('Codice fiscale / partita IVA', '00905811006', 'IT', 'iva'),
    std('Codice fiscale (sole trader)', 'RCCMNL83S18D969H', 'IT', 'codicefiscale'),
    fixed.itReaNumber,
  ),
  JP: certain(
    std('Corporate number (法人番号)', '1180301018771', 'JP', 'cn'),
    fixed.jpCompanyNumber,
    fixed.jpInvoiceNumber,
  ),
  LV: certain(std('Registration number', '40003245752', 'LV', 'pvn')),
  MY: certain(ssmFormat, fixed.myLabuanNumber),
  NL: certain(
    fixed.nlKvkNumber,
    fixed.nlBranchNumber,
    std('RSIN', null, 'NL', 'bsn'),
    vat('NL', 'btw', 'NL004495445B01'),
  ),
  NO: certain(std('Organisasjonsnummer', '923 609 016', 'NO', 'orgnr'), vat('NO', 'mva', 'NO 923 609 016 MVA')),
  PL: certain(fixed.plKrsNumber, std('REGON', '610188201', 'PL', 'regon'), std('NIP', '7740001454', 'PL', 'nip')),
  PT: certain(std('NIPC / NIF', '500697256', 'PT', 'nif')),
  SE: certain(
    std('Organisationsnummer', '556012-5790', 'SE', 'orgnr'),
    std('Personnummer (sole trader)', '880320-0016', 'SE', 'personnummer'),
    vat('SE', 'vat', 'SE556012579001'),
  ),
  SG: certain(uenFormat),

  // Registration number not checkable here: a tax or VAT number that passes is valid, else unchecked.
  AD: partial(std('NRT', 'U-132950-X', 'AD', 'nrt')),
  AL: partial(std('NIPT / NUIS', 'J91402501L', 'AL', 'nipt')),
  AO: partial(std('NIF', '5001191020', 'AO', 'nif')),
  AR: partial(std('CUIT', '20-05536168-2', 'AR', 'cuit')),
  AZ: partial(std('VÖEN (TIN)', '1231231231', 'AZ', 'tin')),
  BG: partial(std('EIK / VAT number', 'BG 175 074 752', 'BG', 'vat')),
  BY: partial(std('UNP', '200988541', 'BY', 'unp')),
  BZ: partial(std('TIN', '00000510', 'BZ', 'tin')),
  CA: partial(std('Business Number (BN)', '123026635RC0001', 'CA', 'bn')),
  CL: partial(std('RUT', '77272305', 'CL', 'rut')),
  CO: partial(std('NIT', '213.123.432-1', 'CO', 'nit')),
  CR: partial(std('Cédula jurídica', '3-101-999999', 'CR', 'cpj')),
  CY: partial(vat('CY', 'vat', 'CY10259033P')),
  DE: partial(vat('DE', 'vat', 'DE136695976')),
  DO: partial(std('RNC', '1-01-85004-3', 'DO', 'rnc')),
  DZ: partial(std('NIF', '000 216 001 808 337 13010', 'DZ', 'nif')),
  EC: partial(std('RUC', '1792060346001', 'EC', 'ruc')),
  EG: partial(std('Tax registration number', '100-531-385', 'EG', 'tn')),
  FO: partial(std('V-tal', '623857', 'FO', 'vn')),
  GH: partial(std('TIN', 'C0000803561', 'GH', 'tin')),
  GL: partial(std('CVR number', '13585628', 'DK', 'cvr')),
  GN: partial(std('NIFp', '693-770-885', 'GN', 'nifp')),
  GR: partial(std('AFM (VAT number)', 'EL 094259216', 'GR', 'vat')),
  GT: partial(std('NIT', '576937-K', 'GT', 'nit')),
  HR: partial(std('OIB', '33392005961', 'HR', 'oib')),
  HU: partial(vat('HU', 'anum', 'HU12892312')),
  ID: partial(std('NPWP', '01.312.166.0-091.000', 'ID', 'npwp')),
  IE: partial(vat('IE', 'vat', 'IE 6433435F')),
  IN: partial(fixed.inCinNumber, std('PAN', 'AAACR5055K', 'IN', 'pan'), std('GSTIN', '27AAPFU0939F1ZV', 'IN', 'gstin')),
  KE: partial(std('KRA PIN', 'P051365947M', 'KE', 'pin')),
  KR: partial(std('Business registration number', '124-81-00998', 'KR', 'brn')),
  LT: partial(vat('LT', 'pvm', 'LT119511515')),
  LU: partial(vat('LU', 'tva', 'LU15027442')),
  MA: partial(std('ICE', '001512572000078', 'MA', 'ice')),
  MC: partial(vat('MC', 'tva', 'FR53000004605')),
  MD: partial(std('IDNO', '1008600038413', 'MD', 'idno')),
  ME: partial(std('PIB', '02000989', 'ME', 'pib')),
  MK: partial(std('EDB', 'MK4057009501106', 'MK', 'edb')),
  MT: partial(vat('MT', 'vat', 'MT 1167-9112')),
  MX: partial(std('RFC', 'MAB-930714-8T4', 'MX', 'rfc')),
  MZ: partial(std('NUIT', '400012342', 'MZ', 'nuit')),
  NZ: partial(std('IRD number', '49-091-850', 'NZ', 'ird')),
  PE: partial(std('RUC', '20512333797', 'PE', 'ruc')),
  PY: partial(std('RUC', '80028061-0', 'PY', 'ruc')),
  RO: partial(std('ONRC number', 'J52/750/2012', 'RO', 'onrc'), std('CUI / CIF', '18547290', 'RO', 'cui')),
  RS: partial(std('PIB', '101134702', 'RS', 'pib')),
  RU: partial(std('INN', '7707083893', 'RU', 'inn')),
  SI: partial(vat('SI', 'ddv', 'SI 5022 3054')),
  SK: partial(vat('SK', 'dph', 'SK 202 274 96 19')),
  SV: partial(std('NIT', '0614-050707-104-8', 'SV', 'nit')),
  TH: partial(
    std('Juristic person registration number', '0107544000108', 'TH', 'moa'),
    std('TIN', '1112034563562', 'TH', 'tin'),
  ),
  TN: partial(std('Matricule fiscal', '1496298 T P N 000', 'TN', 'mf')),
  TR: partial(std('VKN (tax number)', '4540536920', 'TR', 'vkn')),
  UA: partial(std('EDRPOU code', '20077720', 'UA', 'edrpou')),
  US: partial(std('EIN', '04-2103594', 'US', 'ein')),
  UY: partial(std('RUT', '21-100342-001-7', 'UY', 'rut')),
  VE: partial(std('RIF', 'V-11470283-4', 'VE', 'rif')),
  VN: partial(std('MST (enterprise code)', '0300588569', 'VN', 'mst')),
  ZA: partial(
    fixed.zaCipcNumber,
    vat('ZA', 'vat', '4999999999'),
    std('Income tax reference', '0001339050', 'ZA', 'tin'),
  ),
};

const none: CountryFormats = { exhaustive: false, formats: [] };

/** The recognised forms for a country code (upper case); none, and not exhaustive, when unknown. */
export function formatsFor(countryCode: string): CountryFormats {
  return countryFormats[countryCode] ?? none;
}
