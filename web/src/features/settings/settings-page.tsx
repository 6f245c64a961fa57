/**
 * Settings: everyone's own preferences and notifications; for administrators also users and roles, API tokens,
 * webhooks with their delivery log, e-mail (SMTP) with the outbox, and the mailboxes mail comes in from.
 */
import { PageHeader } from '../../components/page-header.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { useQueryParams } from '../../routes/router.tsx';
import { useSession } from '../auth/session-context.tsx';
import { EmailTab } from './email-tab.tsx';
import { MailboxesTab } from './mailboxes-tab.tsx';
import { NotificationsTab } from './notifications-tab.tsx';
import { PreferencesTab } from './preferences-tab.tsx';
import { TokensTab } from './tokens-tab.tsx';
import { UsersTab } from './users-tab.tsx';
import { WebhooksTab } from './webhooks-tab.tsx';

export function SettingsPage() {
  const { can } = useSession();
  const [params, setParams] = useQueryParams();
  const admin = can('workspace.manage');
  const tabs = [
    { id: 'preferences', label: 'Preferences' },
    { id: 'notifications', label: 'Notifications' },
    ...(admin
      ? [
          { id: 'users', label: 'Users and roles' },
          { id: 'tokens', label: 'API tokens' },
          { id: 'webhooks', label: 'Webhooks' },
          { id: 'email', label: 'E-mail' },
          { id: 'mailboxes', label: 'Mailboxes' },
        ]
      : []),
  ];
  const requested = params.get('tab') ?? 'preferences';
  const selected = tabs.some((tab) => tab.id === requested) ? requested : 'preferences';
  return (
    <>
      <PageHeader title="Settings" />
      <Tabs label="Settings" tabs={tabs} selected={selected} onSelect={(tab) => setParams({ tab })}>
        {selected === 'preferences' && <PreferencesTab />}
        {selected === 'notifications' && <NotificationsTab />}
        {selected === 'users' && <UsersTab />}
        {selected === 'tokens' && <TokensTab />}
        {selected === 'webhooks' && <WebhooksTab />}
        {selected === 'email' && <EmailTab />}
        {selected === 'mailboxes' && <MailboxesTab />}
      </Tabs>
    </>
  );
}
