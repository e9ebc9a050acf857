/** A version per verification, bumped by every change, so a reader can tell whether what it holds is current. */
export const versions = `
ALTER TABLE verifications ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
`;
