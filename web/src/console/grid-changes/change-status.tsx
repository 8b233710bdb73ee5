import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GridChangeStatus } from '../../api/types';

const colours: Record<GridChangeStatus, string> = { draft: 'default', submitted: 'processing', approved: 'success', rejected: 'error', withdrawn: 'warning' };

export function ChangeStatusTag({ status }: { status: GridChangeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={colours[status]} data-testid="change-status">
      {t(`changes.statuses.${status}`)}
    </Tag>
  );
}
