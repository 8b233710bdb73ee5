import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Progress, Radio, Select, Space, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportUrl, getImport, importReportUrl, importTemplateUrl, listImportErrors, startImport } from '../../api/base-client';
import {
  type BaseImport,
  type ExportRegistry,
  exportRegistries,
  type ImportMode,
  type ImportProblem,
  type ImportRegistry,
  importRegistries,
} from '../../api/base-types';
import type { Page } from '../../api/types';
import { useLang } from '../../i18n';
import { ErrorAlert } from '../shared/error-alert';
import { useSession } from '../shared/session';
import { useBaseOptions } from './base-labels';
import { FilterBar, type ListQuery, PagedTable, useListQuery } from './registry-list';

const settled = new Set(['invalid', 'done', 'failed']);
const statusColours: Record<string, string> = {
  queued: 'default',
  validating: 'processing',
  importing: 'processing',
  invalid: 'error',
  done: 'success',
  failed: 'error',
};

/** 导入导出: import a filled-in template (base.import) and export a registry (base.export). */
export default function ImportsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  return (
    <div className="base-page" data-testid="imports-page">
      {can('base.import') && <ImportCard />}
      {can('base.export') && <ExportCard />}
      {!can('base.import') && !can('base.export') && <Typography.Text type="secondary">{t('common.noPermission')}</Typography.Text>}
    </div>
  );
}

/**
 * The upload, then the job polled until it settles, then its row-by-row report. In mode all a wrong
 * row leaves everything unwritten; the same file can then go again as "valid rows only".
 */
function ImportCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const f = (name: string) => t(`base.imports.${name}` as 'base.imports.title');
  const [registry, setRegistry] = useState<ImportRegistry>('person');
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('all');
  const [job, setJob] = useState<BaseImport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [paging, setPaging] = useState<ListQuery>({ page: 1, pageSize: 20 });
  const [report, setReport] = useState<Page<ImportProblem> | null>(null);

  async function start(chosen: ImportMode) {
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    setPaging({ page: 1, pageSize: paging.pageSize });
    try {
      setMode(chosen);
      setJob(await startImport(file, registry, chosen));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  // Poll the job until it settles (twice a second; the server answers from its row counts).
  const jobId = job?.id;
  const jobSettled = job ? settled.has(job.status) : true;
  const [polls, setPolls] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: polls is the trigger of the next poll
  useEffect(() => {
    if (!jobId || jobSettled) return;
    let live = true;
    const timer = setTimeout(() => {
      getImport(jobId)
        .then((next) => {
          if (!live) return;
          setJob(next);
          setPolls((n) => n + 1);
        })
        .catch((caught: unknown) => live && setError(caught));
    }, 500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [jobId, jobSettled, polls]);

  // The report, once the job has settled with wrong rows.
  const invalidRows = job?.rowsInvalid ?? 0;
  useEffect(() => {
    if (!jobId || !jobSettled || invalidRows === 0) return;
    let live = true;
    listImportErrors(jobId, paging)
      .then((page) => live && setReport(page))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [jobId, jobSettled, invalidRows, paging]);

  const percent = job ? (job.status === 'done' ? 100 : Math.round((job.progress ?? 0) * 100)) : 0;
  const nothingWritten = job?.status === 'invalid';

  return (
    <Card title={f('importTitle')} data-testid="imports-card">
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'registry',
            label: f('registry'),
            children: (
              <Space wrap>
                <Select<ImportRegistry>
                  value={registry}
                  onChange={setRegistry}
                  style={{ width: 200 }}
                  options={importRegistries.map((value) => ({ value, label: t(`base.imports.registries.${value}` as 'base.imports.registries.person') }))}
                  data-testid="imports-registry"
                />
                <Typography.Text type="secondary">{f('template')}:</Typography.Text>
                <a href={importTemplateUrl(registry, 'xlsx')} download data-testid="imports-template-xlsx">
                  <DownloadOutlined /> Excel
                </a>
                <a href={importTemplateUrl(registry, 'csv')} download data-testid="imports-template-csv">
                  <DownloadOutlined /> CSV
                </a>
                <Typography.Text type="secondary">{f('templateHelp')}</Typography.Text>
                {registry === 'dwelling' && <Typography.Text type="secondary">{f('dwellingHelp')}</Typography.Text>}
              </Space>
            ),
          },
          {
            key: 'file',
            label: f('file'),
            children: (
              <Upload
                accept=".xlsx,.csv"
                maxCount={1}
                beforeUpload={(chosen) => {
                  setFile(chosen);
                  setJob(null);
                  return false;
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
                data-testid="imports-file"
              >
                <Button icon={<UploadOutlined />}>{f('chooseFile')}</Button>
              </Upload>
            ),
          },
          {
            key: 'mode',
            label: f('mode'),
            children: (
              <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)} data-testid="imports-mode">
                <Radio value="all">{t('base.imports.modes.all')}</Radio>
                <Radio value="validOnly">{t('base.imports.modes.validOnly')}</Radio>
              </Radio.Group>
            ),
          },
        ]}
      />
      <Space className="base-import-start">
        <Button type="primary" disabled={!file || !jobSettled} loading={busy} onClick={() => start(mode)} data-testid="imports-start">
          {f('start')}
        </Button>
      </Space>
      <ErrorAlert className="form-alert" error={error} />
      {job && (
        <div className="base-import-job" data-testid="import-job" data-status={job.status}>
          <Space size={8} wrap>
            <Typography.Text strong>{job.fileName}</Typography.Text>
            <Tag color={statusColours[job.status]} data-testid="import-status">
              {t(`base.imports.statuses.${job.status}` as 'base.imports.statuses.done')}
            </Tag>
            <Tag>{t(`base.imports.modes.${job.mode}` as 'base.imports.modes.all')}</Tag>
          </Space>
          <Progress percent={percent} status={job.status === 'failed' || nothingWritten ? 'exception' : job.status === 'done' ? 'success' : 'active'} />
          <Typography.Paragraph data-testid="import-counts">
            {t('base.imports.counts', {
              read: job.rowsRead,
              valid: job.rowsValid,
              invalid: job.rowsInvalid,
              created: job.rowsCreated,
              updated: job.rowsUpdated,
              unchanged: job.rowsUnchanged,
            })}
          </Typography.Paragraph>
          {nothingWritten && (
            <Alert
              type="warning"
              showIcon
              title={t('base.imports.nothingImported', { count: job.rowsInvalid })}
              action={
                job.rowsValid > 0 && (
                  <Button onClick={() => start('validOnly')} loading={busy} data-testid="imports-rerun">
                    {f('rerunValid')}
                  </Button>
                )
              }
              data-testid="import-nothing"
            />
          )}
        </div>
      )}
      {job && jobSettled && invalidRows > 0 && (
        <div className="base-import-report">
          <Space className="base-filters" wrap>
            <Typography.Text strong>{f('report')}</Typography.Text>
            <a href={importReportUrl(job.id, 'xlsx')} download>
              <DownloadOutlined /> {f('downloadReport')} (Excel)
            </a>
            <a href={importReportUrl(job.id, 'csv')} download>
              <DownloadOutlined /> CSV
            </a>
          </Space>
          <PagedTable<ImportProblem>
            query={paging}
            setQuery={setPaging as (q: never) => void}
            data={report}
            loading={report === null}
            rowKey={(p) => `${p.row}-${p.field}-${p.message}`}
            emptyText="—"
            testId="import-report"
            columns={[
              { key: 'row', title: f('row'), dataIndex: 'row', width: 80 },
              { key: 'column', title: f('column'), render: (_, p) => p.column || f('wholeRow'), width: 160 },
              { key: 'problem', title: f('problem'), render: (_, p) => (lang === 'en' ? p.message : p.messageZh) },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

/** A registry's records in a division or grid, as CSV or Excel: masked values, audited. */
function ExportCard() {
  const { t } = useTranslation();
  const options = useBaseOptions();
  const { can } = useSession();
  const { query, set, reset } = useListQuery<ListQuery>();
  const [registry, setRegistry] = useState<ExportRegistry>('person');
  // Watched persons are offered to the roles responsible for them only (the server gives others an empty file).
  const registries = exportRegistries.filter((r) => r !== 'watchedPerson' || can('watched.read'));
  const filters = { divisionCode: query.divisionCode, gridCode: query.gridCode };
  return (
    <Card title={t('base.imports.exportTitle')} data-testid="export-card">
      <Typography.Paragraph type="secondary">{t('base.imports.exportHelp')}</Typography.Paragraph>
      <FilterBar query={query} set={set} reset={reset} testId="export">
        <Select<ExportRegistry>
          value={registry}
          onChange={setRegistry}
          style={{ width: 180 }}
          aria-label={t('base.imports.exportRegistry')}
          options={options('registries', registries) as { value: ExportRegistry; label: string }[]}
          data-testid="export-registry"
        />
        <Button icon={<DownloadOutlined />} href={exportUrl(registry, filters, 'xlsx')} data-testid="export-xlsx">
          {t('base.imports.exportXlsx')}
        </Button>
        <Button icon={<DownloadOutlined />} href={exportUrl(registry, filters, 'csv')} data-testid="export-csv">
          {t('base.imports.exportCsv')}
        </Button>
      </FilterBar>
    </Card>
  );
}
