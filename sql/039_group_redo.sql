-- A contribution whose text or consultation changes after it was grouped is grouped again within the
-- grouper's next round, not at its next full sweep (issue 17: grouping behaves as before, apart from
-- a bounded lag).
--
-- A transcribed voice note, a public post its author edited and a reindex by a new text pipeline
-- change a contribution's search key; a moderator's assignment of an inbox contribution (and its
-- undo) changes its consultation. Its group row (key hash, bands, the consultation's group) described
-- the old ones, so each of those paths deleted it itself (five places in C++, each one to remember
-- in the next path that changes a text). Between full sweeps the grouper only looks near the newest grouped
-- id, and a full sweep comes every 3,000 rounds: up to ten minutes on an idle server, during which a
-- moderator saw the contribution in no group. Now a trigger, like search_pending's (sql/029), catches
-- every such update whoever makes it: it deletes the group row and queues the contribution here. Each
-- round of the grouper takes the queue first and removes what it grouped, unless a newer change
-- queued the contribution again meanwhile (queued_at differs); baro_grouping_lag_seconds counts the
-- oldest queued one.
create table group_redo (
    contribution_id bigint primary key references contribution (id) on delete cascade,
    queued_at timestamptz not null default clock_timestamp()
);
create index group_redo_queued on group_redo (queued_at);

create function group_redo_update() returns trigger language plpgsql as $$
begin
    delete from contribution_group where contribution_id = new.id;
    insert into group_redo (contribution_id) values (new.id)
    on conflict (contribution_id) do update set queued_at = excluded.queued_at;
    return null;
end $$;

create trigger group_redo_update after update of search_key, consultation_id on contribution
    for each row when (old.search_key is distinct from new.search_key or old.consultation_id is distinct from new.consultation_id)
    execute function group_redo_update();
