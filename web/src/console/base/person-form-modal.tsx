import { type ButtonProps, Col, Divider, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createPerson } from '../../api/base-client';
import { type IdKind, idKinds, type PersonBody, type PersonRow, type Residency, residencies, type Sex } from '../../api/base-types';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';
import { useBaseLabel } from './base-labels';
import { GridSelect } from './grid-select';

type Values = Record<Exclude<keyof PersonBody, 'idKind' | 'residency' | 'sex'>, string | undefined> & {
  idKind: IdKind;
  residency: Residency;
  sex?: Sex;
};

const textFields = [
  'name',
  'formerName',
  'birthDate',
  'ethnicity',
  'idNumber',
  'phone',
  'nativePlace',
  'occupation',
  'registeredAddress',
  'currentAddress',
  'moveInReason',
  'movedInOn',
  'registeredOn',
  'expectedLeaveOn',
  'originCode',
  'residencePermit',
  'nationality',
  'gridCode',
] as const;
const formFields = new Set<string>([...textFields, 'idKind', 'residency', 'sex']);
const floatingFields = ['moveInReason', 'movedInOn', 'registeredOn', 'expectedLeaveOn', 'originCode', 'residencePermit'] as const;

/**
 * 登记人口. The server checks the whole record (GB 11643 ID numbers, phones, the floating population's
 * dates) and names the field at fault; its message shows under that field. Values typed here are
 * sent once and never shown back: the profile shows them masked.
 */
export function PersonFormModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (person: PersonRow) => void }) {
  const { t } = useTranslation();
  const label = useBaseLabel();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const residency = Form.useWatch('residency', form);
  const idKind = Form.useWatch('idKind', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = (name: string) => t(`base.fields.${name}` as 'base.fields.name');

  async function submit(values: Values) {
    setSaving(true);
    setError(null);
    const body: PersonBody = { name: (values.name ?? '').trim(), idKind: values.idKind, residency: values.residency };
    if (values.sex) body.sex = values.sex;
    for (const key of textFields) {
      if (key === 'name') continue;
      // A floating person's fields only go with a floating person; a nationality only with a foreigner.
      if ((floatingFields as readonly string[]).includes(key) && values.residency !== 'floating') continue;
      if (key === 'nationality' && values.residency !== 'foreign') continue;
      const value = values[key]?.trim();
      if (value) body[key] = value;
    }
    try {
      const person = await createPerson(body);
      form.resetFields();
      onCreated(person);
    } catch (caught) {
      const name = caught instanceof ApiError ? caught.fieldName : undefined;
      if (name && formFields.has(name)) form.setFields([{ name: name as keyof Values, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const text = (name: (typeof textFields)[number], extra?: { help?: string; type?: string; span?: number }) => (
    <Col span={extra?.span ?? 12} key={name}>
      <Form.Item name={name} label={field(name)} extra={extra?.help}>
        <Input type={extra?.type} autoComplete="off" data-testid={`person-form-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      open={open}
      title={t('base.persons.register')}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'person-form-submit' } as ButtonProps}
      forceRender
      width={720}
    >
      <ErrorAlert className="form-alert" error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ idKind: 'idCard', residency: 'registered' }}
        data-testid="person-form"
        requiredMark
      >
        <Divider titlePlacement="start">{t('base.persons.basicSection')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={field('name')}
              rules={[{ required: true, whitespace: true, message: t('base.persons.required', { field: field('name') }) }]}
            >
              <Input maxLength={50} autoComplete="off" data-testid="person-form-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="residency" label={field('residency')} rules={[{ required: true }]}>
              <Select<Residency> options={residencies.map((value) => ({ value, label: label('residency', value) }))} data-testid="person-form-residency" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="idKind" label={field('idKind')} rules={[{ required: true }]}>
              <Select<IdKind> options={idKinds.map((value) => ({ value, label: label('idKind', value) }))} data-testid="person-form-idKind" />
            </Form.Item>
          </Col>
          {text('idNumber', { help: idKind === 'idCard' ? t('base.persons.idNumberHelp') : undefined })}
          <Col span={12}>
            <Form.Item name="sex" label={field('sex')}>
              <Select<Sex>
                allowClear
                options={(['male', 'female'] as const).map((value) => ({ value, label: label('sex', value) }))}
                data-testid="person-form-sex"
              />
            </Form.Item>
          </Col>
          {text('birthDate', { type: 'date' })}
          {text('phone')}
          {text('ethnicity')}
          {text('nativePlace')}
          {text('occupation')}
          {text('formerName')}
        </Row>
        <Divider titlePlacement="start">{t('base.persons.placeSection')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="gridCode" label={field('gridCode')} extra={t('base.persons.gridHelp')}>
              <GridSelect placeholder={t('base.persons.gridPlaceholder')} testId="person-form-gridCode" />
            </Form.Item>
          </Col>
          {text('registeredAddress', { span: 24 })}
          {text('currentAddress', { span: 24 })}
        </Row>
        {residency === 'floating' && (
          <>
            <Divider titlePlacement="start">{t('base.persons.floatingSection')}</Divider>
            <Row gutter={16}>
              {text('moveInReason')}
              {text('originCode')}
              {text('movedInOn', { type: 'date' })}
              {text('registeredOn', { type: 'date' })}
              {text('expectedLeaveOn', { type: 'date' })}
              {text('residencePermit')}
            </Row>
          </>
        )}
        {residency === 'foreign' && (
          <>
            <Divider titlePlacement="start">{t('base.persons.foreignSection')}</Divider>
            <Row gutter={16}>{text('nationality')}</Row>
          </>
        )}
      </Form>
    </Modal>
  );
}
