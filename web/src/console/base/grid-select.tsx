import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { listGrids } from '../../api/client';
import type { GridSummary } from '../../api/types';

/**
 * Picks a grid the user can see, searched on the server by code or name as the user types (the
 * grids API is gated by jurisdiction, so a grid worker is offered their own grids only).
 */
export function GridSelect({
  value,
  onChange,
  divisionCode,
  placeholder,
  style,
  testId = 'grid-select',
}: {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  divisionCode?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<GridSummary[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      listGrids({ q: q.trim() || undefined, divisionCode, pageSize: 30, sort: 'code' })
        .then((page) => live && setOptions(page.items))
        .catch(() => live && setOptions([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, divisionCode]);

  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(code) => onChange?.(code)}
      placeholder={placeholder}
      style={style}
      popupMatchSelectWidth={false}
      options={options.map((grid) => ({ value: grid.code, label: `${grid.name} ${grid.code}` }))}
      data-testid={testId}
    />
  );
}
