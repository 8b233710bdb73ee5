import { Breadcrumb, Card, Descriptions, type DescriptionsProps, Skeleton, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getDivision } from '../../api/client';
import type { Division } from '../../api/types';
import { countsText, kindName, levelName } from '../shared/division-labels';
import { ErrorAlert } from '../shared/error-alert';

/** The selected division's particulars. `known` avoids a second request for the root. */
export function DivisionCard({ code, known, onPick }: { code: string; known: Division | null; onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const [division, setDivision] = useState<Division | null>(known?.code === code ? known : null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the retry button's trigger
  useEffect(() => {
    if (known?.code === code) {
      setDivision(known);
      return;
    }
    let live = true;
    setDivision(null);
    setError(null);
    getDivision(code)
      .then((value) => live && setDivision(value))
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [code, known, attempt]);

  let body: ReactNode;
  if (error !== null) {
    body = <ErrorAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  } else if (!division) {
    body = <Skeleton active paragraph={{ rows: 4 }} title={false} />;
  } else {
    const counts = countsText(t, division.level, division.counts);
    const items: DescriptionsProps['items'] = [
      { key: 'code', label: t('territory.code'), children: <Typography.Text copyable>{division.code}</Typography.Text> },
      { key: 'kind', label: t('territory.kind'), children: <Tag color="geekblue">{kindName(t, division.kind)}</Tag> },
      { key: 'level', label: t('territory.level'), children: levelName(t, division.level) },
      { key: 'counts', label: t('territory.counts'), children: counts || t('territory.noChildren') },
    ];
    if (division.path.length > 0) {
      items.push({
        key: 'path',
        label: t('territory.path'),
        children: (
          <Breadcrumb
            items={division.path.map((step) => ({
              key: step.code,
              title: step.name,
              href: `#${step.code}`,
              onClick: (event) => {
                event.preventDefault();
                onPick(step.code);
              },
            }))}
          />
        ),
      });
    }
    body = (
      <>
        <Typography.Title level={5} className="division-card-name" data-testid="division-card-name">
          {division.name}
        </Typography.Title>
        <Descriptions size="small" column={1} items={items} />
      </>
    );
  }

  return (
    <Card size="small" title={t('territory.detailTitle')} className="division-card" data-testid="division-card">
      {body}
    </Card>
  );
}
