import { Tag } from 'antd';
import { useBaseLabel } from './base-labels';

const colours: Record<string, string> = { registered: 'blue', floating: 'orange', foreign: 'purple' };

/** 户籍 / 流动 / 境外 as a coloured tag. */
export function ResidencyTag({ residency }: { residency: string }) {
  const label = useBaseLabel();
  return (
    <Tag color={colours[residency] ?? 'default'} data-testid="residency-tag">
      {label('residency', residency)}
    </Tag>
  );
}
