// 本单位事件 (/unit-cases): the open cases dispatched to the department's unit and its sub-units
// (GET /api/cases?view=unit), with deadline lights; the selected case beside the list with the
// unit's actions (claim, feed back, return, extension, suspension).
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../shared/error-alert';
import { useCaseColumns } from './case-columns';
import { CaseListTable, useCaseList } from './case-list';
import { CasePanel } from './case-panel';
import './cases.css';

export default function UnitCasesPage() {
  const { t } = useTranslation();
  const list = useCaseList('unit');
  const col = useCaseColumns();

  return (
    <div className="case-list-page" data-testid="unit-cases-page">
      <div className="case-list-main">
        <Card
          title={t('cases.unit.title')}
          extra={
            <Space>
              <Input.Search allowClear placeholder={t('cases.search')} onSearch={list.search} style={{ width: 220 }} />
              <Button icon={<ReloadOutlined />} onClick={list.reloadAll} aria-label={t('cases.refresh')} />
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('cases.unit.subtitle')}</Typography.Paragraph>
          <ErrorAlert error={list.error} onRetry={list.reload} />
          <CaseListTable list={list} columns={[col.case, col.status, col.light, col.place, col.flags]} rowTestId="unit-row-" testId="unit-table" />
        </Card>
      </div>
      <div className="case-list-side">
        <CasePanel id={list.selected} mode="unit" refresh={list.refresh} onChanged={list.reload} />
      </div>
    </div>
  );
}
