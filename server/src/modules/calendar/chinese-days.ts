// The official schedules the `chinese-days` package holds (State Council notices, 2004 onwards),
// read from its JSON: each year's public holidays (weekend days inside a holiday period included)
// and makeup working days (调休). Each value reads "English name,中文名,n".
import { createRequire } from 'node:module';
import type { DayKind } from '../../lib/working-time.js';

export interface ScheduleDay {
  date: string;
  kind: DayKind;
  name: string;
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let cached: Map<number, ScheduleDay[]> | undefined;

/** Every year the package holds, with its days in date order. */
export function chineseDaysSchedules(): Map<number, ScheduleDay[]> {
  if (cached) return cached;
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysJson;
  const byYear = new Map<number, ScheduleDay[]>();
  const add = (entries: Record<string, string>, kind: DayKind) => {
    for (const [date, value] of Object.entries(entries)) {
      const [en, zh] = value.split(',');
      const year = Number(date.slice(0, 4));
      const list = byYear.get(year) ?? [];
      list.push({ date, kind, name: zh || en || '' });
      byYear.set(year, list);
    }
  };
  add(data.holidays, 'holiday');
  add(data.workdays, 'makeupWorkday');
  for (const list of byYear.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  cached = new Map([...byYear].sort(([a], [b]) => a - b));
  return cached;
}
