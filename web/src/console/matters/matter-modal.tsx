import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, addMatter, listUnits, updateMatter } from '../../api/client';
import type { Matter, MatterAttribute, MatterBody, MatterList, Unit } from '../../api/types';
import { admissiblePowerKinds, isListDatatype, refusedPowerKinds } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';
import { MatterAttributesField } from './matter-attributes-field';

const fields = new Set<string>(['code', 'name', 'category', 'description', 'legalBasis', 'departmentId', 'powerKind', 'urgent', 'public']);
const empty: Partial<MatterBody> = { description: '', legalBasis: '', urgent: false, public: false, attributes: [] };

/** The form's attributes as the API takes them: values only for the list datatypes, no empty hint. */
function attributesOf(list: MatterAttribute[] | undefined): MatterAttribute[] {
  return (list ?? []).map(({ values, datatypeDescription, ...a }) => ({
    ...a,
    required: !!a.required,
    ...(datatypeDescription?.trim() ? { datatypeDescription } : {}),
    ...(isListDatatype(a.datatype) ? { values: values ?? [] } : {}),
  }));
}

/** A server error's field as the form names it: `attributes.1.values.0.key` → ['attributes', 1, 'values', 0, 'key']. */
function formPath(field: string): (string | number)[] | undefined {
  const path = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (path[0] === 'attributes' && path.length > 2) return path;
  return fields.has(field) ? [field] : undefined;
}

/**
 * Add or change a matter of a draft. Every power kind can be chosen: the server refuses licensing,
 * penalty and enforcement matters with the Art. 12 reason, shown under the field.
 */
export function MatterModal({
  listId,
  editing,
  open,
  onClose,
  onSaved,
}: {
  listId: string;
  editing: Matter | null;
  open: boolean;
  onClose: () => void;
  onSaved: (list: MatterList) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<MatterBody>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [departments, setDepartments] = useState<Unit[]>([]);

  useEffect(() => {
    listUnits({ kind: 'department' })
      .then((page) => setDepartments(page.items.filter((u) => !u.disabled)))
      .catch(() => setDepartments([]));
  }, []);
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(editing ?? empty);
  }, [open, editing, form]);

  async function submit(values: MatterBody) {
    setSaving(true);
    setError(null);
    const body: MatterBody = {
      ...values,
      description: values.description ?? '',
      legalBasis: values.legalBasis ?? '',
      urgent: !!values.urgent,
      public: !!values.public,
      attributes: attributesOf(values.attributes),
    };
    try {
      onSaved(editing ? await updateMatter(listId, { ...body, code: editing.code }) : await addMatter(listId, body));
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.fieldName : undefined;
      const path = field ? formPath(field) : undefined;
      // Only a rendered field can show the message (attributes.N.values is a list, not a field): else the alert.
      if (path && form.getFieldsError().some((f) => f.name.join('.') === path.join('.')))
        form.setFields([{ name: path as never, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const required = { required: true, whitespace: true, message: t('matters.required') };
  return (
    <Modal
      open={open}
      title={editing ? t('matters.editMatter', { code: editing.code }) : t('matters.addMatter')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving }}
      forceRender
      width={720}
      style={{ top: 24 }}
    >
      <ErrorAlert className="form-alert" error={error} />
      <Form<MatterBody> form={form} layout="vertical" onFinish={submit} data-testid="matter-form">
        <Form.Item name="code" label={t('matters.code')} rules={[required]} extra={t('matters.codeHelp')}>
          <Input disabled={!!editing} maxLength={20} data-testid="matter-code" />
        </Form.Item>
        <Form.Item name="name" label={t('matters.name')} rules={[required]}>
          <Input maxLength={100} data-testid="matter-name" />
        </Form.Item>
        <Form.Item name="category" label={t('matters.category')} rules={[required]}>
          <Input maxLength={40} data-testid="matter-category" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('matters.department')} rules={[{ required: true, message: t('matters.required') }]}>
          <Select showSearch optionFilterProp="label" options={departments.map((d) => ({ value: d.id, label: d.name }))} data-testid="matter-department" />
        </Form.Item>
        <Form.Item
          name="powerKind"
          label={t('matters.powerKind')}
          rules={[{ required: true, message: t('matters.required') }]}
          extra={t('matters.powerKindHelp')}
        >
          <Select
            data-testid="matter-power-kind"
            virtual={false}
            options={[
              { label: t('matters.admissible'), options: admissiblePowerKinds.map((k) => ({ value: k, label: t(`matters.powerKinds.${k}`) })) },
              { label: t('matters.excluded'), options: refusedPowerKinds.map((k) => ({ value: k, label: t(`matters.powerKinds.${k}`) })) },
            ]}
          />
        </Form.Item>
        <Form.Item name="description" label={t('matters.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('matters.legalBasis')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="urgent" valuePropName="checked" extra={t('matters.urgentHelp')}>
          <Checkbox>{t('matters.urgent')}</Checkbox>
        </Form.Item>
        <Form.Item name="public" valuePropName="checked">
          <Checkbox>{t('matters.publicReporting')}</Checkbox>
        </Form.Item>
        <Form.Item label={t('matters.attributes.title')}>
          <MatterAttributesField />
        </Form.Item>
      </Form>
    </Modal>
  );
}
