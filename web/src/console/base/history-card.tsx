import { Card, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BaseChange } from '../../api/base-types';
import { useLang } from '../../i18n';
import { formatDateTime } from '../shared/format';
import { useBaseLabel } from './base-labels';

/** A history value as stored (personal ones are masked by the server before they are kept). */
function shownValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A record's history of changes, the latest first, as every base record's detail shows it. */
export function HistoryCard({ items, testId, section }: { items: BaseChange[]; testId: string; section?: string }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const label = useBaseLabel();
  // A linked person (an organisation's people, a household's members: {name, role | relation, personId}) by name and role.
  const shownChange = (value: unknown) => {
    if (!value || typeof value !== 'object' || !('name' in value)) return shownValue(value);
    const { name, role, relation } = value as { name: unknown; role?: string; relation?: string };
    const how = role ? label('memberRoles', role) : relation ? label('relations', relation) : null;
    return how ? `${String(name)}${lang === 'en' ? ` (${how})` : `（${how}）`}` : String(name);
  };
  // A field's name: the record's own (its page's section of the locale), a person field, or the key.
  // A household's `member:<personId>` change is named as a member.
  const fieldName = (field: string) => {
    const key = field.startsWith('member:') ? 'member' : field;
    for (const name of [...(section ? [`base.${section}.${key}`] : []), `base.fields.${key}`]) {
      if (i18n.exists(name)) return t(name as 'base.fields.name');
    }
    return key;
  };
  const actionName = (action: string) =>
    i18n.exists(`base.person.historyActions.${action}`) ? t(`base.person.historyActions.${action}` as 'base.person.historyActions.create') : action;
  const sourceName = (source: string) =>
    i18n.exists(`base.person.historySources.${source}`) ? t(`base.person.historySources.${source}` as 'base.person.historySources.api') : ` (${source})`;
  return (
    <Card size="small" title={t('base.person.history')} data-testid={testId}>
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('base.person.noHistory')}</Typography.Text>
      ) : (
        <Timeline
          items={items.map((change) => {
            const fields = Object.entries(change.changes);
            return {
              key: change.id,
              color: change.action === 'create' ? 'green' : 'blue',
              content: (
                <div className="base-change" data-testid="history-entry">
                  <Typography.Text strong>
                    {actionName(change.action)}
                    {sourceName(change.source)}
                  </Typography.Text>
                  <Typography.Text type="secondary" className="base-change-by">
                    {t('base.person.historyBy', { actor: change.actorName ?? t('base.person.unknownActor'), at: formatDateTime(change.at, lang) })}
                  </Typography.Text>
                  {change.action !== 'create' && fields.length > 0 && (
                    <ul className="base-change-fields">
                      {fields.map(([key, { from, to }]) => (
                        <li key={key}>
                          {fieldName(key)}: <span className="masked-value">{shownChange(from)}</span> → <span className="masked-value">{shownChange(to)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {change.action === 'create' && fields.length > 0 && (
                    <Typography.Text type="secondary" className="base-change-fields">
                      {fields.map(([key]) => fieldName(key)).join(lang === 'en' ? ', ' : '、')}
                    </Typography.Text>
                  )}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
