import { Alert, Button, Descriptions, Input, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getPublicMatters } from '../api/client';
import type { PublicMatter, PublicMatterList } from '../api/types';
import { Brand } from '../console/layout/brand';
import { ErrorAlert } from '../console/shared/error-alert';
import { formatDateTime } from '../console/shared/format';
import { LanguageSwitch } from '../console/shared/language-switch';
import { useBilingual, useLang } from '../i18n';
import './public.css';

/** 网格事项准入清单, published to society (Art. 12): no sign-in. */
export default function PublicMattersPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const bilingual = useBilingual();
  const [list, setList] = useState<PublicMatterList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<string | undefined>();

  const load = useCallback(async () => {
    setError(null);
    try {
      setList(await getPublicMatters());
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const categories = useMemo(() => [...new Set((list?.matters ?? []).map((m) => m.category))], [list]);
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (list?.matters ?? []).filter(
      (m) => (!category || m.category === category) && (!q || [m.code, m.name, m.description, m.departmentName].some((text) => text.toLowerCase().includes(q))),
    );
  }, [list, search, category]);

  return (
    <div className="public-page" data-testid="public-matters">
      <header className="public-topbar">
        <Brand />
        <Space>
          <LanguageSwitch size="small" />
          <Link to="/login">
            <Button size="small">{t('publicMatters.staffLogin')}</Button>
          </Link>
        </Space>
      </header>
      <main className="public-main">
        <Typography.Title level={2}>{t('publicMatters.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('publicMatters.subtitle')}</Typography.Paragraph>
        <ErrorAlert error={error} onRetry={() => void load()} />
        {!list && !error && <Spin />}
        {list && (
          <>
            <Alert
              type="info"
              showIcon
              data-testid="public-matters-version"
              title={t('publicMatters.version', { version: list.version, date: formatDateTime(list.publishedAt, lang), count: list.matters.length })}
            />
            <Space className="public-filters" wrap>
              <Input.Search
                allowClear
                placeholder={t('publicMatters.search')}
                onChange={(e) => setSearch(e.target.value)}
                style={{ width: 280 }}
                data-testid="public-matters-search"
              />
              <Select
                allowClear
                placeholder={t('publicMatters.category')}
                value={category}
                onChange={setCategory}
                options={categories.map((c) => ({ value: c, label: c }))}
                style={{ width: 180 }}
                data-testid="public-matters-category"
              />
            </Space>
            <Table<PublicMatter>
              rowKey="code"
              dataSource={shown}
              pagination={false}
              data-testid="public-matters-table"
              expandable={{
                expandedRowRender: (m) => (
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label={t('matters.description')}>{m.description || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('matters.legalBasis')}>{m.legalBasis || '—'}</Descriptions.Item>
                  </Descriptions>
                ),
              }}
              columns={[
                { title: t('matters.code'), dataIndex: 'code', width: 100 },
                {
                  title: t('matters.name'),
                  dataIndex: 'name',
                  render: (name: string, m) => (
                    <Space>
                      {name}
                      {m.urgent && <Tag color="red">{t('matters.urgent')}</Tag>}
                    </Space>
                  ),
                },
                { title: t('matters.category'), dataIndex: 'category', width: 120 },
                { title: t('matters.department'), dataIndex: 'departmentName' },
                { title: t('matters.powerKind'), dataIndex: 'powerKindName', width: 140, render: (n: PublicMatter['powerKindName']) => bilingual(n) },
              ]}
            />
          </>
        )}
      </main>
    </div>
  );
}
