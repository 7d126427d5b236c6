-- A withdrawal remembers the message that asked for it (its channel and provider-scoped external
-- id, as contribution does), so a gateway's retry or a replayed STOP is recognised and erases
-- nothing: a withdrawal erases only what was stored before it was first received (issue 16).
-- Withdrawals recorded before this migration, and gateways that give no message id, have none.
alter table withdrawal add column external_id text;
create unique index withdrawal_channel_external_id on withdrawal (channel, external_id);
