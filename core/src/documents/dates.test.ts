import { describe, expect, it } from 'vitest';
import { findDates } from './dates.js';

const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('findDates', () => {
  it('reads ISO, numeric and written dates', () => {
    const text = 'Incorporated on 2019-04-01. Issued 12/03/2021 and 5th of June, 2020, signed March 7, 2022.';
    expect(findDates(text)).toEqual([
      { written: '2019-04-01', at: utc(2019, 4, 1) },
      { written: '12/03/2021', at: utc(2021, 3, 12) },
      { written: '5th of June, 2020', at: utc(2020, 6, 5) },
      { written: 'March 7, 2022', at: utc(2022, 3, 7) },
    ]);
  });

  it('reads a numeric date month first only when the day-first reading does not exist', () => {
    expect(findDates('12/31/2020')).toEqual([{ written: '12/31/2020', at: utc(2020, 12, 31) }]);
    expect(findDates('01.02.2020')).toEqual([{ written: '01.02.2020', at: utc(2020, 2, 1) }]);
  });

  it('gives null for a day that does not exist, the sign of a forged certificate', () => {
    expect(findDates('dated 31 February 2021 and 2021-13-01')).toEqual([
      { written: '2021-13-01', at: null },
      { written: '31 February 2021', at: null },
    ]);
  });

  it('finds nothing in text without dates, and does not read a registration number as one', () => {
    expect(findDates('Company number 09446231, 1287654-K')).toEqual([]);
  });
});
