import { useTranslation } from 'react-i18next';

type Group = 'residency' | 'sex' | 'idKind' | 'personStatus' | 'fields' | 'uses' | 'buildingKinds' | 'careKinds' | 'watchedKinds' | 'riskLevels';

/**
 * Words for the base registries' coded values (residency, sex, dwelling use …). A value the console
 * has no word for (a kind added on the server, an import's free text) is shown as it came.
 */
export function useBaseLabel(): (group: Group, value: string | null | undefined) => string {
  const { t, i18n } = useTranslation();
  return (group, value) => {
    if (value === null || value === undefined || value === '') return '—';
    const key = `base.${group}.${value}`;
    return i18n.exists(key) ? (t as (k: string) => string)(key) : value;
  };
}

/** A value or a dash. */
export const orDash = (value: string | number | null | undefined): string => (value === null || value === undefined || value === '' ? '—' : String(value));
