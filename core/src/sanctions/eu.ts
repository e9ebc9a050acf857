import {
  type Alias,
  addUnique,
  assertUniqueIds,
  type EntryType,
  type SanctionsEntry,
  SanctionsImportError,
  type SourceFile,
} from './entry.js';
import { attribute, child, children, parseXml, textOfChild, type XmlElement } from './xml.js';

const SUBJECT_TYPES: Record<string, EntryType> = { person: 'individual', enterprise: 'entity' };

/** `wholeName`, or the name parts when a publisher left it empty. */
const nameOf = (alias: XmlElement): string =>
  attribute(alias, 'wholeName') ||
  ['firstName', 'middleName', 'lastName']
    .map((a) => attribute(alias, a))
    .filter((p) => p !== '')
    .join(' ');

/** `1937-04-28`, `1937`, `1953-1958`, with `circa ` where the list says so. */
function dateOfBirthOf(dates: XmlElement[]): string | null {
  const found = dates.flatMap((d) => {
    const from = attribute(d, 'yearRangeFrom');
    const to = attribute(d, 'yearRangeTo');
    const date = attribute(d, 'birthdate') || attribute(d, 'year') || (from && to ? `${from}-${to}` : from || to);
    if (!date) return [];
    return [attribute(d, 'circa') === 'true' ? `circa ${date}` : date];
  });
  return found.length > 0 ? found.join('; ') : null;
}

function entryOf(el: XmlElement, file: SourceFile): SanctionsEntry {
  const entryId = attribute(el, 'logicalId');
  if (!entryId) throw new SanctionsImportError(file.name, 'a sanctionEntity without logicalId');
  const names = children(el, 'nameAlias')
    .map((a) => ({ name: nameOf(a), strong: attribute(a, 'strong') !== 'false' }))
    .filter((n) => n.name !== '');
  // The first strong name is the entry's name; every other one is an alias.
  const primary = names.find((n) => n.strong) ?? names[0];
  if (!primary) throw new SanctionsImportError(file.name, `sanctionEntity ${entryId} has no nameAlias with a name`);
  const aliases: Alias[] = names
    .filter((n) => n !== primary && n.name !== primary.name)
    .map((n) => ({ name: n.name, quality: n.strong ? 'strong' : 'weak' }));
  const programs: string[] = [];
  for (const r of children(el, 'regulation')) addUnique(programs, attribute(r, 'programme'));
  const countries: string[] = [];
  for (const c of [...children(el, 'citizenship'), ...children(el, 'address')]) {
    addUnique(countries, attribute(c, 'countryDescription') || attribute(c, 'countryIso2Code'));
  }
  const remark = textOfChild(el, 'remark');
  return {
    listId: 'eu-fsf',
    entryId,
    type: SUBJECT_TYPES[attribute(child(el, 'subjectType'), 'code')] ?? 'other',
    name: primary.name,
    aliases,
    programs,
    countries,
    dateOfBirth: dateOfBirthOf(children(el, 'birthdate')),
    remarks: remark || null,
  };
}

/** Reads the EU Financial Sanctions Files export (`export` root, one `sanctionEntity` per designation). */
export function parseEuXml(file: SourceFile): { entries: SanctionsEntry[]; publishedAt: string | null } {
  const root = child(parseXml(file), 'export');
  if (!root) throw new SanctionsImportError(file.name, 'not an EU Financial Sanctions Files export: no export element');
  const entries = children(root, 'sanctionEntity').map((el) => entryOf(el, file));
  assertUniqueIds(entries, file.name, 'logicalId');
  return { entries, publishedAt: attribute(root, 'generationDate') || null };
}
