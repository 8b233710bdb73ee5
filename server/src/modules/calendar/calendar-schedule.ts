// A year's official schedule as the city centre enters it (a form) or loads it (a file): the rules
// every list of days must pass before it replaces a year, and the file format.
//
// File format (UTF-8 text, one day per line, as the State Council notice lists them):
//
//     # 2027 年部分节假日安排（国务院办公厅通知）
//     date,kind,name
//     2027-01-01,holiday,元旦
//     2027-02-06,workday,春节
//
// `kind` is `holiday` (or 休) for a day off and `workday` / `makeupWorkday` (or 班) for a makeup
// working day (调休); commas may be full-width (，). Blank lines, lines starting with #, and a header
// line starting with "date" are skipped. Every bad line is reported by number, and nothing is stored
// when any line is bad.
import { isIsoDate } from '../../lib/dates.js';
import type { DayKind } from '../../lib/working-time.js';
import type { ScheduleDay } from './chinese-days.js';

export interface ScheduleProblem {
  /** Index in the form's list (0-based) or line number in the file (1-based). */
  at: number;
  field: 'date' | 'kind' | 'name' | 'line';
  message: string;
  messageZh: string;
}

export const MAX_NAME = 30;

/** Problems with one year's list of days, in list order (`at` is the index). */
export function scheduleProblems(year: number, days: readonly ScheduleDay[]): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const seen = new Map<string, number>();
  days.forEach((day, at) => {
    if (!isIsoDate(day.date)) {
      problems.push({ at, field: 'date', message: `${day.date} is not a calendar date (YYYY-MM-DD).`, messageZh: `${day.date} 不是有效日期（YYYY-MM-DD）。` });
      return;
    }
    if (Number(day.date.slice(0, 4)) !== year) {
      problems.push({ at, field: 'date', message: `${day.date} is not in ${year}.`, messageZh: `${day.date} 不在 ${year} 年内。` });
      return;
    }
    const first = seen.get(day.date);
    if (first !== undefined) {
      problems.push({ at, field: 'date', message: `${day.date} is listed twice.`, messageZh: `${day.date} 重复出现。` });
      return;
    }
    seen.set(day.date, at);
    const name = day.name.trim();
    if (name.length === 0 || name.length > MAX_NAME) {
      problems.push({ at, field: 'name', message: `Give the holiday's name (1–${MAX_NAME} characters).`, messageZh: `请填写节日名称（1–${MAX_NAME} 个字）。` });
      return;
    }
    const weekday = new Date(`${day.date}T00:00:00Z`).getUTCDay();
    if (day.kind === 'makeupWorkday' && weekday !== 0 && weekday !== 6) {
      problems.push({
        at,
        field: 'kind',
        message: `${day.date} is a weekday: a makeup working day falls on a Saturday or Sunday.`,
        messageZh: `${day.date} 本是工作日，调休上班日应为周六或周日。`,
      });
    }
  });
  return problems;
}

const KINDS: Record<string, DayKind> = {
  holiday: 'holiday',
  休: 'holiday',
  workday: 'makeupWorkday',
  makeupworkday: 'makeupWorkday',
  班: 'makeupWorkday',
};

/** Reads a schedule file for `year`. Problems carry the line number. */
export function parseScheduleText(year: number, text: string): { days: ScheduleDay[]; problems: ScheduleProblem[] } {
  const days: ScheduleDay[] = [];
  const lineOf: number[] = [];
  const problems: ScheduleProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line === '' || line.startsWith('#') || /^date\s*[,，]/i.test(line)) return;
    const cells = line.split(/[,，]/).map((c) => c.trim());
    if (cells.length !== 3) {
      problems.push({ at: n, field: 'line', message: 'Write date,kind,name (three fields).', messageZh: '应为“日期,类型,名称”三项。' });
      return;
    }
    const [date, kindText, name] = cells as [string, string, string];
    const kind = KINDS[kindText.toLowerCase()];
    if (!kind) {
      problems.push({
        at: n,
        field: 'kind',
        message: `Kind "${kindText.slice(0, 20)}" is neither holiday nor workday.`,
        messageZh: `类型“${kindText.slice(0, 20)}”应为 holiday（休）或 workday（班）。`,
      });
      return;
    }
    days.push({ date, kind, name });
    lineOf.push(n);
  });
  for (const p of scheduleProblems(year, days)) problems.push({ ...p, at: lineOf[p.at] ?? 0 });
  problems.sort((a, b) => a.at - b.at);
  if (days.length === 0 && problems.length === 0) {
    problems.push({ at: 1, field: 'line', message: 'The file lists no days.', messageZh: '文件中没有任何日期。' });
  }
  return { days, problems };
}
