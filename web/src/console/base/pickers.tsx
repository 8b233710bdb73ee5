// Pickers for the base records' forms: a person or an organisation the reader can see, searched on the
// server as the user types (masked, as every list), a dwelling (a building searched so, then one of its
// rooms), and a unit of the reader's units list.
import { Select, Space } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { getBuildingView, listBuildings, listDwellings, listOrganisations, listPersons } from '../../api/base-client';
import { listUnits } from '../../api/client';
import type { UnitKind } from '../../api/types';

interface Option {
  value: string;
  label: string;
}

export interface PickerProps {
  value?: string | string[] | null;
  onChange?: (value: never) => void;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
  /** What to show for the current value before a search finds it (an edit form's record). */
  known?: Option[];
  /** Several values (a dispute's parties). */
  multiple?: boolean;
}

/**
 * A Select that asks `search(text)` for options as the user types (a quarter second after the last
 * key). The options once found are kept, so that a chosen value keeps its label when a later search
 * no longer finds it.
 */
export function SearchSelect({
  search,
  value,
  onChange,
  placeholder,
  style,
  testId,
  known = [],
  multiple,
}: PickerProps & { search: (q: string | undefined) => Promise<Option[]> }) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [seen, setSeen] = useState<Map<string, Option>>(() => new Map(known.map((k) => [k.value, k])));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the search function is the caller's module function
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      search(q.trim() || undefined)
        .then((found) => {
          if (!live) return;
          setOptions(found);
          setSeen((before) => new Map([...before, ...found.map((o) => [o.value, o] as const)]));
        })
        .catch(() => live && setOptions([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  const chosen = (Array.isArray(value) ? value : value ? [value] : []).filter((v) => !options.some((o) => o.value === v));
  const shown = [...chosen.map((v) => seen.get(v) ?? { value: v, label: v }), ...options];
  return (
    <Select<string | string[]>
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(v) => (onChange as ((v: unknown) => void) | undefined)?.(v)}
      placeholder={placeholder}
      style={style}
      popupMatchSelectWidth={false}
      options={shown}
      data-testid={testId}
    />
  );
}

/** A registered person, found by name, pinyin initials or ID number; shown with the masked ID number. */
export function PersonSelect(props: PickerProps) {
  return (
    <SearchSelect
      {...props}
      search={(q) =>
        listPersons({ page: 1, pageSize: 20, q }).then((page) =>
          page.items.map((p) => ({ value: p.id, label: [p.name, p.idNumberMasked].filter(Boolean).join(' ') })),
        )
      }
    />
  );
}

/** An organisation or place, found by the beginning of its name. */
export function OrganisationSelect(props: PickerProps) {
  return (
    <SearchSelect
      {...props}
      search={(q) => listOrganisations({ page: 1, pageSize: 20, q }).then((page) => page.items.map((o) => ({ value: o.id, label: o.name })))}
    />
  );
}

/** Rooms across buildings, found on the server by address code or building, unit and room number. */
const searchDwellings = (q: string | undefined) =>
  listDwellings({ q, page: 1, pageSize: 20 }).then((page) =>
    page.items.map((d) => ({ value: d.id, label: [d.buildingName, d.unitLabel, d.roomNo].filter(Boolean).join(' ') })),
  );

/**
 * A dwelling (a room): a building the reader sees, found by name or address as the user types, then
 * one of its rooms (from the building view, by unit, floor and number); or, with no building chosen,
 * a room found across buildings ("1号楼 1单元 302", or its address code). `known` labels the current
 * dwelling of an edit form until another building is chosen.
 */
export function DwellingSelect({
  value,
  onChange,
  placeholder,
  buildingPlaceholder,
  style,
  testId,
  known = [],
}: PickerProps & { buildingPlaceholder?: string }) {
  const [buildingId, setBuildingId] = useState<string>();
  const [rooms, setRooms] = useState<Option[]>([]);
  useEffect(() => {
    if (!buildingId) return setRooms([]);
    let live = true;
    getBuildingView(buildingId)
      .then((view) => {
        if (!live) return;
        setRooms(
          view.units.flatMap((u) =>
            u.rooms.map((r) => ({ value: r.dwellingId, label: [view.building.name, u.unitLabel, r.roomNo].filter(Boolean).join(' ') })),
          ),
        );
      })
      .catch(() => live && setRooms([]));
    return () => {
      live = false;
    };
  }, [buildingId]);
  const current = typeof value === 'string' ? value : undefined;
  const shown = [...known.filter((k) => k.value === current && !rooms.some((r) => r.value === k.value)), ...rooms];
  return (
    <Space.Compact style={{ width: '100%', ...style }}>
      <SearchSelect
        value={buildingId ?? null}
        onChange={
          ((id: string | undefined) => {
            setBuildingId(id);
            (onChange as ((v: unknown) => void) | undefined)?.(undefined);
          }) as never
        }
        placeholder={buildingPlaceholder}
        style={{ width: '50%' }}
        testId={testId && `${testId}-building`}
        search={(q) => listBuildings({ page: 1, pageSize: 20, q }).then((page) => page.items.map((b) => ({ value: b.id, label: b.name })))}
      />
      {buildingId ? (
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={current}
          onChange={(v) => (onChange as ((v: unknown) => void) | undefined)?.(v ?? null)}
          placeholder={placeholder}
          style={{ width: '50%' }}
          popupMatchSelectWidth={false}
          options={shown}
          notFoundContent={null}
          data-testid={testId && `${testId}-room`}
        />
      ) : (
        <SearchSelect
          value={current ?? null}
          onChange={((v: string | undefined) => (onChange as ((v: unknown) => void) | undefined)?.(v ?? null)) as never}
          placeholder={placeholder}
          style={{ width: '50%' }}
          testId={testId && `${testId}-room`}
          known={known}
          search={searchDwellings}
        />
      )}
    </Space.Compact>
  );
}

/** A unit of the reader's units list (unit.read), of one kind or any; filtered in the browser. */
export function UnitSelect({ kind, ...props }: PickerProps & { kind?: UnitKind }) {
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    let live = true;
    listUnits(kind ? { kind } : {})
      .then(({ items }) => live && setOptions(items.filter((u) => !u.disabled).map((u) => ({ value: u.id, label: `${u.name}（${u.divisionName}）` }))))
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [kind]);
  return (
    <Select<string>
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      value={(props.value as string | null | undefined) ?? undefined}
      onChange={(v) => (props.onChange as ((v: unknown) => void) | undefined)?.(v)}
      placeholder={props.placeholder}
      style={props.style}
      popupMatchSelectWidth={false}
      options={[...(props.known ?? []).filter((k) => !options.some((o) => o.value === k.value)), ...options]}
      data-testid={props.testId}
    />
  );
}
