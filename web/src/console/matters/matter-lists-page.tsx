import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { draftMatterList, getMatterList, listMatterLists, publishMatterList, removeMatter } from '../../api/client';
import type { Matter, MatterList, MatterListStatus, MatterListSummary } from '../../api/types';
import { useBilingual, useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';
import { formatDateTime } from '../shared/format';
import { useSession } from '../shared/session';
import { MatterModal } from './matter-modal';

const statusColour: Record<MatterListStatus, string> = { draft: 'orange', published: 'green', superseded: 'default' };

/** 网格事项准入清单 (Art. 12): its versions; the city centre drafts, edits and publishes the next one. */
export default function MatterListsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const bilingual = useBilingual();
  const { can } = useSession();
  const { message } = App.useApp();
  const manage = can('matter.manage');
  const [versions, setVersions] = useState<MatterListSummary[]>([]);
  const [selected, setSelected] = useState<MatterList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [modal, setModal] = useState<{ editing: Matter | null } | null>(null);

  const load = useCallback(async (id?: string) => {
    try {
      const { items } = await listMatterLists();
      setVersions(items);
      const pick = id ?? (items.find((l) => l.status === 'draft') ?? items.find((l) => l.status === 'published'))?.id;
      setSelected(pick ? await getMatterList(pick) : null);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(run: () => Promise<MatterList | null>, done: string) {
    setBusy(true);
    try {
      const list = await run();
      await load(list?.id ?? selected?.id);
      void message.success(done);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const editable = manage && selected?.status === 'draft';
  const hasDraft = versions.some((l) => l.status === 'draft');

  return (
    <div data-testid="matter-lists-page">
      <Typography.Title level={3}>{t('matters.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('matters.subtitle')}</Typography.Paragraph>
      <ErrorAlert className="form-alert" error={error} onRetry={() => void load(selected?.id)} />
      <Card
        title={t('matters.versions')}
        size="small"
        extra={
          manage &&
          !hasDraft && (
            <Button icon={<PlusOutlined />} loading={busy} onClick={() => void act(() => draftMatterList(), t('matters.drafted'))} data-testid="matter-draft">
              {t('matters.draft')}
            </Button>
          )
        }
      >
        <Table<MatterListSummary>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={versions}
          data-testid="matter-versions"
          rowClassName={(l) => (l.id === selected?.id ? 'ant-table-row-selected' : '')}
          onRow={(l) => ({ onClick: () => void load(l.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('matters.version'), dataIndex: 'version', width: 80, render: (v: number) => t('matters.versionN', { version: v }) },
            {
              title: t('matters.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: MatterListStatus) => <Tag color={statusColour[s]}>{t(`matters.statuses.${s}`)}</Tag>,
            },
            { title: t('matters.count'), dataIndex: 'matterCount', width: 80 },
            { title: t('matters.note'), dataIndex: 'note' },
            {
              title: t('matters.publishedAt'),
              dataIndex: 'publishedAt',
              render: (at: string | null, l) => (at ? `${formatDateTime(at, lang)} ${l.publishedByName ?? ''}` : '—'),
            },
          ]}
        />
      </Card>
      {selected && (
        <Card
          className="matter-detail"
          style={{ marginTop: 16 }}
          size="small"
          title={
            <Space>
              {t('matters.versionN', { version: selected.version })}
              <Tag color={statusColour[selected.status]}>{t(`matters.statuses.${selected.status}`)}</Tag>
            </Space>
          }
          extra={
            editable && (
              <Space>
                <Button icon={<PlusOutlined />} onClick={() => setModal({ editing: null })} data-testid="matter-add">
                  {t('matters.addMatter')}
                </Button>
                <Popconfirm
                  title={t('matters.publishConfirm', { version: selected.version })}
                  onConfirm={() => void act(() => publishMatterList(selected.id), t('matters.published'))}
                >
                  <Button type="primary" loading={busy} data-testid="matter-publish">
                    {t('matters.publish')}
                  </Button>
                </Popconfirm>
              </Space>
            )
          }
        >
          {!editable && manage && <Typography.Paragraph type="secondary">{t('matters.frozenHint')}</Typography.Paragraph>}
          <Table<Matter>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={selected.matters}
            data-testid="matter-table"
            columns={[
              { title: t('matters.code'), dataIndex: 'code', width: 90 },
              {
                title: t('matters.name'),
                dataIndex: 'name',
                render: (name: string, m) =>
                  m.urgent ? (
                    <Space>
                      {name}
                      <Tag color="red">{t('matters.urgent')}</Tag>
                    </Space>
                  ) : (
                    name
                  ),
              },
              { title: t('matters.category'), dataIndex: 'category', width: 100 },
              { title: t('matters.department'), dataIndex: 'departmentName' },
              { title: t('matters.powerKind'), dataIndex: 'powerKindName', width: 110, render: (n: Matter['powerKindName']) => bilingual(n) },
              {
                title: t('matters.attributes.title'),
                dataIndex: 'attributes',
                render: (attributes: Matter['attributes']) =>
                  attributes.length === 0 ? (
                    <Typography.Text type="secondary">{t('matters.attributes.none')}</Typography.Text>
                  ) : (
                    <Space size={4} wrap data-testid="matter-attribute-tags">
                      {attributes.map((a) => (
                        <Tag key={a.code} title={`${a.code} · ${t(`matters.attributes.datatypes.${a.datatype}`)}`}>
                          {a.description}
                          {a.required ? ' *' : ''}
                        </Tag>
                      ))}
                    </Space>
                  ),
              },
              ...(editable
                ? [
                    {
                      title: t('matters.actions'),
                      key: 'actions',
                      width: 130,
                      render: (_: unknown, m: Matter) => (
                        <Space>
                          <Button size="small" type="link" onClick={() => setModal({ editing: m })}>
                            {t('common.edit')}
                          </Button>
                          <Popconfirm
                            title={t('matters.removeConfirm', { name: m.name })}
                            onConfirm={() =>
                              void act(async () => {
                                await removeMatter(selected.id, m.code);
                                return null;
                              }, t('matters.removed'))
                            }
                          >
                            <Button size="small" type="link" danger>
                              {t('matters.remove')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      {selected && editable && (
        <MatterModal
          listId={selected.id}
          editing={modal?.editing ?? null}
          open={modal !== null}
          onClose={() => setModal(null)}
          onSaved={(list) => {
            setModal(null);
            setSelected(list);
            void load(list.id);
            void message.success(t('matters.saved'));
          }}
        />
      )}
    </div>
  );
}
