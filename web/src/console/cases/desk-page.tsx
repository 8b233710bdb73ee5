// 派遣台, the centres' dispatch desk (/desk): new reports and cases with requests waiting for a decision
// (GET /api/cases?view=desk), and beside them the selected case with the routing suggestion, possible
// duplicates and the actions. "新建事件" registers a hotline call or a walk-in.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useCaseColumns } from './case-columns';
import { CaseListTable, useCaseList } from './case-list';
import { CasePanel } from './case-panel';
import { NewCaseModal } from './new-case-modal';
import './cases.css';

export default function DeskPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const list = useCaseList('desk');
  const [creating, setCreating] = useState(false);
  const col = useCaseColumns();

  return (
    <div className="case-list-page" data-testid="desk-page">
      <div className="case-list-main">
        <Card
          title={t('cases.desk.title')}
          extra={
            <Space>
              <Input.Search allowClear placeholder={t('cases.search')} onSearch={list.search} style={{ width: 220 }} data-testid="desk-search" />
              <Button icon={<ReloadOutlined />} onClick={list.reloadAll} aria-label={t('cases.refresh')} />
              {can('case.report') && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="desk-new-case">
                  {t('cases.desk.newCase')}
                </Button>
              )}
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('cases.desk.subtitle')}</Typography.Paragraph>
          <ErrorAlert error={list.error} onRetry={list.reload} />
          <CaseListTable list={list} columns={[col.case, col.status, col.light, col.place, col.pending]} rowTestId="desk-row-" testId="desk-table" />
        </Card>
      </div>
      <div className="case-list-side">
        <CasePanel id={list.selected} mode="desk" refresh={list.refresh} onChanged={list.reload} />
      </div>
      <NewCaseModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          list.select(c.id);
          list.reload();
        }}
      />
    </div>
  );
}
