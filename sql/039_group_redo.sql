-- A contribution whose text changes after it was grouped is grouped again within the grouper's next
-- round, not at its next full sweep (issue 17: grouping behaves as before, apart from a bounded lag).
--
-- A transcribed voice note, a public post its author edited and a reindex by a new text pipeline
-- change a contribution's search key; its group row (key hash, bands) described the old one, so those
-- changes delete it (sql/038). Between full sweeps the grouper only looks near the newest grouped id,
-- and a full sweep comes every 3,000 rounds: up to ten minutes on an idle server, during which a
-- moderator saw the transcribed note in no group. regroup() now deletes the group rows and queues the
-- contributions here; each round of the grouper takes the queue first and removes what it grouped,
-- unless a newer change queued the contribution again meanwhile (queued_at differs), and
-- baro_grouping_lag_seconds counts the oldest queued one.
create table group_redo (
    contribution_id bigint primary key references contribution (id) on delete cascade,
    queued_at timestamptz not null default clock_timestamp()
);
create index group_redo_queued on group_redo (queued_at);

create function regroup(ids bigint[]) returns void
    language sql
begin atomic
    delete from contribution_group where contribution_id = any(ids);
    insert into group_redo (contribution_id) select distinct unnest(ids)
    on conflict (contribution_id) do update set queued_at = excluded.queued_at;
end;
