import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, createUnit, updateUnit } from '../../api/client';
import { type CreateUnitBody, type Unit, type UnitKind, unitKinds } from '../../api/types';
import { DivisionSelect } from '../shared/division-select';
import { ErrorAlert } from '../shared/error-alert';
import { useMe } from '../shared/session';
import { useErrorText } from '../shared/use-error-text';

const fields = new Set<string>(['code', 'name', 'kind', 'divisionCode', 'parentId']);

/**
 * Register a handling unit, or change one (its name, and a sub-unit's parent). The server checks
 * where each kind may serve and answers naming the field.
 */
export function UnitModal({
  editing,
  open,
  units,
  onClose,
  onSaved,
}: {
  editing: Unit | null;
  open: boolean;
  units: readonly Unit[];
  onClose: () => void;
  onSaved: (unit: Unit) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const errorText = useErrorText();
  const [form] = Form.useForm<CreateUnitBody>();
  const kind = Form.useWatch('kind', form) as UnitKind | undefined;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { name: editing.name, kind: editing.kind, code: editing.code, ...(editing.parentId ? { parentId: editing.parentId } : {}) }
        : { kind: 'department', divisionCode: me.scope.division.code },
    );
  }, [open, editing, form, me.scope.division.code]);

  async function submit(values: CreateUnitBody) {
    setSaving(true);
    setError(null);
    try {
      if (editing) {
        const parentChanged = editing.kind === 'subUnit' && values.parentId && values.parentId !== editing.parentId;
        onSaved(await updateUnit(editing.id, { name: values.name.trim(), ...(parentChanged ? { parentId: values.parentId } : {}) }));
      } else {
        const body: CreateUnitBody = {
          code: values.code.trim(),
          name: values.name.trim(),
          kind: values.kind,
          divisionCode: values.divisionCode,
          ...(values.kind === 'subUnit' && values.parentId ? { parentId: values.parentId } : {}),
        };
        onSaved(await createUnit(body));
      }
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.fieldName : undefined;
      if (field && fields.has(field)) form.setFields([{ name: field as keyof CreateUnitBody, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const required = { required: true, whitespace: true, message: t('units.required') };
  const parents = units.filter((u) => u.id !== editing?.id && !u.disabled);
  return (
    <Modal
      open={open}
      title={editing ? t('units.editTitle', { name: editing.name }) : t('units.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving }}
      forceRender
      width={560}
    >
      <ErrorAlert className="form-alert" error={error} />
      <Form<CreateUnitBody> form={form} layout="vertical" onFinish={submit} data-testid="unit-form">
        <Form.Item
          name="kind"
          label={t('units.kind')}
          rules={[{ required: true, message: t('units.required') }]}
          extra={kind ? t(`units.kindHelp.${kind}`) : null}
        >
          <Select disabled={!!editing} options={unitKinds.map((k) => ({ value: k, label: t(`units.kinds.${k}`) }))} data-testid="unit-kind" />
        </Form.Item>
        <Form.Item name="name" label={t('units.name')} rules={[required, { max: 60 }]}>
          <Input maxLength={60} data-testid="unit-name" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('units.code')}
          extra={t('units.codeHelp')}
          rules={[required, { pattern: /^[A-Za-z0-9._-]{2,40}$/, message: t('units.codePattern') }]}
        >
          <Input disabled={!!editing} maxLength={40} data-testid="unit-code" />
        </Form.Item>
        {editing ? (
          <Form.Item label={t('units.division')}>
            <Input disabled value={editing.divisionName} />
          </Form.Item>
        ) : (
          <Form.Item name="divisionCode" label={t('units.division')} rules={[{ required: true, message: t('units.required') }]}>
            <DivisionSelect />
          </Form.Item>
        )}
        {kind === 'subUnit' && (
          <Form.Item name="parentId" label={t('units.parent')} rules={[{ required: true, message: t('units.required') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={parents.map((u) => ({ value: u.id, label: `${u.name}（${u.divisionName}）` }))}
              data-testid="unit-parent"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
