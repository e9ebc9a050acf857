import {
  type Alias,
  addUnique,
  assertUniqueIds,
  type SanctionsEntry,
  SanctionsImportError,
  type SourceFile,
} from './entry.js';
import { attribute, child, children, parseXml, textOfChild, textsOf, type XmlElement } from './xml.js';

const NAME_PARTS = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'];

/** `1971`, `1978-04-28`, `1973-1974`, with `circa ` for an approximate date. */
function dateOfBirthOf(dates: XmlElement[]): string | null {
  const found = dates.flatMap((d) => {
    const from = textOfChild(d, 'FROM_YEAR');
    const to = textOfChild(d, 'TO_YEAR');
    const date = textOfChild(d, 'DATE') || textOfChild(d, 'YEAR') || (from && to ? `${from}-${to}` : from || to);
    if (!date) return [];
    return [textOfChild(d, 'TYPE_OF_DATE') === 'APPROXIMATELY' ? `circa ${date}` : date];
  });
  return found.length > 0 ? found.join('; ') : null;
}

/** A few UN names hold several, `A (AA) ; B (BB)`: each part is screened as an alias as well. */
function withParts(aliases: Alias[], name: string): void {
  if (!name.includes(';')) return;
  for (const part of name.split(';')) {
    const p = part.trim();
    if (p && !aliases.some((a) => a.name === p)) aliases.push({ name: p, quality: 'part of name' });
  }
}

function entryOf(el: XmlElement, kind: 'INDIVIDUAL' | 'ENTITY', file: SourceFile): SanctionsEntry {
  const entryId = textOfChild(el, 'REFERENCE_NUMBER') || textOfChild(el, 'DATAID');
  const name = NAME_PARTS.map((tag) => textOfChild(el, tag))
    .filter((p) => p !== '')
    .join(' ');
  if (!entryId) throw new SanctionsImportError(file.name, `an ${kind} without REFERENCE_NUMBER or DATAID ('${name}')`);
  if (!name) throw new SanctionsImportError(file.name, `${kind} ${entryId} has no name`);
  const aliases: Alias[] = [];
  withParts(aliases, name);
  for (const a of children(el, `${kind}_ALIAS`)) {
    const alias = textOfChild(a, 'ALIAS_NAME');
    if (!alias) continue;
    const quality = textOfChild(a, 'QUALITY');
    aliases.push(quality ? { name: alias, quality } : { name: alias });
    withParts(aliases, alias);
  }
  const original = textOfChild(el, 'NAME_ORIGINAL_SCRIPT');
  if (original) aliases.push({ name: original, quality: 'original script' });
  const countries: string[] = [];
  for (const n of textsOf(child(el, 'NATIONALITY'), 'VALUE')) addUnique(countries, n);
  for (const a of children(el, `${kind}_ADDRESS`)) addUnique(countries, textOfChild(a, 'COUNTRY'));
  const remarks = textOfChild(el, 'COMMENTS1');
  return {
    listId: 'un-consolidated',
    entryId,
    type: kind === 'INDIVIDUAL' ? 'individual' : 'entity',
    name,
    aliases,
    programs: textsOf(el, 'UN_LIST_TYPE'),
    countries,
    dateOfBirth: kind === 'INDIVIDUAL' ? dateOfBirthOf(children(el, 'INDIVIDUAL_DATE_OF_BIRTH')) : null,
    remarks: remarks || null,
  };
}

/** Reads the UN Security Council Consolidated List (its official XML layout). */
export function parseUnXml(file: SourceFile): { entries: SanctionsEntry[]; publishedAt: string | null } {
  const list = child(parseXml(file), 'CONSOLIDATED_LIST');
  if (!list) throw new SanctionsImportError(file.name, 'not a UN consolidated list: no CONSOLIDATED_LIST element');
  const entries = [
    ...children(child(list, 'INDIVIDUALS'), 'INDIVIDUAL').map((el) => entryOf(el, 'INDIVIDUAL', file)),
    ...children(child(list, 'ENTITIES'), 'ENTITY').map((el) => entryOf(el, 'ENTITY', file)),
  ];
  assertUniqueIds(entries, file.name, 'reference number');
  return { entries, publishedAt: attribute(list, 'dateGenerated') || null };
}
