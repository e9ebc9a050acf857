import { describe, expect, it } from 'vitest';
import { normalizeUscc, usccCheckCharacter } from './cn-uscc.js';

describe('Unified Social Credit Code', () => {
  it('accepts real codes', () => {
    expect(normalizeUscc('914403001922038216')).toBe('914403001922038216'); // Huawei Technologies Co., Ltd.
    expect(normalizeUscc('91440300708461136t')).toBe('91440300708461136T'); // Shenzhen Tencent Computer Systems
  });

  it('refuses a real code with a wrong check character', () => {
    expect(normalizeUscc('914403001922038217')).toBeNull();
    expect(normalizeUscc('91440300708461136U')).toBeNull();
  });

  it('accepts a check character of 0 (stdnum-js 1.12 refuses it)', () => {
    // Constructed: a body whose weighted sum is a multiple of 31.
    expect(usccCheckCharacter('91440300708460027')).toBe('0');
    expect(normalizeUscc('914403007084600270')).toBe('914403007084600270');
  });

  it('refuses letters outside the alphabet and wrong lengths', () => {
    expect(normalizeUscc('9144030019220382I6')).toBeNull();
    expect(normalizeUscc('91440300192203821')).toBeNull();
  });
});
