import { formatsFor } from './identifiers/country-formats.js';
import { leiFormat } from './identifiers/lei.js';
import type { IdentifierFormat, RegistrySource } from './jurisdictions.js';

export type Tier = 1 | 2 | 3;

/** What the hub knows about checking companies in one jurisdiction. */
export interface Profile {
  tier: Tier;
  registrySources: RegistrySource[];
  identifierFormats: IdentifierFormat[];
}

// Tier = how reliably and quickly the company registry can be checked (docs/jurisdictions.md).
// 1: official registry with open online search or API and good data.
export const tier1 = codes(`
  AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK
  IS LI NO CH GB GG IM US CA AU NZ SG HK JP KR IL`);
// 2: online registry, but partial, paid or slow.
export const tier2 = codes(`
  MY BR MX ZA IN TH ID PH TR AE SA CN VN RU UA MD GE AM AZ KZ UZ BY RS ME MK BA AL XK
  AR CL CO PE UY CR PA DO EC GT JM TT BB BS BM KY VG GI MC AD SM FO GL PR CW
  EG MA TN KE NG GH MU RW BW NA LK PK BD MN QA BH KW OM JO`);
// 3: everything else (manual retrieval).

/** The jurisdiction's own registries (name, official URL); reached by hand unless listed in `apiSources`. */
export const registries: Readonly<Record<string, ReadonlyArray<readonly [string, string | null]>>> = {
  AL: [['National Business Center (QKB)', 'https://qkb.gov.al']],
  AT: [['Firmenbuch (Austrian company register)', 'https://www.justiz.gv.at']],
  AU: [
    ['ASIC company register', 'https://asic.gov.au'],
    ['ABN Lookup', 'https://abr.business.gov.au'],
  ],
  BE: [['Crossroads Bank for Enterprises (KBO/BCE)', 'https://kbopub.economie.fgov.be']],
  BG: [['Commercial Register (Registry Agency)', 'https://portal.registryagency.bg']],
  BR: [['Receita Federal (CNPJ)', 'https://www.gov.br/receitafederal']],
  CA: [['Corporations Canada', 'https://ised-isde.canada.ca/site/corporations-canada/en']],
  CH: [
    ['Zefix (central business name index)', 'https://www.zefix.ch'],
    ['UID register', 'https://www.uid.admin.ch'],
  ],
  CL: [['Registro de Empresas y Sociedades', 'https://www.registrodeempresasysociedades.cl']],
  CN: [['National Enterprise Credit Information Publicity System', 'https://www.gsxt.gov.cn']],
  CO: [['RUES (Registro Único Empresarial y Social)', 'https://www.rues.org.co']],
  CY: [['Department of Registrar of Companies', 'https://efiling.drcor.mcit.gov.cy']],
  CZ: [
    ['Obchodní rejstřík (commercial register)', 'https://or.justice.cz'],
    ['ARES', 'https://ares.gov.cz'],
  ],
  DE: [
    ['Handelsregister', 'https://www.handelsregister.de'],
    ['Unternehmensregister', 'https://www.unternehmensregister.de'],
  ],
  DK: [['CVR (Central Business Register)', 'https://datacvr.virk.dk']],
  EE: [['e-Business Register (e-Äriregister)', 'https://ariregister.rik.ee']],
  ES: [['Registro Mercantil Central', 'https://www.rmc.es']],
  FI: [['Business Information System (YTJ)', 'https://www.ytj.fi']],
  FR: [
    ['Annuaire des Entreprises (SIRENE, RNE)', 'https://annuaire-entreprises.data.gouv.fr'],
    ['INPI Registre national des entreprises', 'https://data.inpi.fr'],
  ],
  GB: [['Companies House', 'https://find-and-update.company-information.service.gov.uk']],
  GE: [['National Agency of Public Registry', 'https://napr.gov.ge']],
  GG: [
    ['Guernsey Registry', 'https://www.guernseyregistry.com'],
    ['Jersey Companies Registry (JFSC)', 'https://www.jerseyfsc.org'],
  ],
  GI: [['Companies House Gibraltar', 'https://www.companieshouse.gi']],
  GL: [['CVR (Central Business Register)', 'https://datacvr.virk.dk']],
  GR: [['General Commercial Registry (GEMI)', 'https://www.businessportal.gr']],
  HK: [['Companies Registry', 'https://www.cr.gov.hk']],
  HR: [['Court Register (Sudski registar)', 'https://sudreg.pravosudje.hr']],
  HU: [['Company Information Service (e-cegjegyzek)', 'https://www.e-cegjegyzek.hu']],
  IE: [['Companies Registration Office (CRO)', 'https://core.cro.ie']],
  IL: [['Israeli Corporations Authority (Registrar of Companies)', null]],
  IN: [['Ministry of Corporate Affairs (MCA)', 'https://www.mca.gov.in']],
  IS: [['Skatturinn company register (Fyrirtækjaskrá)', 'https://www.skatturinn.is']],
  IT: [['Registro Imprese', 'https://www.registroimprese.it']],
  JP: [['Corporate Number Publication Site (National Tax Agency)', 'https://www.houjin-bangou.nta.go.jp']],
  KE: [['Business Registration Service', 'https://brs.go.ke']],
  KR: [['Internet Registry Office (Supreme Court)', 'https://www.iros.go.kr']],
  KY: [['Cayman Islands General Registry', 'https://www.ciregistry.ky']],
  LT: [['Register of Legal Entities (Registrų centras)', 'https://www.registrucentras.lt']],
  LU: [['Luxembourg Business Registers (RCS)', 'https://www.lbr.lu']],
  LV: [['Register of Enterprises (Uzņēmumu reģistrs)', 'https://www.ur.gov.lv']],
  MK: [['Central Registry', 'https://www.crm.com.mk']],
  MT: [['Malta Business Registry', 'https://mbr.mt']],
  MX: [['Registro Público de Comercio (SIGER)', 'https://rpc.economia.gob.mx']],
  MY: [['Suruhanjaya Syarikat Malaysia (SSM)', 'https://www.ssm.com.my']],
  NG: [['Corporate Affairs Commission', 'https://www.cac.gov.ng']],
  NL: [['Kamer van Koophandel (KVK) Handelsregister', 'https://www.kvk.nl']],
  NO: [['Brønnøysund Register Centre', 'https://www.brreg.no']],
  NZ: [
    ['New Zealand Companies Office', 'https://www.companiesoffice.govt.nz'],
    ['NZBN register', 'https://www.nzbn.govt.nz'],
  ],
  PE: [['SUNARP', 'https://www.sunarp.gob.pe']],
  PH: [['Securities and Exchange Commission', 'https://www.sec.gov.ph']],
  PK: [['Securities and Exchange Commission of Pakistan', 'https://www.secp.gov.pk']],
  PL: [
    ['Krajowy Rejestr Sądowy (KRS)', 'https://ekrs.ms.gov.pl'],
    ['REGON database (GUS)', 'https://wyszukiwarkaregon.stat.gov.pl'],
  ],
  RO: [['National Trade Register Office (ONRC)', 'https://www.onrc.ro']],
  RS: [['Serbian Business Registers Agency (APR)', 'https://www.apr.gov.rs']],
  RU: [['Unified State Register of Legal Entities (EGRUL, FNS)', 'https://egrul.nalog.ru']],
  SE: [['Bolagsverket', 'https://bolagsverket.se']],
  SG: [['ACRA (Bizfile)', 'https://www.bizfile.gov.sg']],
  SI: [['AJPES business register', 'https://www.ajpes.si']],
  SK: [['Obchodný register (commercial register)', 'https://www.orsr.sk']],
  TH: [['Department of Business Development', 'https://www.dbd.go.th']],
  TR: [['Turkish Trade Registry Gazette', 'https://www.ticaretsicil.gov.tr']],
  UA: [['Unified State Register (Ministry of Justice)', 'https://usr.minjust.gov.ua']],
  US: [
    ['Secretary of State business entity registries (per state)', null],
    ['SEC EDGAR', 'https://www.sec.gov/edgar/search'],
  ],
  VG: [['BVI Financial Services Commission registry', 'https://www.bvifsc.vg']],
  VN: [['National Business Registration Portal', 'https://dangkykinhdoanh.gov.vn']],
  XK: [['Kosovo Business Registration Agency (ARBK)', 'https://arbk.rks-gov.net']],
  ZA: [['Companies and Intellectual Property Commission (CIPC)', 'https://www.cipc.co.za']],
};

