import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SanctionsImportError, type SourceFile } from './entry.js';

/** An element as the parser gives it: child elements by tag, attributes as `@name`, text as `#text`. */
export interface XmlElement {
  [key: string]: XmlValue;
}
type XmlValue = string | XmlElement | XmlValue[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/** Parses a list file, refusing one that is not well-formed XML with the line and column of the fault. */
export function parseXml(file: SourceFile): XmlElement {
  const verdict = XMLValidator.validate(file.text);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new SanctionsImportError(file.name, `malformed XML: ${msg}`, line, col);
  }
  const root: unknown = parser.parse(file.text);
  return typeof root === 'object' && root !== null && !Array.isArray(root) ? (root as XmlElement) : {};
}

const asElement = (v: XmlValue): XmlElement => (typeof v === 'string' ? { '#text': v } : Array.isArray(v) ? {} : v);

/** The child elements named `tag` (none, one or many alike). */
export function children(parent: XmlElement | undefined, tag: string): XmlElement[] {
  const v = parent?.[tag];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(asElement);
}

export const child = (parent: XmlElement | undefined, tag: string): XmlElement | undefined => children(parent, tag)[0];

/** The parser resolves the five XML entities; numeric character references are resolved here. */
const decode = (s: string): string =>
  s.replace(/&#(x[0-9a-f]+|\d+);/gi, (ref: string, code: string) => {
    const point = /^x/i.test(code) ? Number.parseInt(code.slice(1), 16) : Number(code);
    return point <= 0x10ffff ? String.fromCodePoint(point) : ref;
  });

/** The trimmed text of an element, '' when it is empty or absent. */
export function textOf(element: XmlElement | undefined): string {
  const t = element?.['#text'];
  return typeof t === 'string' ? decode(t).trim() : '';
}

/** The trimmed texts of the children named `tag`, empty ones left out. */
export const textsOf = (parent: XmlElement | undefined, tag: string): string[] =>
  children(parent, tag)
    .map(textOf)
    .filter((t) => t !== '');

export const textOfChild = (parent: XmlElement | undefined, tag: string): string => textOf(child(parent, tag));

/** An attribute's trimmed value, '' when absent. */
export function attribute(element: XmlElement | undefined, name: string): string {
  const v = element?.[`@${name}`];
  return typeof v === 'string' ? decode(v).trim() : '';
}
