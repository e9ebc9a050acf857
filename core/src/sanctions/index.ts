export { classifyScore, DEFAULT_SCREENING_CONFIG, type ScreeningConfig, type ScreeningOutcome } from './config.js';
export { detectFormat } from './detect-format.js';
export {
  type Alias,
  type EntryType,
  LIST_OF_FORMAT,
  type ListFormat,
  type ListId,
  type ParsedEdition,
  type SanctionsEntry,
  SanctionsImportError,
  type SourceFile,
} from './entry.js';
export { parseEuXml } from './eu.js';
export { decodeListFile, importListFiles, LIST_FORMATS, parseEdition, readEdition } from './import.js';
export { LEGAL_FORMS } from './legal-forms.js';
export { foldName, nameTokens, normalizeName } from './normalize.js';
export { type OfacFiles, parseOfacCsv } from './ofac.js';
export { scoreTokens } from './score.js';
export { type ScreeningHit, ScreeningIndex, type ScreenOptions } from './screen.js';
export { SanctionsScreener } from './screener.js';
export type { NewEdition, SanctionsEdition, SanctionsStore } from './store.js';
export { parseUnXml } from './un.js';
