// The case page (/cases/:id), for everyone who may see the case: what, where (map), the photos, the
// units and their progress, the full timeline, requests, suspensions and supervision, and the actions
// the reader's capacity on the case allows.
import { Card, Descriptions, List, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { CaseActionBar } from './case-action-bar';
import { supervisionColour, useCaseLabels } from './case-labels';
import { CaseMap } from './case-map';
import { placePath } from './case-panel';
import { CasePhotos } from './case-photos';
import { CaseRequests } from './case-requests';
import { CaseFlags, CaseStatusTag, DeadlineLight } from './case-tags';
import { CaseTimeline } from './case-timeline';
import { useCase } from './use-case';
import type { CaseAttribute } from '../../api/types';
import './cases.css';

/** A report's answer: the names of the keys chosen for a list, the text (a date-time in the reader's form) otherwise. */
function AttributeAnswer({ a }: { a: CaseAttribute }) {
  const lang = useLang();
  if (a.valueNames.length > 0) return <span>{a.valueNames.join(lang === 'en' ? ', ' : '、')}</span>;
  const text = Array.isArray(a.value) ? a.value.join(', ') : a.value;
  if (a.datatype === 'datetime' && text.includes('T')) return <span title={text}>{formatDateTime(text, lang)}</span>;
  return <span className={a.datatype === 'text' ? 'case-attribute-text' : undefined}>{text}</span>;
}

export default function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const labels = useCaseLabels();
  const { data: c, error, reload, set } = useCase(id);

  if (!c) {
    return (
      <div className="case-page">
        <ErrorAlert error={error} onRetry={reload} />
        {!error && <Spin className="page-spin" />}
      </div>
    );
  }
  const none = <Typography.Text type="secondary">{t('cases.page.none')}</Typography.Text>;
  return (
    <div className="case-page" data-testid="case-page">
      <Card className="case-page-header">
        <Typography.Title level={4} className="case-page-title" data-testid="case-title">
          {c.title}
        </Typography.Title>
        <Space size={8} wrap className="case-page-tags">
          <Typography.Text copyable data-testid="case-number">
            {c.number}
          </Typography.Text>
          <CaseStatusTag status={c.status} />
          <DeadlineLight light={c.light} dueAt={c.dueAt} provisional={c.dueProvisional} />
          <CaseFlags c={c} />
          {c.duplicateOf && (
            <Link to={`/cases/${c.duplicateOf.id}`}>
              <Tag>{t('cases.duplicateOf', { number: c.duplicateOf.number })}</Tag>
            </Link>
          )}
        </Space>
        <ErrorAlert error={error} onRetry={reload} />
        <CaseActionBar c={c} onDone={set} />
      </Card>
      <div className="case-page-grid">
        <div className="case-page-column">
          <Card size="small" title={t('cases.page.map')}>
            <CaseMap c={c} name="case" className="case-map-large" />
          </Card>
          <Card size="small" title={t('cases.page.photos')}>
            <CasePhotos steps={c.steps} />
          </Card>
          <Card size="small" title={t('cases.page.timeline')}>
            <CaseTimeline steps={c.steps} />
          </Card>
        </div>
        <div className="case-page-column">
          <Card size="small" title={t('cases.page.details')}>
            <Descriptions
              size="small"
              column={1}
              data-testid="case-details"
              items={[
                {
                  key: 'matter',
                  label: t('cases.field.matter'),
                  children: c.matterCode ? (
                    <Space size={4} wrap>
                      <span>
                        {c.matterCode} {c.matterName}
                      </span>
                      {c.matterListVersion !== null && (
                        <Typography.Text type="secondary">（{t('cases.listVersion', { version: c.matterListVersion })}）</Typography.Text>
                      )}
                    </Space>
                  ) : (
                    none
                  ),
                },
                { key: 'place', label: t('cases.field.place'), children: placePath(c) },
                ...(c.gridCode ? [{ key: 'grid', label: t('cases.field.grid'), children: c.gridCode }] : []),
                ...(c.address ? [{ key: 'address', label: t('cases.field.address'), children: c.address }] : []),
                { key: 'source', label: t('cases.field.source'), children: labels.source(c.source) },
                { key: 'reporter', label: t('cases.field.reporter'), children: [c.reporterName, c.reporterContact].filter(Boolean).join(' ') || none },
                { key: 'created', label: t('cases.field.createdAt'), children: formatDateTime(c.createdAt, lang) },
                { key: 'handleDue', label: t('cases.field.handleDue'), children: c.handleDueAt ? formatDateTime(c.handleDueAt, lang) : none },
                ...(c.closedAt ? [{ key: 'closed', label: t('cases.field.closedAt'), children: formatDateTime(c.closedAt, lang) }] : []),
                ...(c.duplicates.length > 0
                  ? [
                      {
                        key: 'duplicates',
                        label: t('cases.duplicatesMerged'),
                        children: (
                          <Space size={4} wrap>
                            {c.duplicates.map((d) => (
                              <Link key={d.id} to={`/cases/${d.id}`}>
                                {d.number}
                              </Link>
                            ))}
                          </Space>
                        ),
                      },
                    ]
                  : []),
                { key: 'description', label: t('cases.field.description'), children: c.description || none },
              ]}
            />
          </Card>
          {c.attributes.length > 0 && (
            <Card size="small" title={t('cases.page.attributes')}>
              <Descriptions
                size="small"
                column={1}
                data-testid="case-attributes"
                items={c.attributes.map((a) => ({ key: a.code, label: a.description, children: <AttributeAnswer a={a} /> }))}
              />
            </Card>
          )}
          <Card size="small" title={t('cases.field.units')}>
            {c.assignments.length === 0 ? (
              none
            ) : (
              <List
                size="small"
                dataSource={c.assignments}
                data-testid="case-units"
                renderItem={(a) => (
                  <List.Item>
                    <Space size={4} wrap>
                      <Tag color={a.role === 'lead' ? 'blue' : 'default'}>{labels.unitRole(a.role)}</Tag>
                      <span>{a.unitName}</span>
                      <Tag>{labels.assignmentStatus(a.status)}</Tag>
                      <Typography.Text type="secondary">{formatDateTime(a.claimedAt ?? a.dispatchedAt, lang)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
          {c.requests.length > 0 && (
            <Card size="small" title={t('cases.page.requests')}>
              <CaseRequests c={c} onDone={set} titled={false} />
            </Card>
          )}
          <Card size="small" title={t('cases.page.pauses')}>
            {c.pauses.length === 0
              ? none
              : c.pauses.map((p) => (
                  <div key={p.from}>
                    {t('cases.page.paused', { from: formatDateTime(p.from, lang), to: p.to ? formatDateTime(p.to, lang) : t('cases.page.stillPaused') })}
                  </div>
                ))}
          </Card>
          <Card size="small" title={t('cases.page.supervisions')}>
            {c.supervisions.length === 0
              ? none
              : c.supervisions.map((s) => (
                  <div key={s.createdAt}>
                    <Tag color={supervisionColour[s.level] ?? 'blue'}>{labels.supervision(s.level)}</Tag>
                    {formatDateTime(s.createdAt, lang)} {s.opinion}
                  </div>
                ))}
          </Card>
        </div>
      </div>
    </div>
  );
}