/** Registries the hub has adapters for (and GLEIF, below, everywhere). */
const apiSources: ReadonlySet<string> = new Set(['GB:Companies House']);

const gleif: RegistrySource = { name: 'GLEIF (LEI)', url: 'https://api.gleif.org/api/v1', access: 'api' };
const genericRegistry: RegistrySource = { name: 'National company registry', url: null, access: 'manual' };

/**
 * Name of the registry's own number where it is not one of the checked forms (see identifiers/), or
 * `null` where it is. Default: 'Company registration number'.
 */
export const registryNumberNames: Readonly<Record<string, string | null>> = {
  BG: 'UIC (EIK)',
  CA: 'Corporation number',
  CY: 'Registration number (HE)',
  DE: 'Handelsregisternummer',
  GG: 'Company registration number (Guernsey / Jersey)',
  GR: 'GEMI number',
  HK: 'Company number (CR No.)',
  HR: 'MBS',
  HU: 'Cégjegyzékszám',
  IE: 'CRO number',
  IN: 'LLPIN / FCRN',
  KR: 'Corporate registration number',
  LT: 'Company code (įmonės kodas)',
  LU: 'RCS number',
  MD: null,
  MT: 'Company number (C)',
  NZ: 'Company number / NZBN',
  RO: 'ONRC number (2024 format)',
  RU: 'OGRN',
  SI: 'Registration number (matična številka)',
  SK: 'IČO',
  TH: null,
  UA: null,
  US: 'State entity file number',
  VN: null,
  ZA: null,
};

export function profileFor(countryCode: string): Profile {
  const code = countryCode.toUpperCase();
  const tier: Tier = tier1.has(code) ? 1 : tier2.has(code) ? 2 : 3;
  const own = registries[code]?.map(
    ([name, url]): RegistrySource => ({
      name,
      url,
      access: apiSources.has(`${code}:${name}`) ? 'api' : 'manual',
    }),
  );
  return {
    tier,
    registrySources: [...(own ?? [genericRegistry]), gleif],
    identifierFormats: identifierFormatsFor(code),
  };
}

/** The forms shown for a jurisdiction; `validated` exactly where `validateRegistrationId` can say invalid. */
export function identifierFormatsFor(code: string): IdentifierFormat[] {
  const { exhaustive, formats } = formatsFor(code);
  const registryNumber = registryNumberNames[code];
  const unchecked: IdentifierFormat[] =
    exhaustive || registryNumber === null
      ? []
      : [{ name: registryNumber ?? 'Company registration number', example: null, validated: false }];
  return [
    ...unchecked,
    ...formats.map((format) => ({ name: format.name, example: format.example, validated: exhaustive })),
    { name: leiFormat.name, example: leiFormat.example, validated: true },
  ];
}

function codes(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}
