import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personalDataIn } from '../../../functions/platform/personal-data';
import { checkCharacter } from '../../../functions/sharing/registry/id-number';

/** What a text written for the public (a handler's reply to a resident) may not carry. */
describe('personal data in a public text', () => {
  it('finds a mobile number and an ID number wherever they are written', () => {
    expect(personalDataIn('请致电 138 0013 8000 联系')).toBe('mobile');
    expect(personalDataIn('+86-139-1234-5678')).toBe('mobile');
    expect(personalDataIn('身份证52010219800101001X已核实')).toBe('id_number');
    expect(personalDataIn('520102198001010015')).toBe('id_number');
  });

  it('leaves case numbers, dates, amounts and landlines alone', () => {
    for (const text of [
      '已于2026年12月7日处理完毕',
      '案卷 GY-2026-000123 已办结',
      '更换灯具 3 套，费用 1280 元',
      '物业服务中心电话 0851-85551234',
      '编号 12345678901234567890123（非身份证）',
    ])
      expect(personalDataIn(text), text).toBeUndefined();
  });

  it('finds every well-formed ID number, with its real check character, in any surrounding words', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1930, max: 2025 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 999 }),
        fc.string({ unit: fc.constantFrom('已', '处', '理', ' ', '。', 'a') }),
        (year, month, day, serial, words) => {
          const first17 = `520102${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
          expect(personalDataIn(`${words}${first17}${checkCharacter(first17)}${words}`)).toBe('id_number');
        },
      ),
    );
  });
});
