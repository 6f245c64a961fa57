/**
 * Mail that intake could not place: messages from senders that are no customer's contact and on no customer's
 * domain wait here, not measured, until a manager names the customer (the ticket is then measured from the first
 * message's arrival); and the log of every message intake received, with the mail it ignored, held or refused and
 * why, where held mail can be released.
 */
import { PageHeader } from '../../components/page-header.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { useQueryParams } from '../../routes/router.tsx';
import { MailLog } from './mail-log.tsx';
import { TriageList } from './triage-list.tsx';

export function MailTriagePage() {
  const [params, setParams] = useQueryParams();
  const tab = params.get('tab') === 'log' ? 'log' : 'triage';
  return (
    <>
      <PageHeader
        title="Mail triage"
        description="Messages from unknown senders wait here until you name their customer; the log shows what intake did with every message."
      />
      <Tabs
        label="Mail"
        tabs={[
          { id: 'triage', label: 'Unknown senders' },
          { id: 'log', label: 'Mail log' },
        ]}
        selected={tab}
        onSelect={(id) => setParams({ tab: id === 'triage' ? null : id, outcome: null })}
      >
        {tab === 'triage' ? <TriageList /> : <MailLog />}
      </Tabs>
    </>
  );
}
