import { listGrids } from '../../api/client';
import { type PickerProps, SearchSelect } from './pickers';

/**
 * Picks a grid the user can see, searched on the server by code or name as the user types (the
 * grids API is gated by jurisdiction, so a grid worker is offered their own grids only). A new
 * division starts the search afresh.
 */
export function GridSelect({
  divisionCode,
  testId = 'grid-select',
  ...props
}: Omit<PickerProps, 'value' | 'onChange' | 'multiple'> & {
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  divisionCode?: string;
}) {
  return (
    <SearchSelect
      key={divisionCode ?? ''}
      {...props}
      testId={testId}
      search={(q) =>
        listGrids({ q, divisionCode, pageSize: 30, sort: 'code' }).then((page) =>
          page.items.map((grid) => ({ value: grid.code, label: `${grid.name} ${grid.code}` })),
        )
      }
    />
  );
}
