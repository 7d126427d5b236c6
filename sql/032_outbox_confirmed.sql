-- Replies (issue 15): an SMSSync phone confirms the SMS it took (POST ?task=sent with
-- {"queued_messages": [uuids]}, SMSSync's documented "Message Results API"). A reply is still marked
-- sent when it is handed over (so that no later answer hands it again); confirmed_at records the
-- phone's word that it queued it for sending. Null: not confirmed (an old app, or the phone lost it).
alter table outbox add column confirmed_at timestamptz;
