// 新建事件: a centre registers a hotline call or a walk-in (POST /api/cases): where (a community, or a
// point), the matter if known and its questions (上报属性), what, and who called. It lands on the desk
// like any other report.
import { App, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, reportCase } from '../../api/client';
import type { CaseDetail, MatterAttribute, ReportCaseBody } from '../../api/types';
import { DivisionSelect } from '../shared/division-select';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';
import { MatterSelect, usePublicMatters } from './actions/action-kit';

interface Values {
  source: 'hotline' | 'walkIn';
  placeBy: 'community' | 'point';
  divisionCode?: string;
  lng?: number;
  lat?: number;
  matterCode?: string;
  title: string;
  description?: string;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
  urgent?: boolean;
  /** Answers to the matter's attributes, by code. */
  attributes?: Record<string, string | string[] | undefined>;
}

// The server's field (after `body.`) → the form's.
const fieldOf: Record<string, keyof Values> = {
  source: 'source',
  divisionCode: 'divisionCode',
  lng: 'lng',
  lat: 'lat',
  matterCode: 'matterCode',
  title: 'title',
  description: 'description',
  address: 'address',
  'reporter.name': 'reporterName',
  'reporter.phone': 'reporterPhone',
};

const trimmed = (s?: string) => (s?.trim() ? s.trim() : undefined);

/** The answers given, blanks left out (the server treats a blank as not given). */
function answersOf(given: Values['attributes']): Record<string, string | string[]> | undefined {
  const kept: Record<string, string | string[]> = {};
  for (const [code, v] of Object.entries(given ?? {})) {
    if (Array.isArray(v)) {
      if (v.length > 0) kept[code] = v;
    } else if (v?.trim()) kept[code] = v.trim();
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** One input for a matter's attribute, by its datatype. */
function AttributeInput({ a, ...field }: { a: MatterAttribute; value?: string | string[]; onChange?: (v: unknown) => void }) {
  const testId = `new-case-attribute-${a.code}`;
  switch (a.datatype) {
    case 'singlevaluelist':
    case 'multivaluelist':
      return (
        <Select
          {...field}
          allowClear
          mode={a.datatype === 'multivaluelist' ? 'multiple' : undefined}
          options={(a.values ?? []).map((v) => ({ value: v.key, label: v.name }))}
          data-testid={testId}
        />
      );
    case 'text':
      return <Input.TextArea {...(field as object)} rows={2} maxLength={4000} data-testid={testId} />;
    case 'datetime':
      return <Input {...(field as object)} placeholder="2026-09-01T08:00:00+08:00" data-testid={testId} />;
    case 'number':
      return <Input {...(field as object)} inputMode="decimal" data-testid={testId} />;
    default:
      return <Input {...(field as object)} maxLength={200} data-testid={testId} />;
  }
}

/** The chosen matter's questions: the matter list defines them, the server checks the answers. */
function AttributeFields({ matterCode }: { matterCode?: string }) {
  const { t } = useTranslation();
  const matters = usePublicMatters();
  const attributes = matters?.find((m) => m.code === matterCode)?.attributes ?? [];
  if (attributes.length === 0) return null;
  return (
    <div data-testid="new-case-attributes">
      {attributes.map((a) => (
        <Form.Item
          key={a.code}
          name={['attributes', a.code]}
          label={a.description}
          extra={a.datatypeDescription}
          rules={a.required ? [{ required: true, message: t('cases.form.required') }] : []}
        >
          <AttributeInput a={a} />
        </Form.Item>
      ))}
    </div>
  );
}

export function NewCaseModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: CaseDetail) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const required = { required: true, message: t('cases.form.required') };

  async function submit(v: Values) {
    setSaving(true);
    setError(null);
    const name = trimmed(v.reporterName);
    const phone = trimmed(v.reporterPhone);
    const body: ReportCaseBody = {
      title: v.title.trim(),
      source: v.source,
      ...(v.placeBy === 'community' ? { divisionCode: v.divisionCode } : { lng: v.lng, lat: v.lat }),
      ...(v.matterCode ? { matterCode: v.matterCode } : {}),
      ...(trimmed(v.description) ? { description: trimmed(v.description) } : {}),
      ...(trimmed(v.address) ? { address: trimmed(v.address) } : {}),
      ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
      ...(v.urgent ? { urgent: true } : {}),
      ...(v.matterCode && answersOf(v.attributes) ? { attributes: answersOf(v.attributes) } : {}),
    };
    try {
      const c = await reportCase(body);
      void message.success(t('cases.done.reported', { number: c.number }));
      onCreated(c);
    } catch (caught) {
      const fieldName = caught instanceof ApiError ? (caught.fieldName ?? '') : '';
      const field = fieldOf[fieldName];
      // An answer the server refuses: attributes.CODE, under its question.
      const answer = /^attributes\.(.+)$/.exec(fieldName)?.[1];
      if (field) form.setFields([{ name: field, errors: [errorText(caught)] }]);
      else if (answer && form.getFieldsError().some((f) => f.name.join('.') === `attributes.${answer}`))
        form.setFields([{ name: ['attributes', answer], errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('cases.desk.newCase')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('cases.do.submit')}
      okButtonProps={{ loading: saving }}
      destroyOnHidden
      width={620}
      style={{ top: 24 }}
    >
      <ErrorAlert className="form-alert" error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ source: 'hotline', placeBy: 'community' }}
        data-testid="new-case-form"
      >
        <Form.Item name="source" label={t('cases.form.source')}>
          <Radio.Group>
            <Radio value="hotline">{t('cases.sources.hotline')}</Radio>
            <Radio value="walkIn">{t('cases.sources.walkIn')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="title" label={t('cases.form.title')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} data-testid="new-case-title" />
        </Form.Item>
        <Form.Item name="placeBy" label={t('cases.form.placeBy')}>
          <Radio.Group>
            <Radio value="community">{t('cases.form.byCommunity')}</Radio>
            <Radio value="point">{t('cases.form.byPoint')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item noStyle dependencies={['placeBy']}>
          {({ getFieldValue }) =>
            getFieldValue('placeBy') === 'point' ? (
              <Space>
                <Form.Item name="lng" label={t('cases.form.lng')} rules={[required]}>
                  <InputNumber min={73} max={136} step={0.0001} style={{ width: 160 }} data-testid="new-case-lng" />
                </Form.Item>
                <Form.Item name="lat" label={t('cases.form.lat')} rules={[required]}>
                  <InputNumber min={3} max={54} step={0.0001} style={{ width: 160 }} data-testid="new-case-lat" />
                </Form.Item>
              </Space>
            ) : (
              <Form.Item name="divisionCode" label={t('cases.form.community')} rules={[required]}>
                <DivisionSelect />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="address" label={t('cases.form.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="matterCode" label={t('cases.form.matter')} extra={t('cases.form.matterHelp')}>
          <MatterSelect testId="new-case-matter" allowClear />
        </Form.Item>
        <Form.Item noStyle dependencies={['matterCode']}>
          {({ getFieldValue }) => <AttributeFields matterCode={getFieldValue('matterCode')} />}
        </Form.Item>
        <Form.Item name="description" label={t('cases.form.description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Space>
          <Form.Item name="reporterName" label={t('cases.form.reporterName')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="reporterPhone" label={t('cases.form.reporterPhone')}>
            <Input maxLength={20} />
          </Form.Item>
        </Space>
        <Form.Item name="urgent" valuePropName="checked">
          <Checkbox>{t('cases.form.urgent')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
