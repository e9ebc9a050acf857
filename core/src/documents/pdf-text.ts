/** Pages read per PDF: a certificate or a bill says what matters on its first pages. */
const MAX_PAGES = 20;
/** Characters of text kept per PDF, so a huge document cannot make the checks slow. */
const MAX_CHARS = 200_000;

export interface ReadText {
  /** False when the file could not be parsed at all. */
  readable: boolean;
  /** Null when there is no text to read. */
  text: string | null;
}

/**
 * The text layer of a PDF (pdf.js through unpdf, loaded on first use so a hub that never receives a PDF
 * never pays for it). A scanned PDF has no text layer and gives ''; a broken one is `readable: false`.
 */
export async function pdfText(data: Uint8Array): Promise<ReadText> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(data), { stopAtErrors: false });
    const parts: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(pdf.numPages, MAX_PAGES) && length < MAX_CHARS; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      for (const item of content.items) {
        if (!('str' in item)) continue;
        parts.push(item.str, item.hasEOL ? '\n' : ' ');
        length += item.str.length + 1;
      }
      parts.push('\n');
    }
    return { readable: true, text: parts.join('').slice(0, MAX_CHARS) };
  } catch {
    return { readable: false, text: null };
  } finally {
    await pdf?.loadingTask.destroy();
  }
}
