import { AutoComplete, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listGrids } from '../../api/client';
import type { GridSummary } from '../../api/types';
import { GridKindTag } from './grid-card';

/** Finds a grid by the start of its code or part of its name or place (/api/grids?q=). */
export function GridSearch({ onChoose }: { onChoose: (grid: GridSummary) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [results, setResults] = useState<GridSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const q = text.trim();
    if (q === '') {
      setResults([]);
      return;
    }
    const request = ++latest.current;
    const timer = setTimeout(() => {
      setLoading(true);
      listGrids({ q, pageSize: 10 })
        .then((page) => request === latest.current && setResults(page.items))
        .catch(() => request === latest.current && setResults([]))
        .finally(() => request === latest.current && setLoading(false));
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);

  const choose = (code: string) => {
    const grid = results.find((item) => item.code === code);
    if (!grid) return;
    // Clear the box so the list closes; the card shows what was chosen.
    setText('');
    onChoose(grid);
  };

  return (
    <AutoComplete
      className="grid-search"
      data-testid="grid-search"
      value={text}
      onChange={setText}
      onSelect={choose}
      popupMatchSelectWidth={360}
      options={results.map((grid) => ({
        value: grid.code,
        label: (
          <div className="grid-search-option" data-testid={`grid-option-${grid.code}`}>
            <div>
              <GridKindTag kind={grid.kind} />
              {grid.name}
            </div>
            <Typography.Text type="secondary" className="grid-search-code">
              {grid.code} · {grid.community.name}
            </Typography.Text>
          </div>
        ),
      }))}
    >
      <Input.Search
        allowClear
        loading={loading}
        placeholder={t('grids.searchPlaceholder')}
        data-testid="grid-search-input"
        onSearch={(value) => {
          const exact = results.find((grid) => grid.code === value.trim()) ?? (results.length === 1 ? results[0] : undefined);
          if (!exact) return;
          setText('');
          onChoose(exact);
        }}
      />
    </AutoComplete>
  );
}
