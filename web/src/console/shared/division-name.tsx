import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { getDivision } from '../../api/client';
import type { Division } from '../../api/types';

// One request per division per page load, however many rows show it.
const cache = new Map<string, Promise<Division>>();

/**
 * A division's name with its town and district (below the city), its code as a tooltip; the code alone
 * until loaded. `short`: its own name only, the path in the tooltip (narrow table columns).
 */
export function DivisionName({ code, withCode = false, short = false }: { code: string; withCode?: boolean; short?: boolean }) {
  const [division, setDivision] = useState<Division | null>(null);
  useEffect(() => {
    let live = true;
    let pending = cache.get(code);
    if (!pending) {
      pending = getDivision(code);
      cache.set(code, pending);
      pending.catch(() => cache.delete(code));
    }
    pending.then((value) => live && setDivision(value)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [code]);
  if (!division) return <span>{code}</span>;
  const names = [...division.path.filter((p) => p.level > 1).map((p) => p.name), division.name].join(' / ');
  return (
    <span title={short ? `${names} ${code}` : code} data-testid="division-name">
      {short ? division.name : names}
      {withCode && (
        <Typography.Text type="secondary" className="division-name-code">
          {' '}
          {code}
        </Typography.Text>
      )}
    </span>
  );
}
