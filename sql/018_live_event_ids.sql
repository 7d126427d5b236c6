-- Global live-event ids (issue 12): every publish event gets its id once, in the database, inside the
-- transaction that publishes, so that every baro node sends the same `id:` for it and an EventSource
-- may resume from its Last-Event-ID on any node.
--
-- Commits that arrive out of order: the id is taken under a transaction-scoped advisory lock, held
-- until COMMIT or ROLLBACK. A transaction that takes an id therefore commits (and queues its NOTIFY)
-- before the next one can take an id: NOTIFY delivers in commit order, so every listener hears the ids
-- in increasing order, and an id is never heard after a larger one. A rolled-back id leaves a gap,
-- which nothing relies on. The cost is that publishing transactions serialise from the moment they
-- take an id to their commit (docs/architecture.md §7 gives the measurement).
create sequence live_event_id;

-- Queues the publish event of one contribution and returns its id. The payload is
-- {"seq":N,"consultation_id":N,"id":N,"event":"publish"|"unpublish"} (store/publish_events.cpp).
create function baro_notify_publish(consultation bigint, contribution bigint, published boolean)
returns bigint language plpgsql as $$
declare
    seq bigint;
begin
    perform pg_advisory_xact_lock(7166190632290317940);  -- 'cslivevt': the live-event id lock
    seq := nextval('live_event_id');
    perform pg_notify('baro_publish', json_build_object(
        'seq', seq, 'consultation_id', consultation, 'id', contribution,
        'event', case when published then 'publish' else 'unpublish' end)::text);
    return seq;
end
$$;
