import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScheduleDay } from '../../api/types';

interface Props {
  year: number;
  /** Overrides by date. */
  days: Map<string, ScheduleDay>;
  /** Set: days are clickable (the centre's editor). */
  onDayClick?: (date: string, weekend: boolean) => void;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** Twelve month grids, Monday first: working days, weekends, holidays and makeup working days. */
export function YearGrid({ year, days, onDayClick }: Props) {
  const { t } = useTranslation();
  const weekdays = t('calendar.weekdays').split(',');
  return (
    <div className="year-grid" data-testid="year-grid">
      {MONTHS.map((m) => {
        const first = new Date(Date.UTC(year, m, 1));
        const length = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
        const lead = (first.getUTCDay() + 6) % 7;
        return (
          <div className="month" key={`${year}-${m}`}>
            <div className="month-title">{t('calendar.month', { month: m + 1 })}</div>
            <div className="month-days">
              {weekdays.map((w) => (
                <div key={w} className="weekday">
                  {w}
                </div>
              ))}
              {Array.from({ length: lead }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: blank cells before the 1st have no identity
                <div key={`lead-${i}`} />
              ))}
              {Array.from({ length }, (_, i) => {
                const date = `${year}-${pad(m + 1)}-${pad(i + 1)}`;
                const weekday = new Date(Date.UTC(year, m, i + 1)).getUTCDay();
                const weekend = weekday === 0 || weekday === 6;
                const override = days.get(date);
                const kind = override?.kind ?? (weekend ? 'weekend' : 'working');
                const cell = (
                  <button
                    key={date}
                    type="button"
                    className={`day day-${kind}`}
                    data-date={date}
                    data-kind={kind}
                    disabled={!onDayClick}
                    onClick={() => onDayClick?.(date, weekend)}
                  >
                    {i + 1}
                    {override?.kind === 'makeupWorkday' && <span className="day-mark">班</span>}
                    {override?.kind === 'holiday' && <span className="day-mark">休</span>}
                  </button>
                );
                return override ? (
                  <Tooltip key={date} title={`${date} ${override.name}`}>
                    {cell}
                  </Tooltip>
                ) : (
                  <span key={date}>{cell}</span>
                );
              })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
