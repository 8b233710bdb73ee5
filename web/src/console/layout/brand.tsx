import { useTranslation } from 'react-i18next';

/** The platform's mark and name: large on the login page, compact in the sider. */
export function Brand({ size = 'small', collapsed = false }: { size?: 'small' | 'large'; collapsed?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={`brand brand-${size}`}>
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#1668dc" />
        <path d="M8 8h16v16H8zM16 8v16M8 16h16" fill="none" stroke="#fff" strokeWidth="2" />
      </svg>
      {!collapsed && (
        <div className="brand-text">
          <div className="brand-title">{size === 'large' ? t('app.title') : t('app.shortTitle')}</div>
          <div className="brand-sub">{t('app.brand')}</div>
        </div>
      )}
    </div>
  );
}
