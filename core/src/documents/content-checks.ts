import type { DocumentChecks, DocumentType } from '@keybs/contract';
import { foldName, nameTokens } from '../sanctions/normalize.js';
import { findDates } from './dates.js';

export interface DocumentSubject {
  type: DocumentType;
  supplier: string;
  registrationId: string;
  /** Another verification of the same environment that received the very same file, if any. */
  reusedIn: string | null;
  /** An earlier document of this verification with the same content, if any. */
  duplicateOf: string | null;
}

/** How much each finding weighs per document type (docs/scoring.md, "Documents"). */
const WEIGHTS: Record<DocumentType, { name: number; id: number; dates: number }> = {
  certificate_of_incorporation: { name: 0.4, id: 0.4, dates: 0.2 },
  ownership_structure: { name: 0.5, id: 0.3, dates: 0.2 },
  // A utility bill or bank letter rarely carries a company number; a recent date matters more.
  proof_of_address: { name: 0.6, id: 0, dates: 0.4 },
  other: { name: 0.5, id: 0.3, dates: 0.2 },
};

const DAY = 86_400_000;
/** A proof of address older than this does not prove a current address. */
const ADDRESS_MAX_AGE = 365 * DAY;

/** The text names the supplier: its words (legal forms aside) appear in order, as whole words. */
export function namesSupplier(text: string, supplier: string): boolean {
  const words = nameTokens(supplier);
  if (words.length === 0) return false;
  return ` ${foldName(text)} `.includes(` ${words.join(' ')} `);
}

/** The text contains the registration id, whatever spacing or punctuation sits between its characters. */
export function namesRegistrationId(text: string, registrationId: string): boolean {
  const chars = [...registrationId.toUpperCase().replace(/[^A-Z0-9]/g, '')];
  if (chars.length === 0) return false;
  const body = chars.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s.\\-/]*');
  return new RegExp(`(?<![A-Z0-9])${body}(?![A-Z0-9])`, 'i').test(text);
}

/**
 * Checks what a document says against the order. `text` is null when none could be read (an image, or a
 * scanned PDF without a text layer): such a document is left to the analyst and scores null.
 */
export function checkDocument(
  subject: DocumentSubject,
  text: string | null,
  readable: boolean,
  now: number,
): DocumentChecks {
  const empty = { names_supplier: null, names_registration_id: null, dates_found: 0, implausible_dates: [] };
  if (subject.reusedIn !== null) {
    const base = text === null ? empty : findings(subject, text, now).checks;
    return {
      text: text === null ? (readable ? 'none' : 'unreadable') : 'extracted',
      ...base,
      score: 0,
      reasons: [`the same file was submitted for verification ${subject.reusedIn}`],
    };
  }
  if (text === null || text.trim() === '') {
    return {
      text: readable ? 'none' : 'unreadable',
      ...empty,
      score: null,
      reasons: [readable ? 'no text to read: an analyst must look at it' : 'the PDF could not be read'],
    };
  }
  const { checks, score, reasons } = findings(subject, text, now);
  if (subject.duplicateOf !== null) {
    return { text: 'extracted', ...checks, score: null, reasons: [`same content as ${subject.duplicateOf}`] };
  }
  return { text: 'extracted', ...checks, score, reasons };
}

function findings(subject: DocumentSubject, text: string, now: number) {
  const weights = WEIGHTS[subject.type];
  const reasons: string[] = [];
  const names = namesSupplier(text, subject.supplier);
  if (!names) reasons.push('does not name the supplier');
  const hasId = namesRegistrationId(text, subject.registrationId);
  if (!hasId && weights.id > 0) reasons.push('does not show the registration id');
  const dates = findDates(text);
  const implausible = dates.filter((d) => d.at === null || d.at > now + DAY || new Date(d.at).getUTCFullYear() < 1800);
  let datesShare = 1;
  if (implausible.length > 0) {
    datesShare = 0;
    reasons.push(`implausible dates: ${implausible.map((d) => d.written).join(', ')}`);
  } else if (dates.length === 0) {
    datesShare = 0.5;
    reasons.push('no date found');
  } else if (subject.type === 'proof_of_address') {
    const newest = Math.max(...dates.map((d) => d.at ?? 0));
    if (now - newest > ADDRESS_MAX_AGE) {
      datesShare = 0;
      reasons.push('newest date is more than 12 months old');
    }
  }
  const score = weights.name * Number(names) + weights.id * Number(hasId) + weights.dates * datesShare;
  return {
    checks: {
      names_supplier: names,
      names_registration_id: hasId,
      dates_found: dates.length,
      implausible_dates: implausible.map((d) => d.written),
    },
    score: Math.round(score * 100) / 100,
    reasons,
  };
}
