// Names as Latin letters, for finding a person by typing "zs" or "zhangsan" on a keyboard.
// pinyin-pro's surname mode reads the first characters as a surname (单 shàn, 曾 zēng, 区 ōu,
// 尉迟 yùchí); only at the head of the name ('head', not pinyin-pro's default 'all'), so 王单's given
// name stays dān. ü is written v (吕 lv), as every pinyin keyboard types it.
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

interface Syllable {
  pinyin: string;
  first: string;
}

/** One entry per kept character: Han characters read, other letters lower-cased, everything else dropped. */
function syllables(name: string): Syllable[] {
  // Dropped before reading, so that "·" or a space cannot stand between the surname and the head of the name.
  const kept = name.replace(/\P{L}/gu, '');
  if (kept === '') return [];
  return pinyin(kept, { type: 'all', mode: 'surname', surname: 'head', toneType: 'none', v: true }).flatMap((s): Syllable[] => {
    if (s.isZh) return [{ pinyin: s.pinyin, first: s.first }];
    // A Han character pinyin-pro has no reading for (rare characters of the extensions) is dropped, not kept as itself.
    if (HAN.test(s.origin)) return [];
    const lower = s.origin.toLowerCase();
    return [{ pinyin: lower, first: lower }];
  });
}

/** 张三 → zs, 单雄信 → sxx; letters of other scripts kept in lower case. */
export function nameInitials(name: string): string {
  return syllables(name)
    .map((s) => s.first)
    .join('');
}

/** 张三 → zhangsan: no tones, no spaces. */
export function namePinyin(name: string): string {
  return syllables(name)
    .map((s) => s.pinyin)
    .join('');
}
