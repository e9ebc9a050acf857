import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A real PDF with a text layer holding these lines, as a registry's certificate would have. */
export async function pdfWithText(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => {
    page.drawText(line, { x: 50, y: 780 - 18 * i, size: 11, font });
  });
  // Fixed dates keep the bytes stable, so the same lines give the same file.
  doc.setCreationDate(new Date(Date.UTC(2024, 0, 1)));
  doc.setModificationDate(new Date(Date.UTC(2024, 0, 1)));
  return Buffer.from(await doc.save());
}
