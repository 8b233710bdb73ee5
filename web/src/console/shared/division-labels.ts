import type { TFunction } from 'i18next';
import type { DivisionCounts, DivisionLevel } from '../../api/types';

/** 街道, 镇, 居委会 … or the raw kind when the server sends one we do not know yet. */
export function kindName(t: TFunction, kind: string): string {
  return t(`kinds.${kind}` as 'kinds.city', { defaultValue: kind });
}

export function levelName(t: TFunction, level: DivisionLevel): string {
  return t(`levels.${level}` as 'levels.1', { defaultValue: String(level) });
}

/** The two levels below a division that are worth a glance: "12 镇街 · 345 村居". */
export function countsText(t: TFunction, level: DivisionLevel, counts: DivisionCounts): string {
  const parts: string[] = [];
  if (level <= 1 && counts.districts > 0) parts.push(t('counts.districts', { count: counts.districts }));
  if (level <= 2 && counts.towns > 0) parts.push(t('counts.towns', { count: counts.towns }));
  if (level <= 3 && level >= 2 && counts.communities > 0) parts.push(t('counts.communities', { count: counts.communities }));
  return parts.join(' · ');
}
