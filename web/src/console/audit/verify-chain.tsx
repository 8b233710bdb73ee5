import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verifyAuditChain } from '../../api/client';
import type { AuditVerifyResult } from '../../api/types';
import { useErrorText } from '../shared/use-error-text';

type Outcome = { result: AuditVerifyResult } | { error: unknown };

/** 校验审计链: the server recomputes the hash chain. Returns the button and the result banner. */
export function useVerifyChain() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function run() {
    setRunning(true);
    try {
      setOutcome({ result: await verifyAuditChain() });
    } catch (error) {
      setOutcome({ error });
    } finally {
      setRunning(false);
    }
  }

  const button = (
    <Button icon={<SafetyCertificateOutlined />} loading={running} onClick={() => void run()} data-testid="audit-verify">
      {t('audit.verify')}
    </Button>
  );

  let banner = null;
  if (outcome) {
    const close = { closable: { onClose: () => setOutcome(null) } };
    if ('error' in outcome) banner = <Alert className="form-alert" type="error" showIcon title={errorText(outcome.error)} {...close} />;
    else if (outcome.result.ok) {
      const { checked, lastSeq } = outcome.result;
      banner = (
        <Alert className="form-alert" type="success" showIcon title={t('audit.verifyOk', { checked, lastSeq })} data-testid="audit-verify-result" {...close} />
      );
    } else {
      const { checked, firstBroken } = outcome.result;
      banner = (
        <Alert
          className="form-alert"
          type="error"
          showIcon
          title={t('audit.verifyBroken', { seq: firstBroken?.seq ?? '?', reason: firstBroken?.reason ?? '', checked })}
          data-testid="audit-verify-result"
          {...close}
        />
      );
    }
  }
  return { button, banner };
}
