import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useLang } from '../../i18n';

/** Turns anything thrown by the API client into a sentence in the current language. */
export function useErrorText(): (error: unknown) => string {
  const lang = useLang();
  const { t } = useTranslation();
  return (error) => {
    if (error instanceof ApiError) return lang === 'en' ? error.body.message : error.body.messageZh;
    return t('common.loadFailed');
  };
}
