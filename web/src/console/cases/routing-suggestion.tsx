// What the routing list (联动处置清单) says for a case not yet dispatched: lead and assisting units,
// the post, the closing conditions and the time limits per step.
import { Alert, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, StepLimit } from '../../api/types';

const limitSteps = ['accept', 'dispatch', 'claim', 'handle', 'verify'] as const;
const units = ['workingHours', 'workingDays', 'naturalHours'] as const;

export function useLimitText(): (limit: StepLimit) => string {
  const { t } = useTranslation();
  return (limit) => {
    const unit = units.find((u) => u === limit.unit);
    return `${limit.amount} ${unit ? t(`calendar.unit.${unit}`) : limit.unit}`;
  };
}

export function RoutingSuggestion({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const limitText = useLimitText();
  const s = c.suggestion;
  if (!c.matterCode) return <Alert className="case-suggestion" type="info" showIcon title={t('cases.desk.noMatter')} data-testid="case-suggestion" />;
  if (!s) return <Alert className="case-suggestion" type="warning" showIcon title={t('cases.desk.noSuggestion')} data-testid="case-suggestion" />;
  const names = new Map([[s.leadUnitId, s.leadUnitName], ...s.assistUnits.map((u) => [u.id, u.name] as const)]);
  const unavailable = s.unavailableUnitIds.map((id) => names.get(id) ?? id);
  return (
    <>
      {unavailable.length > 0 && (
        <Alert
          className="case-suggestion-unavailable"
          type="warning"
          showIcon
          title={t('cases.desk.unavailableUnits', { units: unavailable.join('、') })}
          data-testid="case-suggestion-unavailable"
        />
      )}
      <Descriptions
        className="case-suggestion"
        title={t('cases.desk.suggestion')}
        size="small"
        column={1}
        bordered
        data-testid="case-suggestion"
        items={[
          { key: 'lead', label: t('cases.form.leadUnit'), children: s.leadUnitName },
          { key: 'assist', label: t('cases.desk.assistUnits'), children: s.assistUnits.map((u) => u.name).join('、') || t('cases.page.none') },
          ...(s.post ? [{ key: 'post', label: t('cases.desk.post'), children: s.post }] : []),
          ...(s.closingConditions ? [{ key: 'closing', label: t('cases.desk.closingConditions'), children: s.closingConditions }] : []),
          {
            key: 'limits',
            label: t('cases.desk.limits'),
            children: limitSteps.map((step) => `${t(`cases.limitSteps.${step}`)} ${limitText(s.limits[step])}`).join('；'),
          },
        ]}
      />
    </>
  );
}
