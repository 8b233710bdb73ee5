import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorText } from './use-error-text';

interface Props {
  /** What the API client threw; null shows nothing. */
  error: unknown;
  /** Adds a retry button. */
  onRetry?: () => void;
  className?: string;
  'data-testid'?: string;
}

/** An API error as an alert in the current language, optionally with a retry button. */
export function ErrorAlert({ error, onRetry, className, 'data-testid': testId }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (error === null) return null;
  return (
    <Alert
      className={className}
      type="error"
      showIcon
      title={errorText(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
      data-testid={testId}
    />
  );
}
