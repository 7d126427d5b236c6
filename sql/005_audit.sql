-- The audit chain is linear: no two entries may follow the same one. append_audit serialises writers
-- with an advisory lock; this index makes a fork impossible even for a writer whose snapshot predates
-- the lock (a repeatable-read caller then fails on the duplicate instead of branching the chain).
create unique index audit_event_prev_hash on audit_event (prev_hash);
