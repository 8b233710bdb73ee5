import { Breadcrumb, Button, Card, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getDivision } from '../../api/client';
import type { Division, GridSummary } from '../../api/types';
import { useMe, useSession } from '../shared/session';
import { ErrorAlert } from '../shared/error-alert';
import { DivisionCard } from './division-card';
import { DivisionTree } from './division-tree';
import { GridCardDrawer } from './grid-card';
import { GridSearch } from './grid-search';
import { isWithin } from './map-geometry';
import { TerritoryMap } from './territory-map';
import './territory.css';

/**
 * 辖区: the divisions the user may see, as a tree and on a map. The tree is rooted at the user's
 * own division (a district user starts at the district); its ancestors show as a breadcrumb.
 */
export default function TerritoryPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { meta } = useSession();
  const rootCode = me.scope.division.code;
  const [root, setRoot] = useState<Division | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [selected, setSelectedCode] = useState(rootCode);
  const [gridCode, setGridCode] = useState<string | null>(null);
  const [focus, setFocus] = useState<[number, number] | null>(null);
  // Choosing a division by hand fits the map to it again rather than to a searched grid.
  const setSelected = (code: string) => {
    setFocus(null);
    setSelectedCode(code);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the retry button's trigger
  useEffect(() => {
    let live = true;
    setError(null);
    getDivision(rootCode)
      .then((value) => live && setRoot(value))
      .catch((caught: unknown) => live && setError(caught));
    setSelectedCode(rootCode);
    return () => {
      live = false;
    };
  }, [rootCode, attempt]);

  // Only divisions at or under the root can be picked (the breadcrumb links ancestors too).
  const pick = (code: string) => setSelected(isWithin(code, me.scope.division) ? code : rootCode);
  // A searched grid: select its community (which loads its grids), fly to it and open its card.
  const chooseGrid = (grid: GridSummary) => {
    setSelectedCode(isWithin(grid.community.code, me.scope.division) ? grid.community.code : rootCode);
    setFocus(grid.label);
    setGridCode(grid.code);
  };
  const ancestors = me.scope.path.filter((step) => step.code !== rootCode);

  return (
    <div className="territory" data-testid="territory-page">
      <div className="page-head">
        <Breadcrumb items={[...ancestors, me.scope.division].map((step) => ({ key: step.code, title: step.name }))} data-testid="scope-breadcrumb" />
      </div>
      <div className="territory-body">
        <div className="territory-side">
          <GridSearch onChoose={chooseGrid} />
          <Card size="small" title={t('territory.treeTitle')} className="territory-tree-card">
            {error !== null ? (
              <ErrorAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
            ) : root ? (
              <DivisionTree root={root} selected={selected} onSelect={setSelected} />
            ) : (
              <Skeleton active title={false} paragraph={{ rows: 6 }} />
            )}
          </Card>
          <DivisionCard code={selected} known={root} onPick={pick} />
        </div>
        <Card
          size="small"
          className="territory-map-card"
          title={t('territory.mapTitle')}
          extra={
            selected !== rootCode && (
              <Button size="small" onClick={() => setSelected(rootCode)}>
                {t('territory.fitAll')}
              </Button>
            )
          }
        >
          <TerritoryMap
            rootCode={rootCode}
            basemap={meta?.basemap ?? null}
            selectedCode={selected}
            onPick={pick}
            gridCode={gridCode}
            onGrid={setGridCode}
            focus={focus}
          />
          <GridCardDrawer code={gridCode} onOpen={setGridCode} onPickDivision={pick} onClose={() => setGridCode(null)} />
        </Card>
      </div>
    </div>
  );
}
