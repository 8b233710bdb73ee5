import { Alert, Button, Card, Descriptions, Form, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveRouting } from '../../api/client';
import type { RoutingResolution, StepDue } from '../../api/types';
import { useLang } from '../../i18n';
import { DivisionSelect } from '../shared/division-select';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import type { MatterChoice } from './rule-modal';

/**
 * 派遣试算: which rule a report of this matter from this community would follow, and the due time of
 * each step if it were reported now and every step took its whole limit.
 */
export function ResolvePanel({ matters }: { matters: readonly MatterChoice[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<{ matterCode: string; divisionCode: string }>();
  const [result, setResult] = useState<RoutingResolution | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(values: { matterCode: string; divisionCode: string }) {
    setBusy(true);
    setError(null);
    try {
      setResult(await resolveRouting(values.matterCode, values.divisionCode));
    } catch (caught) {
      setResult(null);
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const rule = result?.rule;
  return (
    <Card size="small" title={t('routing.resolve')} className="routing-resolve" data-testid="routing-resolve">
      <Typography.Paragraph type="secondary">{t('routing.resolveHint')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={run}>
        <Form.Item name="matterCode" rules={[{ required: true, message: t('routing.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('routing.matter')}
            style={{ width: 240 }}
            options={matters.map((m) => ({ value: m.code, label: `${m.code} ${m.name}` }))}
            data-testid="resolve-matter"
          />
        </Form.Item>
        <Form.Item name="divisionCode" rules={[{ required: true, message: t('routing.required') }]}>
          <DivisionSelect placeholder={t('routing.community')} style={{ width: 260 }} testId="resolve-community" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="resolve-run">
            {t('routing.compute')}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert className="form-alert routing-resolve-result" error={error} />
      {result && (
        <div className="routing-resolve-result" data-testid="resolve-result">
          {rule ? (
            <Descriptions
              size="small"
              column={2}
              bordered
              items={[
                { key: 'scope', label: t('routing.appliedScope'), children: rule.scopeName },
                { key: 'lead', label: t('routing.lead'), children: rule.leadUnit.name },
                { key: 'assist', label: t('routing.assist'), children: rule.assistUnits.map((u) => u.name).join('、') || t('common.none') },
                { key: 'post', label: t('routing.post'), children: rule.post || t('common.none') },
                { key: 'closing', label: t('routing.closingConditions'), children: rule.closingConditions || t('common.none'), span: 2 },
              ]}
            />
          ) : (
            <Alert type="warning" showIcon title={t('routing.noRule', { matter: result.matterName, community: result.divisionName })} />
          )}
          {result.steps.length > 0 && (
            <Table<StepDue>
              rowKey="step"
              size="small"
              pagination={false}
              style={{ marginTop: 12 }}
              dataSource={result.steps}
              data-testid="resolve-steps"
              columns={[
                { title: t('routing.step'), dataIndex: 'step', render: (s: StepDue['step']) => t(`routing.steps.${s}`) },
                { title: t('routing.limit'), key: 'limit', render: (_, s) => `${s.amount} ${t(`routing.units.${s.unit}`)}` },
                { title: t('routing.startsAt'), dataIndex: 'startsAt', render: (v: string) => formatDateTime(v, lang) },
                {
                  title: t('routing.dueAt'),
                  key: 'dueAt',
                  render: (_, s) => (
                    <>
                      {formatDateTime(s.dueAt, lang)} {s.provisional && <Tag color="orange">{t('routing.provisional')}</Tag>}
                    </>
                  ),
                },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
