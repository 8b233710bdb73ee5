import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteRoutingRule, getMatterList, getRoutingAnalysis, listMatterLists, listRoutingRules, listUnits } from '../../api/client';
import { type RoutingAnalysis, type RoutingConflict, type RoutingGap, type RoutingRule, type Unit, timedSteps } from '../../api/types';
import { useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';
import { useMe, useSession } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';
import { type MatterChoice, RuleModal } from './rule-modal';
import { ResolvePanel } from './resolve-panel';
import { type ScopeOption, divisionPrefix, loadScopes } from './routing-shared';
import './routing.css';

interface Row extends MatterChoice {
  published: boolean;
  rules: RoutingRule[];
  gaps: RoutingGap[];
  conflicts: RoutingConflict[];
}

const scopeColour = ['', 'blue', 'geekblue', 'purple'];

/**
 * 联动处置清单 (Art. 14): each published matter with its rules by scope, the gaps (a matter with no
 * owner somewhere) and conflicts shown first; the city and district centres add, change and delete
 * rules of their area; a preview resolves a community.
 */
export default function RoutingPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const { can } = useSession();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const manage = can('routing.manage');
  const prefix = divisionPrefix(me.scope.division.code);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [analysis, setAnalysis] = useState<RoutingAnalysis | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [scopes, setScopes] = useState<ScopeOption[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [modal, setModal] = useState<{ matter: MatterChoice | null; editing: RoutingRule | null } | null>(null);

  const load = useCallback(async () => {
    try {
      const [{ items: versions }, { items: rules }, found] = await Promise.all([listMatterLists(), listRoutingRules(), getRoutingAnalysis()]);
      const published = versions.find((v) => v.status === 'published');
      const matters = published ? (await getMatterList(published.id)).matters : [];
      const byCode = new Map<string, Row>(
        matters.map((m) => [m.code, { code: m.code, name: m.name, urgent: m.urgent, published: true, rules: [], gaps: [], conflicts: [] }]),
      );
      // Rules whose matter is not published (only in the draft, or removed) still show, flagged.
      for (const r of rules) {
        if (!byCode.has(r.matterCode)) {
          byCode.set(r.matterCode, {
            code: r.matterCode,
            name: r.matterName ?? r.matterCode,
            urgent: false,
            published: false,
            rules: [],
            gaps: [],
            conflicts: [],
          });
        }
        byCode.get(r.matterCode)?.rules.push(r);
      }
      for (const g of found.gaps) byCode.get(g.matterCode)?.gaps.push(g);
      for (const c of found.conflicts) byCode.get(c.matterCode)?.conflicts.push(c);
      setRows([...byCode.values()].sort((a, b) => a.code.localeCompare(b.code)));
      setAnalysis(found);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!manage) return;
    listUnits()
      .then((page) => setUnits(page.items))
      .catch(() => setUnits([]));
    loadScopes(me.scope.division)
      .then(setScopes)
      .catch(() => setScopes([]));
  }, [manage, me.scope.division]);

  async function remove(rule: RoutingRule) {
    try {
      await deleteRoutingRule(rule.id);
      void message.success(t('routing.deleted'));
      await load();
    } catch (caught) {
      void message.error(errorText(caught));
    }
  }

  const mine = (rule: RoutingRule) => manage && rule.scopeCode.startsWith(prefix);
  const limitsText = (rule: RoutingRule) =>
    timedSteps.map((s) => `${t(`routing.steps.${s}`)} ${rule.limits[s].amount}${t(`routing.unitsShort.${rule.limits[s].unit}`)}`).join(' · ');
  const problems = (analysis?.gaps.length ?? 0) + (analysis?.conflicts.length ?? 0);

  const ruleLine = (rule: RoutingRule, conflicts: RoutingConflict[]) => {
    const own = conflicts.filter((c) => c.ruleId === rule.id);
    return (
      <div key={rule.id} className="routing-rule" data-testid={`rule-${rule.matterCode}-${rule.scopeCode}`}>
        <Space wrap size={[6, 2]}>
          <Tag color={scopeColour[rule.scopeLevel]}>{rule.scopeName}</Tag>
          <Typography.Text strong>{rule.leadUnit.name}</Typography.Text>
          {rule.assistUnits.length > 0 && (
            <Tooltip title={rule.assistUnits.map((u) => u.name).join('、')}>
              <Typography.Text type="secondary">{t('routing.assistCount', { count: rule.assistUnits.length })}</Typography.Text>
            </Tooltip>
          )}
          {rule.autoDispatch && <Tag color="green">{t('routing.autoDispatch')}</Tag>}
          {own.map((c) => (
            <Tooltip key={c.kind} title={lang === 'en' ? c.message : c.messageZh}>
              <Tag color="orange">{t(`routing.conflictKinds.${c.kind}`)}</Tag>
            </Tooltip>
          ))}
          {mine(rule) && (
            <>
              <Button
                size="small"
                type="link"
                icon={<EditOutlined />}
                onClick={() => setModal({ matter: null, editing: rule })}
                aria-label={t('common.edit')}
              />
              <Popconfirm title={t('routing.deleteConfirm', { code: rule.matterCode, scope: rule.scopeName })} onConfirm={() => void remove(rule)}>
                <Button
                  size="small"
                  type="link"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('routing.delete')}
                  data-testid={`rule-delete-${rule.matterCode}-${rule.scopeCode}`}
                />
              </Popconfirm>
            </>
          )}
        </Space>
        <div className="routing-rule-limits">{limitsText(rule)}</div>
      </div>
    );
  };

  return (
    <div data-testid="routing-page">
      <Typography.Title level={3}>{t('routing.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('routing.subtitle')}</Typography.Paragraph>
      <ErrorAlert className="form-alert" error={error} onRetry={() => void load()} />
      {analysis &&
        (problems > 0 ? (
          <Alert
            className="form-alert"
            type="error"
            showIcon
            data-testid="routing-problems"
            title={t('routing.problems', { gaps: analysis.gaps.length, conflicts: analysis.conflicts.length })}
            description={
              <ul className="routing-problem-list">
                {analysis.gaps.map((g) => (
                  <li key={`gap-${g.matterCode}-${g.divisionCode}`}>
                    {t('routing.gapLine', { code: g.matterCode, name: g.matterName, area: g.divisionName })}
                  </li>
                ))}
                {analysis.conflicts.map((c) => (
                  <li key={`conflict-${c.ruleId}-${c.kind}`}>
                    {t('routing.conflictLine', { code: c.matterCode, scope: c.scopeName, message: lang === 'en' ? c.message : c.messageZh })}
                  </li>
                ))}
              </ul>
            }
          />
        ) : (
          <Alert
            className="form-alert"
            type="success"
            showIcon
            data-testid="routing-ok"
            title={analysis.matterListVersion === null ? t('routing.noList') : t('routing.ok', { version: analysis.matterListVersion })}
          />
        ))}
      <Card size="small" title={t('routing.listTitle')}>
        <Table<Row>
          rowKey="code"
          size="small"
          pagination={false}
          loading={rows === null && error === null}
          dataSource={rows ?? []}
          data-testid="routing-table"
          rowClassName={(row) => (row.gaps.length > 0 || row.conflicts.length > 0 ? 'routing-row-problem' : '')}
          columns={[
            { title: t('routing.code'), dataIndex: 'code', width: 90 },
            {
              title: t('routing.matter'),
              key: 'matter',
              width: 230,
              render: (_, row) => (
                <Space orientation="vertical" size={2}>
                  <Space wrap size={4}>
                    {row.name}
                    {row.urgent && <Tag color="red">{t('routing.urgent')}</Tag>}
                    {!row.published && <Tag>{t('routing.notPublished')}</Tag>}
                  </Space>
                  <Space wrap size={4}>
                    {row.gaps.map((g) => (
                      <Tag key={g.divisionCode} color="error" data-testid={`gap-${row.code}`}>
                        {t('routing.gapTag', { area: g.divisionName })}
                      </Tag>
                    ))}
                  </Space>
                </Space>
              ),
            },
            {
              title: t('routing.rules'),
              key: 'rules',
              render: (_, row) =>
                row.rules.length > 0 ? (
                  row.rules.map((r) => ruleLine(r, row.conflicts))
                ) : (
                  <Typography.Text type="secondary">{t('routing.noRules')}</Typography.Text>
                ),
            },
            ...(manage
              ? [
                  {
                    title: t('routing.actions'),
                    key: 'actions',
                    width: 110,
                    render: (_: unknown, row: Row) =>
                      row.published && (
                        <Button
                          size="small"
                          icon={<PlusOutlined />}
                          onClick={() => setModal({ matter: row, editing: null })}
                          data-testid={`rule-add-${row.code}`}
                        >
                          {t('routing.addRule')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <ResolvePanel matters={(rows ?? []).filter((r) => r.published)} />
      {manage && (
        <RuleModal
          open={modal !== null}
          matter={modal?.matter ?? (modal?.editing ? (rows?.find((r) => r.code === modal.editing?.matterCode) ?? null) : null)}
          editing={modal?.editing ?? null}
          scopes={scopes}
          units={units}
          onClose={() => setModal(null)}
          onSaved={() => {
            setModal(null);
            void message.success(t('routing.saved'));
            void load();
          }}
        />
      )}
    </div>
  );
}
