// What every case action is made of: a button that opens a form in a modal (the server's field errors
// land under their fields, anything else above the form), or a button with a confirmation; the
// fields several actions share (reason, opinion, a unit, a matter, photos). Each action answers the
// case page, handed to `onDone` so the page and its list refresh.
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps, Form, Input, Modal, Popconfirm, Select, Upload } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, getCaseUnits, getPublicMatters } from '../../../api/client';
import type { CaseDetail, CaseUnit, PublicMatter } from '../../../api/types';
import { ErrorAlert } from '../../shared/error-alert';
import { useErrorText } from '../../shared/use-error-text';

export interface ActionProps {
  c: CaseDetail;
  onDone: (next: CaseDetail) => void;
}

interface FormActionProps<V> {
  label: string;
  testId: string;
  title?: string;
  icon?: ReactNode;
  type?: ButtonProps['type'];
  danger?: boolean;
  /** The form fields whose server errors (`body.<name>`) show under the field. */
  fields: readonly string[];
  initialValues?: Partial<V>;
  run: (values: V) => Promise<CaseDetail>;
  onDone: (next: CaseDetail) => void;
  /** Shown instead of closing when the run fails in a way the form explains itself. */
  children: ReactNode;
  done?: string;
}

/** A button that opens a form in a modal and runs the action with its values. */
export function FormAction<V extends object>({
  label,
  testId,
  title,
  icon,
  type,
  danger,
  fields,
  initialValues,
  run,
  onDone,
  children,
  done,
}: FormActionProps<V>) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<V>();

  async function submit(values: V) {
    setSaving(true);
    setError(null);
    try {
      const next = await run(values);
      setOpen(false);
      void message.success(done ?? t('cases.done.saved'));
      onDone(next);
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.fieldName : undefined;
      if (field && fields.includes(field)) form.setFields([{ name: field as never, errors: [errorText(caught)] }]);
      else setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button
        icon={icon}
        type={type}
        danger={danger}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid={testId}
      >
        {label}
      </Button>
      <Modal
        open={open}
        title={title ?? label}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('cases.do.submit')}
        okButtonProps={{ loading: saving, danger, 'data-testid': `${testId}-ok` } as ButtonProps}
        destroyOnHidden
      >
        <ErrorAlert className="form-alert" error={error} data-testid={`${testId}-error`} />
        <Form<V> form={form} layout="vertical" onFinish={submit} initialValues={initialValues} data-testid={`${testId}-form`}>
          {children}
        </Form>
      </Modal>
    </>
  );
}

/** A button that asks "are you sure?" and runs the action; a refusal shows as a message. */
export function ConfirmAction({
  label,
  testId,
  confirm,
  type,
  danger,
  size,
  run,
  onDone,
}: {
  label: string;
  testId: string;
  confirm: string;
  type?: ButtonProps['type'];
  danger?: boolean;
  size?: ButtonProps['size'];
  run: () => Promise<CaseDetail>;
  onDone: (next: CaseDetail) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={confirm}
      onConfirm={async () => {
        try {
          const next = await run();
          void message.success(t('cases.done.saved'));
          onDone(next);
        } catch (caught) {
          void message.error(errorText(caught));
        }
      }}
    >
      <Button type={type} danger={danger} size={size} data-testid={testId}>
        {label}
      </Button>
    </Popconfirm>
  );
}

export function ReasonItem({ name = 'reason', label }: { name?: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label ?? t('cases.form.reason')} rules={[{ required: true, whitespace: true, message: t('cases.form.required') }]}>
      <Input.TextArea rows={3} maxLength={1000} data-testid={`field-${name}`} />
    </Form.Item>
  );
}

export function OpinionItem() {
  const { t } = useTranslation();
  return (
    <Form.Item name="opinion" label={t('cases.form.opinion')}>
      <Input.TextArea rows={2} maxLength={1000} data-testid="field-opinion" />
    </Form.Item>
  );
}

// One request per case per page load, however many selects show its units.
const unitCache = new Map<string, Promise<CaseUnit[]>>();
function caseUnits(caseId: string): Promise<CaseUnit[]> {
  let pending = unitCache.get(caseId);
  if (!pending) {
    pending = getCaseUnits(caseId).then((r) => r.items);
    unitCache.set(caseId, pending);
    pending.catch(() => unitCache.delete(caseId));
  }
  return pending;
}

/** The units serving the case's area (GET /api/cases/{id}/units), as a Select inside a Form.Item. */
export function UnitSelect({
  caseId,
  exclude = [],
  multiple = false,
  value,
  onChange,
  testId,
}: {
  caseId: string;
  exclude?: string[];
  multiple?: boolean;
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  testId: string;
}) {
  const [units, setUnits] = useState<CaseUnit[] | null>(null);
  useEffect(() => {
    let live = true;
    caseUnits(caseId)
      .then((items) => live && setUnits(items))
      .catch(() => live && setUnits([]));
    return () => {
      live = false;
    };
  }, [caseId]);
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      loading={units === null}
      value={value}
      onChange={(v: string | string[] | undefined) => onChange?.(v)}
      options={(units ?? []).filter((u) => !exclude.includes(u.id)).map((u) => ({ value: u.id, label: u.name }))}
      data-testid={testId}
    />
  );
}

let matterCache: Promise<PublicMatter[]> | null = null;

/** The published list's matters, read once per page load and shared; null while loading. */
export function usePublicMatters(): PublicMatter[] | null {
  const [matters, setMatters] = useState<PublicMatter[] | null>(null);
  useEffect(() => {
    let live = true;
    if (!matterCache) {
      matterCache = getPublicMatters().then((list) => list.matters);
      matterCache.catch(() => {
        matterCache = null;
      });
    }
    matterCache.then((items) => live && setMatters(items)).catch(() => live && setMatters([]));
    return () => {
      live = false;
    };
  }, []);
  return matters;
}

export function MatterSelect({
  value,
  onChange,
  testId = 'field-matter',
  allowClear = false,
}: {
  value?: string;
  onChange?: (code: string) => void;
  testId?: string;
  allowClear?: boolean;
}) {
  const matters = usePublicMatters();
  return (
    <Select
      allowClear={allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      loading={matters === null}
      value={value}
      onChange={(code: string) => onChange?.(code)}
      options={(matters ?? []).map((m) => ({ value: m.code, label: `${m.code} ${m.name}` }))}
      data-testid={testId}
    />
  );
}

/**
 * Photos for a step, uploaded to POST /api/attachments (the attachments module) one by one; the value
 * is the ids of the uploads that went through. An upload the server refuses shows as failed in the list.
 */
export function AttachmentUpload({ onChange }: { value?: string[]; onChange?: (ids: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Upload
      action="/api/attachments"
      name="file"
      withCredentials
      accept="image/*"
      listType="picture"
      maxCount={20}
      onChange={({ fileList }) =>
        onChange?.(
          fileList
            .filter((f) => f.status === 'done' && typeof (f.response as { id?: unknown } | undefined)?.id === 'string')
            .map((f) => (f.response as { id: string }).id),
        )
      }
    >
      <Button icon={<UploadOutlined />}>{t('cases.form.upload')}</Button>
    </Upload>
  );
}
