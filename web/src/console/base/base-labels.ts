import { useTranslation } from 'react-i18next';

export type LabelGroup =
  | 'residency'
  | 'sex'
  | 'idKind'
  | 'personStatus'
  | 'fields'
  | 'uses'
  | 'buildingKinds'
  | 'careKinds'
  | 'watchedKinds'
  | 'riskLevels'
  | 'householdKinds'
  | 'relations'
  | 'organisationKinds'
  | 'placeKinds'
  | 'memberRoles'
  | 'recordStatuses'
  | 'disputeKinds'
  | 'disputeOutcomes'
  | 'mediationMethods'
  | 'hazardKinds'
  | 'hazardLevels'
  | 'hazardStatuses'
  | 'registries';

/**
 * Words for the base registries' coded values (residency, sex, dwelling use …). A value the console
 * has no word for (a kind added on the server, an import's free text) is shown as it came.
 */
export function useBaseLabel(): (group: LabelGroup, value: string | null | undefined) => string {
  const { t, i18n } = useTranslation();
  return (group, value) => {
    if (value === null || value === undefined || value === '') return '—';
    const key = `base.${group}.${value}`;
    return i18n.exists(key) ? (t as (k: string) => string)(key) : value;
  };
}

/** A value or a dash. */
export const orDash = (value: string | number | null | undefined): string => (value === null || value === undefined || value === '' ? '—' : String(value));

/** The options of a coded value's Select, in the order the server lists the values. */
export function useBaseOptions(): (group: LabelGroup, values: readonly string[]) => { value: string; label: string }[] {
  const label = useBaseLabel();
  return (group, values) => values.map((value) => ({ value, label: label(group, value) }));
}

/** Today as YYYY-MM-DD in the browser's time zone (a date input's value). */
export const todayIso = (): string => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
