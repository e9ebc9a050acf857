import { type ListFormat, SanctionsImportError, type SourceFile } from './entry.js';

const ROOT_FORMATS: Record<string, ListFormat> = { CONSOLIDATED_LIST: 'un-xml', export: 'eu-xml' };

/** The root element's local name of an XML text, or undefined when the text is not XML. */
function rootElement(text: string): string | undefined {
  if (!text.trimStart().startsWith('<')) return undefined;
  // Skip the declaration, comments and a doctype: the first start tag is the root.
  return text.slice(0, 8192).match(/<(?![?!])(?:[\w.-]+:)?([\w.-]+)/)?.[1];
}

/**
 * The format of a list's files when the user did not say (`keybs sanctions import FILE...`): XML by its
 * root element (UN `CONSOLIDATED_LIST`, EU `export`); anything else is taken for OFAC's CSV files.
 */
export function detectFormat(files: readonly SourceFile[]): ListFormat {
  const formats = new Set(
    files.map((f) => {
      const root = rootElement(f.text);
      if (root === undefined) return 'ofac-csv';
      const format = ROOT_FORMATS[root];
      if (!format)
        throw new SanctionsImportError(f.name, `an XML list with root element ${root} is not one the hub reads`);
      return format;
    }),
  );
  const [format, ...others] = formats;
  if (!format || others.length > 0) {
    const names = files.map((f) => f.name).join(', ') || '(no files)';
    throw new SanctionsImportError(names, 'cannot tell the list format of these files: give --format');
  }
  return format;
}
