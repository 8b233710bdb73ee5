import { Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, createRoutingRule, updateRoutingRule } from '../../api/client';
import { type DeadlineUnit, type RoutingRule, type RoutingRuleBody, type Unit, timedSteps } from '../../api/types';
import { ErrorAlert } from '../shared/error-alert';
import { useErrorText } from '../shared/use-error-text';
import { type ScopeOption, ordinaryLimits, servesScope, urgentLimits } from './routing-shared';

const limitUnits: DeadlineUnit[] = ['workingHours', 'workingDays', 'naturalHours'];
const topFields = new Set(['scopeCode', 'leadUnitId', 'assistUnitIds', 'post', 'closingConditions', 'autoDispatch']);

export interface MatterChoice {
  code: string;
  name: string;
  urgent: boolean;
}

/**
 * Write a routing rule, or change one (its matter and scope identify it and stay). The units offered
 * are those that serve the chosen scope; the server checks again and names the field at fault.
 */
export function RuleModal({
  open,
  matter,
  editing,
  scopes,
  units,
  onClose,
  onSaved,
}: {
  open: boolean;
  matter: MatterChoice | null;
  editing: RoutingRule | null;
  scopes: readonly ScopeOption[];
  units: readonly Unit[];
  onClose: () => void;
  onSaved: (rule: RoutingRule) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<RoutingRuleBody>();
  const scope = Form.useWatch('scopeCode', form) as string | undefined;
  const lead = Form.useWatch('leadUnitId', form) as string | undefined;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        matterCode: editing.matterCode,
        scopeCode: editing.scopeCode,
        leadUnitId: editing.leadUnit.id,
        assistUnitIds: editing.assistUnits.map((u) => u.id),
        post: editing.post,
        limits: editing.limits,
        closingConditions: editing.closingConditions,
        autoDispatch: editing.autoDispatch,
      });
    } else {
      form.setFieldsValue({
        matterCode: matter?.code,
        scopeCode: scopes[0]?.code,
        assistUnitIds: [],
        post: '',
        limits: matter?.urgent ? urgentLimits : ordinaryLimits,
        closingConditions: '',
        autoDispatch: true,
      });
    }
  }, [open, editing, matter, scopes, form]);

  async function submit(values: RoutingRuleBody) {
    setSaving(true);
    setError(null);
    const fields = {
      leadUnitId: values.leadUnitId,
      assistUnitIds: values.assistUnitIds ?? [],
      post: values.post ?? '',
      limits: values.limits,
      closingConditions: values.closingConditions ?? '',
      autoDispatch: !!values.autoDispatch,
    };
    try {
      onSaved(
        editing
          ? await updateRoutingRule(editing.id, fields)
          : await createRoutingRule({ ...fields, matterCode: values.matterCode, scopeCode: values.scopeCode }),
      );
    } catch (caught) {
      // assistUnitIds.0 belongs to the list; a limit's problem goes above the form (its inputs show no message of their own).
      const field = caught instanceof ApiError ? caught.fieldName?.split('.')[0] : undefined;
      if (field && topFields.has(field)) form.setFields([{ name: field as keyof RoutingRuleBody, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  const usable = units.filter((u) => !u.disabled && (!scope || servesScope(u.divisionCode, scope)));
  const unitOptions = (exclude?: string) =>
    usable.filter((u) => u.id !== exclude).map((u) => ({ value: u.id, label: u.divisionCode === scope ? u.name : `${u.name}（${u.divisionName}）` }));
  const required = { required: true, message: t('routing.required') };
  const title = editing
    ? t('routing.editRule', { code: editing.matterCode, scope: editing.scopeName })
    : t('routing.addRuleFor', { code: matter?.code, name: matter?.name });

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving }}
      forceRender
      width={720}
      style={{ top: 24 }}
    >
      <ErrorAlert className="form-alert" error={error} />
      <Form<RoutingRuleBody> form={form} layout="vertical" onFinish={submit} data-testid="rule-form">
        <Form.Item name="matterCode" hidden>
          <Input />
        </Form.Item>
        <Form.Item name="scopeCode" label={t('routing.scope')} rules={[required]} extra={t('routing.scopeHelp')}>
          <Select
            disabled={!!editing}
            showSearch
            optionFilterProp="label"
            options={scopes.map((s) => ({ value: s.code, label: s.level === 1 ? t('routing.scopeCity', { name: s.name }) : s.path }))}
            onChange={() => form.setFieldsValue({ leadUnitId: undefined as never, assistUnitIds: [] })}
            data-testid="rule-scope"
          />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('routing.lead')} rules={[required]}>
          <Select showSearch optionFilterProp="label" options={unitOptions()} data-testid="rule-lead" />
        </Form.Item>
        <Form.Item name="assistUnitIds" label={t('routing.assist')}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={unitOptions(lead)} data-testid="rule-assist" />
        </Form.Item>
        <Form.Item name="post" label={t('routing.post')} extra={t('routing.postHelp')}>
          <Input maxLength={100} data-testid="rule-post" />
        </Form.Item>
        <Form.Item label={t('routing.limits')} extra={matter?.urgent ? t('routing.urgentHint') : undefined} required>
          <div className="rule-limits">
            {timedSteps.map((step) => (
              <Space.Compact key={step} className="rule-limit" data-testid={`rule-limit-${step}`}>
                <Typography.Text className="rule-limit-step">{t(`routing.steps.${step}`)}</Typography.Text>
                <Form.Item name={['limits', step, 'amount']} noStyle rules={[required]}>
                  <InputNumber min={0.5} max={2000} step={0.5} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item name={['limits', step, 'unit']} noStyle rules={[required]}>
                  <Select style={{ width: 110 }} options={limitUnits.map((u) => ({ value: u, label: t(`routing.units.${u}`) }))} />
                </Form.Item>
              </Space.Compact>
            ))}
          </div>
        </Form.Item>
        <Form.Item name="closingConditions" label={t('routing.closingConditions')}>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="rule-closing" />
        </Form.Item>
        <Form.Item name="autoDispatch" label={t('routing.autoDispatch')} valuePropName="checked" extra={t('routing.autoDispatchHelp')}>
          <Switch data-testid="rule-auto-dispatch" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
