import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, createUser, listUnits } from '../../api/client';
import type { CreateUserBody, Role, Unit, UnitKind, UserDetail } from '../../api/types';
import { DivisionSelect } from '../shared/division-select';
import { gridRoles } from '../shared/roles';
import { useMe } from '../shared/session';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';

type Values = CreateUserBody;

/** The units an account of this role may belong to: a department account must, a centre account may name its centre. */
function unitKindsOf(role: Role): UnitKind[] {
  if (role === 'department') return ['department', 'subUnit', 'townOffice', 'socialOrganisation'];
  if (role === 'cityCentre' || role === 'districtCentre' || role === 'townCentre') return ['centre'];
  return [];
}

const fields = new Set<string>(['username', 'displayName', 'password', 'role', 'divisionCode', 'departmentId', 'phone', 'gridCodes']);

/** 新建用户. The server decides which roles this user may grant and where; its answer names the field. */
export function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (user: UserDetail) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [units, setUnits] = useState<Unit[]>();
  const unitKinds = role ? unitKindsOf(role) : [];
  useEffect(() => {
    if (unitKinds.length > 0 && units === undefined) {
      listUnits()
        .then((page) => setUnits(page.items.filter((u) => !u.disabled)))
        .catch(() => setUnits([]));
    }
  }, [unitKinds.length, units]);
  const required = (field: string) => ({ required: true, whitespace: true, message: t('users.required', { field }) });

  async function submit(values: Values) {
    setSaving(true);
    setError(null);
    const body: CreateUserBody = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      password: values.password,
      role: values.role,
      divisionCode: values.divisionCode,
      ...(values.departmentId?.trim() ? { departmentId: values.departmentId.trim() } : {}),
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
      ...(values.gridCodes?.length ? { gridCodes: values.gridCodes } : {}),
    };
    try {
      const user = await createUser(body);
      form.resetFields();
      onCreated(user);
    } catch (caught) {
      // `gridCodes.0` and the like belong to the list field.
      const field = caught instanceof ApiError ? caught.fieldName?.split(/[.[]/)[0] : undefined;
      if (field && fields.has(field)) form.setFields([{ name: field as keyof Values, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('users.create')}
      onCancel={() => {
        form.resetFields();
        setError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      forceRender
      width={560}
    >
      <ErrorAlert className="form-alert" error={error} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ divisionCode: me.scope.division.code }} data-testid="create-user-form">
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameHelp')}
          rules={[required(t('users.username')), { pattern: /^[a-z][a-z0-9._-]{2,31}$/, message: t('users.usernamePattern') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[required(t('users.displayName')), { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={t('users.passwordHelp')}
          rules={[required(t('users.password')), { min: 10, message: t('me.tooShort') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.required', { field: t('users.role') }) }]}>
          <Select<Role> options={me.manageableRoles.map((value) => ({ value, label: t(`roles.${value}`) }))} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('users.divisionCode')} rules={[{ required: true, message: t('users.divisionRequired') }]}>
          <DivisionSelect />
        </Form.Item>
        {unitKinds.length > 0 && (
          <Form.Item
            name="departmentId"
            label={t('users.departmentId')}
            rules={role === 'department' ? [required(t('users.departmentId'))] : []}
            extra={role === 'department' ? undefined : t('users.centreUnitHelp')}
          >
            <Select
              showSearch
              allowClear={role !== 'department'}
              optionFilterProp="label"
              loading={units === undefined}
              options={(units ?? []).filter((u) => unitKinds.includes(u.kind)).map((u) => ({ value: u.id, label: `${u.name}（${u.divisionName}）` }))}
              onChange={(id?: string) => {
                // An account belongs to its unit's division.
                const unit = units?.find((u) => u.id === id);
                if (unit) form.setFieldValue('divisionCode', unit.divisionCode);
              }}
            />
          </Form.Item>
        )}
        {role && gridRoles.includes(role) && (
          <Form.Item
            name="gridCodes"
            label={t('users.gridCodes')}
            extra={t('users.gridCodesHelp')}
            rules={[
              {
                validator: async (_, codes?: string[]) => {
                  if (codes?.some((code) => !/^(\d{16}|\d{18})$/.test(code))) throw new Error(t('users.gridCodePattern'));
                },
              },
            ]}
          >
            <Select mode="tags" open={false} tokenSeparators={[',', ' ', '，']} />
          </Form.Item>
        )}
        <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('users.phonePattern') }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
