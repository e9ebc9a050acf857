import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMasterKey, SecretBox } from './master-key.js';

describe('master key and secret box', () => {
  it('creates a 0600 key file on first use and reads the same key back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keybs-mk-')), 'master.key');
    const first = loadMasterKey(undefined, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(undefined, file).equals(first)).toBe(true);
  });

  it('refuses a master key of the wrong size', () => {
    expect(() => loadMasterKey(Buffer.alloc(16).toString('base64'), '/nonexistent')).toThrow(/32 bytes/);
  });

  it('seals and opens; a different context or a flipped byte fails', () => {
    const box = new SecretBox(Buffer.alloc(32, 7));
    const sealed = box.seal('whsec_abc', 'we_1');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed, 'we_1')).toBe('whsec_abc');
    expect(() => box.open(sealed, 'we_2')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => box.open(`v1.${raw.toString('base64')}`, 'we_1')).toThrow();
    expect(box.seal('x', 'c')).not.toBe(box.seal('x', 'c'));
  });
});
