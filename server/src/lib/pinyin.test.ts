import { describe, expect, it } from 'vitest';
import { nameInitials, namePinyin } from './pinyin.js';

describe('nameInitials and namePinyin', () => {
  it.each([
    ['张三', 'zs', 'zhangsan'],
    ['李四', 'ls', 'lisi'],
    ['曾国藩', 'zgf', 'zengguofan'],
    ['欧阳娜娜', 'oynn', 'ouyangnana'],
    ['吕布', 'lb', 'lvbu'],
    ['女娲', 'nw', 'nvwa'],
  ])('%s → %s, %s', (name, initials, full) => {
    expect(nameInitials(name)).toBe(initials);
    expect(namePinyin(name)).toBe(full);
  });

  it.each([
    ['单雄信', 'sxx', 'shanxiongxin'],
    ['曾', 'z', 'zeng'],
    ['区', 'o', 'ou'],
    ['仇', 'q', 'qiu'],
    ['解缙', 'xj', 'xiejin'],
    ['朴槿惠', 'pjh', 'piaojinhui'],
    ['尉迟恭', 'ycg', 'yuchigong'],
    ['长孙无忌', 'zswj', 'zhangsunwuji'],
  ])('reads the surname of %s as a surname', (name, initials, full) => {
    expect(nameInitials(name)).toBe(initials);
    expect(namePinyin(name)).toBe(full);
  });

  it('reads a surname character inside the given name as an ordinary word', () => {
    expect(namePinyin('王单')).toBe('wangdan');
    expect(namePinyin('单单')).toBe('shandan');
  });

  it('keeps letters of other scripts in lower case and drops everything else', () => {
    expect(nameInitials('Tom张')).toBe('tomz');
    expect(namePinyin('Tom张')).toBe('tomzhang');
    expect(namePinyin('阿沛·阿旺晋美')).toBe('apeiawangjinmei');
    expect(nameInitials('  张 三 ')).toBe('zs');
    expect(nameInitials('张三2号')).toBe('zsh');
    expect(namePinyin('Émile')).toBe('émile');
    expect(nameInitials('(张三)')).toBe('zs');
    expect(nameInitials('')).toBe('');
    expect(nameInitials('123·-')).toBe('');
  });

  it('drops a Han character it cannot read rather than keeping it', () => {
    // 𠇗 (U+201D7, CJK Extension B) has no reading in pinyin-pro's dictionary.
    expect(namePinyin('张𠇗')).toBe('zhang');
    expect(nameInitials('张𠇗')).toBe('z');
  });
});
