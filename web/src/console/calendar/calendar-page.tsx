import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Input, InputNumber, Row, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCalendar, getCalendarYear, importCalendarYear, previewDeadline, replaceCalendarYear, updateWorkingHours } from '../../api/client';
import type { CalendarStatus, CalendarYear, Deadline, DeadlineUnit, ScheduleDay, WorkCalendar, WorkSession } from '../../api/types';
import { useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { useSession } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';
import { YearGrid } from './year-grid';
import './calendar.css';

const statusColour: Record<CalendarStatus, string> = { chineseDays: 'green', centre: 'blue', none: 'warning' };

/** 工作日历: the city's working hours and each year's holidays and makeup working days; the city centre edits them. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { can } = useSession();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const manage = can('calendar.manage');
  const [calendar, setCalendar] = useState<WorkCalendar | null>(null);
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [detail, setDetail] = useState<CalendarYear | null>(null);
  const [draft, setDraft] = useState<Map<string, ScheduleDay> | null>(null);
  const [dayName, setDayName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const loadCalendar = useCallback(async () => {
    try {
      setCalendar(await getCalendar());
    } catch (caught) {
      setError(caught);
    }
  }, []);
  const loadYear = useCallback(async (y: number) => {
    try {
      setDetail(await getCalendarYear(y));
      setDraft(null);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => {
    void loadCalendar();
  }, [loadCalendar]);
  useEffect(() => {
    void loadYear(year);
  }, [loadYear, year]);

  const days = useMemo(() => draft ?? new Map((detail?.days ?? []).map((d) => [d.date, d])), [draft, detail]);

  function clickDay(date: string, weekend: boolean) {
    const next = new Map(days);
    if (next.has(date)) next.delete(date);
    else {
      if (!dayName.trim()) {
        void message.warning(t('calendar.dayNameRequired'));
        return;
      }
      next.set(date, { date, kind: weekend ? 'makeupWorkday' : 'holiday', name: dayName.trim() });
    }
    setDraft(next);
  }

  async function afterChange(saved: CalendarYear, text: string) {
    setDetail(saved);
    setDraft(null);
    setError(null);
    void message.success(text);
    await loadCalendar();
  }

  async function save() {
    if (!draft) return;
    setBusy(true);
    try {
      const list = [...draft.values()].sort((a, b) => a.date.localeCompare(b.date));
      await afterChange(await replaceCalendarYear(year, list), t('calendar.saved', { year }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function importFile(file: File) {
    setBusy(true);
    try {
      const saved = await importCalendarYear(year, await file.text());
      await afterChange(saved, t('calendar.imported', { year, count: saved.days.length }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const summary = calendar?.years.find((y) => y.year === year);
  const yearOptions = (calendar?.years ?? [])
    .slice()
    .reverse()
    .map((y) => ({ value: y.year, label: `${y.year} · ${t(`calendar.status.${y.status}`)}` }));

  return (
    <div className="calendar-page" data-testid="calendar-page">
      <Typography.Title level={3}>{t('calendar.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('calendar.subtitle')}</Typography.Paragraph>
      {calendar?.warnings.map((w) => (
        <Alert
          key={w.year}
          className="calendar-warning"
          type="warning"
          showIcon
          data-testid="calendar-warning"
          title={t('calendar.noScheduleTitle', { year: w.year })}
          description={lang === 'en' ? w.message : w.messageZh}
          action={
            year !== w.year && (
              <Button size="small" onClick={() => setYear(w.year)} data-testid={`calendar-warning-open-${w.year}`}>
                {w.year}
              </Button>
            )
          }
        />
      ))}
      <ErrorAlert className="calendar-warning" error={error} data-testid="calendar-error" />
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card
            title={
              <Space>
                <Select value={year} options={yearOptions} onChange={setYear} style={{ width: 240 }} data-testid="calendar-year" />
                {summary && (
                  <Tag color={statusColour[summary.status]} data-testid="calendar-year-status" data-status={summary.status}>
                    {t(`calendar.status.${summary.status}`)}
                  </Tag>
                )}
                {detail && <Typography.Text type="secondary">{t('calendar.workingDays', { count: detail.workingDays })}</Typography.Text>}
              </Space>
            }
            extra={
              detail?.loadedAt && <Typography.Text type="secondary">{`${t('calendar.loadedAt')} ${formatDateTime(detail.loadedAt, lang)}`}</Typography.Text>
            }
          >
            {detail?.warning && (
              <Alert
                className="calendar-warning"
                type="warning"
                showIcon
                title={lang === 'en' ? detail.warning.message : detail.warning.messageZh}
                data-testid="year-warning"
              />
            )}
            <div className="calendar-legend">
              {(['working', 'weekend', 'holiday', 'makeupWorkday'] as const).map((k) => (
                <span key={k}>
                  <span className={`swatch day-${k}`} />
                  {t(`calendar.legend.${k}`)}
                </span>
              ))}
            </div>
            <YearGrid year={year} days={days} onDayClick={manage ? clickDay : undefined} />
          </Card>
        </Col>
        <Col xs={24} xl={7} className="calendar-side">
          <HoursCard calendar={calendar} manage={manage} onSaved={setCalendar} />
          {manage && (
            <Card title={t('calendar.editor', { year })} data-testid="calendar-editor">
              <Typography.Paragraph type="secondary" className="hint">
                {t('calendar.editorHint')}
              </Typography.Paragraph>
              <Input
                placeholder={t('calendar.dayName')}
                value={dayName}
                onChange={(e) => setDayName(e.target.value)}
                maxLength={30}
                data-testid="calendar-day-name"
              />
              <Table<ScheduleDay>
                size="small"
                rowKey="date"
                style={{ marginTop: 12 }}
                pagination={{ pageSize: 8, size: 'small' }}
                dataSource={[...days.values()].sort((a, b) => a.date.localeCompare(b.date))}
                columns={[
                  { key: 'date', dataIndex: 'date', title: t('calendar.date') },
                  { key: 'kind', dataIndex: 'kind', title: t('calendar.kind'), render: (k: ScheduleDay['kind']) => t(`calendar.legend.${k}`) },
                  { key: 'name', dataIndex: 'name', title: t('calendar.name') },
                  {
                    key: 'remove',
                    render: (_, d) => (
                      <Button
                        size="small"
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('calendar.remove')}
                        onClick={() => {
                          const next = new Map(days);
                          next.delete(d.date);
                          setDraft(next);
                        }}
                      />
                    ),
                  },
                ]}
              />
              <Space wrap>
                <Button type="primary" disabled={!draft} loading={busy} onClick={() => void save()} data-testid="calendar-save">
                  {t('calendar.save')}
                </Button>
                <Button disabled={!draft} onClick={() => setDraft(null)}>
                  {t('calendar.reset')}
                </Button>
                <Upload
                  accept=".csv,.txt,text/plain,text/csv"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void importFile(file);
                    return false;
                  }}
                  data-testid="calendar-import"
                >
                  <Button icon={<UploadOutlined />} loading={busy}>
                    {t('calendar.importFile')}
                  </Button>
                </Upload>
              </Space>
              <Typography.Paragraph type="secondary" className="hint" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('calendar.importHint')}
              </Typography.Paragraph>
            </Card>
          )}
          <DeadlineCard errorText={errorText} />
        </Col>
      </Row>
    </div>
  );
}

function HoursCard({ calendar, manage, onSaved }: { calendar: WorkCalendar | null; manage: boolean; onSaved: (c: WorkCalendar) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<WorkSession[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!calendar) return <Card loading title={t('calendar.hours')} />;
  async function save() {
    if (!editing) return;
    try {
      onSaved(await updateWorkingHours(editing));
      setEditing(null);
      setError(null);
      void message.success(t('calendar.hoursSaved'));
    } catch (caught) {
      setError(caught);
    }
  }
  const set = (i: number, field: keyof WorkSession, value: string) => setEditing((s) => (s ?? []).map((x, j) => (j === i ? { ...x, [field]: value } : x)));
  return (
    <Card
      title={t('calendar.hours')}
      data-testid="calendar-hours"
      extra={
        manage &&
        !editing && (
          <Button size="small" onClick={() => setEditing(calendar.sessions)}>
            {t('calendar.editHours')}
          </Button>
        )
      }
    >
      {editing ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {editing.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: sessions are edited in place by position
            <Space key={i}>
              <Input value={s.start} onChange={(e) => set(i, 'start', e.target.value)} style={{ width: 80 }} />
              –
              <Input value={s.end} onChange={(e) => set(i, 'end', e.target.value)} style={{ width: 80 }} />
              <Button type="text" icon={<DeleteOutlined />} disabled={editing.length === 1} onClick={() => setEditing(editing.filter((_, j) => j !== i))} />
            </Space>
          ))}
          <ErrorAlert error={error} />
          <Space>
            <Button icon={<PlusOutlined />} disabled={editing.length >= 4} onClick={() => setEditing([...editing, { start: '', end: '' }])}>
              {t('calendar.addSession')}
            </Button>
            <Button type="primary" onClick={() => void save()}>
              {t('common.save')}
            </Button>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
          </Space>
        </Space>
      ) : (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('calendar.hours')}>{calendar.sessions.map((s) => `${s.start}–${s.end}`).join('，')}</Descriptions.Item>
          <Descriptions.Item label={t('calendar.timeZone')}>{calendar.timeZone}</Descriptions.Item>
          <Descriptions.Item label={t('calendar.workingDay')}>{t('calendar.hoursPerDay', { hours: calendar.hoursPerDay })}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function DeadlineCard({ errorText }: { errorText: (e: unknown) => string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [start, setStart] = useState(() => {
    const now = new Date(Date.now() + 8 * 3_600_000);
    return now.toISOString().slice(0, 16);
  });
  const [amount, setAmount] = useState<number | null>(3);
  const [unit, setUnit] = useState<DeadlineUnit>('workingDays');
  const [result, setResult] = useState<Deadline | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  async function compute() {
    try {
      setResult(await previewDeadline(`${start}:00+08:00`, amount ?? 0, unit));
      setProblem(null);
    } catch (caught) {
      setResult(null);
      setProblem(errorText(caught));
    }
  }
  return (
    <Card title={t('calendar.deadline')} data-testid="calendar-deadline">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} aria-label={t('calendar.start')} />
        <Space.Compact style={{ width: '100%' }}>
          <InputNumber min={0} max={10000} value={amount} onChange={setAmount} aria-label={t('calendar.amount')} style={{ width: '40%' }} />
          <Select
            value={unit}
            onChange={setUnit}
            style={{ width: '60%' }}
            options={(['workingHours', 'workingDays', 'naturalHours'] as const).map((u) => ({ value: u, label: t(`calendar.unit.${u}`) }))}
          />
        </Space.Compact>
        <Button onClick={() => void compute()}>{t('calendar.compute')}</Button>
        {problem && <Alert type="error" showIcon title={problem} />}
        {result && (
          <div data-testid="calendar-deadline-result">
            <Typography.Text strong>{`${t('calendar.dueAt')}：${formatDateTime(result.dueAt, lang)}`}</Typography.Text>{' '}
            {result.provisional && (
              <Tag color="warning" title={t('calendar.provisionalHint')}>
                {t('calendar.provisional')}
              </Tag>
            )}
          </div>
        )}
      </Space>
    </Card>
  );
}
