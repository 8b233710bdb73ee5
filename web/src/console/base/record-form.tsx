// One form for the base records (households, organisations, watched and care persons, disputes,
// hazards): the page says which fields, the form registers a record or changes one with the
// version read. The server checks the whole record and names the field at fault; its message shows
// under that field (in the current language), anything else above the form.
import { type ButtonProps, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { UnitKind } from '../../api/types';
import { DivisionSelect } from '../shared/division-select';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';
import { GridSelect } from './grid-select';
import { DwellingSelect, OrganisationSelect, PersonSelect, UnitSelect } from './pickers';

export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'int' | 'date' | 'select' | 'switch' | 'grid' | 'division' | 'person' | 'persons' | 'unit' | 'organisation' | 'dwelling';
  options?: { value: string; label: string }[];
  required?: boolean;
  /** Half the row unless said. */
  span?: 12 | 24;
  /** Only when registering (the person a watch record is about). */
  createOnly?: boolean;
  /** Stored sealed and shown masked: an edit starts empty and sends the field only when typed. */
  sealed?: boolean;
  help?: string;
  unitKind?: UnitKind;
  /** For pickers in an edit form: the current value's label. */
  known?: { value: string; label: string }[];
  max?: number;
}

type Values = Record<string, unknown>;

const blank = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
const same = (a: unknown, b: unknown) => (blank(a) && blank(b)) || JSON.stringify(a) === JSON.stringify(b);

/**
 * What goes to the server: trimmed text; on a register the filled fields, on a change only the fields
 * that differ from the record (an untouched grid must not move a record off its dwelling or point),
 * emptied ones as null.
 */
function bodyOf(fields: FieldSpec[], values: Values, initial: Values | undefined): Values {
  const body: Values = {};
  for (const f of fields) {
    if (initial && f.createOnly) continue;
    let value = values[f.name];
    if (typeof value === 'string') value = value.trim();
    if (initial) {
      if (f.sealed ? blank(value) : same(value, initial[f.name])) continue;
      body[f.name] = blank(value) ? (f.type === 'persons' ? [] : null) : value;
    } else if (!blank(value)) {
      body[f.name] = value;
    }
  }
  return body;
}

export function RecordFormModal<T>({
  open,
  title,
  fields,
  initial,
  version,
  onClose,
  save,
  onSaved,
  testId,
}: {
  open: boolean;
  title: string;
  fields: FieldSpec[];
  /** The record's values for a change (sealed ones are left out); none to register. */
  initial?: object;
  /** The version read, for a change. */
  version?: number;
  onClose: () => void;
  save: (body: Values) => Promise<T>;
  onSaved: (saved: T) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const editing = version !== undefined;
  const names = new Set(fields.map((f) => f.name));

  // Filled when the form opens (the fields are built anew on every render of the page).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the opening counts
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const record = initial as Values | undefined;
    if (record) form.setFieldsValue(Object.fromEntries(fields.filter((f) => !f.sealed).map((f) => [f.name, record[f.name] ?? undefined])));
    setError(null);
  }, [open]);

  async function submit(values: Values) {
    setSaving(true);
    setError(null);
    const body = bodyOf(fields, values, editing ? ((initial ?? {}) as Values) : undefined);
    try {
      const saved = await save(editing ? { ...body, version } : body);
      onSaved(saved);
    } catch (caught) {
      // body.partyPersonIds.0 → partyPersonIds
      const name = caught instanceof ApiError ? caught.fieldName?.split('.')[0] : undefined;
      if (name && names.has(name)) form.setFields([{ name, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const input = (f: FieldSpec) => {
    const id = `${testId}-${f.name}`;
    switch (f.type) {
      case 'textarea':
        return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={f.max ?? 2000} data-testid={id} />;
      case 'int':
        return <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={id} />;
      case 'date':
        return <Input type="date" data-testid={id} />;
      case 'select':
        return <Select allowClear={!f.required} options={f.options} showSearch={{ optionFilterProp: 'label' }} data-testid={id} />;
      case 'switch':
        return <Switch data-testid={id} />;
      case 'division':
        return <DivisionSelect testId={id} />;
      case 'grid':
        return <GridSelect placeholder={t('base.persons.gridPlaceholder')} testId={id} />;
      case 'person':
        return <PersonSelect placeholder={t('base.record.personPlaceholder')} testId={id} known={f.known} />;
      case 'persons':
        return <PersonSelect multiple placeholder={t('base.record.partiesPlaceholder')} testId={id} known={f.known} />;
      case 'unit':
        return <UnitSelect kind={f.unitKind} placeholder={t('base.record.unitPlaceholder')} testId={id} known={f.known} />;
      case 'dwelling':
        return (
          <DwellingSelect
            placeholder={t('base.record.roomPlaceholder')}
            buildingPlaceholder={t('base.record.buildingPlaceholder')}
            testId={id}
            known={f.known}
          />
        );
      case 'organisation':
        return <OrganisationSelect placeholder={t('base.record.organisationPlaceholder')} testId={id} known={f.known} />;
      default:
        return (
          <Input autoComplete="off" maxLength={f.max} placeholder={editing && f.sealed ? t('base.record.sealedPlaceholder') : undefined} data-testid={id} />
        );
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving, 'data-testid': `${testId}-submit` } as ButtonProps}
      forceRender
      width={720}
      // Above the record's drawer, which it is opened from (both start at antd's 1000).
      zIndex={1100}
    >
      <ErrorAlert className="form-alert" error={error} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid={testId} requiredMark>
        <Row gutter={16}>
          {fields
            .filter((f) => !(editing && f.createOnly))
            .map((f) => (
              <Col span={f.span ?? 12} key={f.name}>
                <Form.Item
                  name={f.name}
                  label={f.label}
                  extra={f.help}
                  valuePropName={f.type === 'switch' ? 'checked' : 'value'}
                  rules={f.required ? [{ required: true, message: t('base.persons.required', { field: f.label }) }] : undefined}
                >
                  {input(f)}
                </Form.Item>
              </Col>
            ))}
        </Row>
      </Form>
    </Modal>
  );
}
