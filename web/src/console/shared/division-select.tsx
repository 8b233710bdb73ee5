import { TreeSelect } from 'antd';
import { type CSSProperties, useState } from 'react';
import { getDivisionChildren } from '../../api/client';
import { useMe } from './session';

interface Option {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

/** Picks a division under the user's own, loading one level at a time. Works inside antd Form. */
export function DivisionSelect({
  value,
  onChange,
  placeholder,
  style,
  testId = 'division-select',
}: {
  value?: string;
  onChange?: (code: string) => void;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const root = useMe().scope.division;
  const [options, setOptions] = useState<Option[]>([{ id: root.code, pId: null, value: root.code, title: root.name, isLeaf: root.level >= 4 }]);

  async function loadData(node: { value?: unknown }) {
    const code = String(node.value);
    const { items } = await getDivisionChildren(code);
    setOptions((current) => {
      const known = new Set(current.map((option) => option.id));
      const added = items
        .filter((item) => !known.has(item.code))
        .map((item) => ({ id: item.code, pId: code, value: item.code, title: item.name, isLeaf: !item.hasChildren }));
      return [...current, ...added];
    });
  }

  return (
    <TreeSelect
      value={value}
      onChange={(code: string) => onChange?.(code)}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={options}
      loadData={loadData}
      treeDefaultExpandedKeys={[root.code]}
      placeholder={placeholder}
      popupMatchSelectWidth={false}
      style={style}
      data-testid={testId}
    />
  );
}
