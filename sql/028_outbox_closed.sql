-- Replies (issue 15, second half): a message sent to a consultation that has closed is answered
-- through the outbox too ("closed"), in the transaction that keeps it in the unrouted inbox. Its
-- row names the closed consultation, whose reply settings (switch, budget) apply to it.
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check check (kind in ('ack', 'withdrawal', 'closed'));
