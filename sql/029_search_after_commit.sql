-- Search is indexed after the commit that acknowledges a citizen (issue 17, docs/architecture.md
-- "Search follows the acknowledged write"). The trigram GIN index on contribution.search_key cost
-- PostgreSQL 60-80 µs of CPU per row inside the writer's transaction (docs/performance.md); it moves
-- to contribution_search, which the search indexer (server/store/search_indexer.cpp) fills in large
-- batches shortly after each commit. contribution.search_key stays the source of truth (written by
-- ingest with the row; its hash index serves exact duplicate lookups); contribution_search is its
-- indexed copy.
--
-- What is left to index is a row in search_pending, written by the triggers below in the same
-- transaction as the contribution (or the change of its search key), so no commit can be missed and
-- the indexer resumes from the database after a crash. The indexer deletes the pending rows it
-- indexes in the transaction that indexes them. A pending row has no foreign key: its contribution
-- may be erased before it is indexed (the indexer then drops it), and the acknowledged write pays no
-- key check for it.
create table contribution_search (
    contribution_id bigint primary key references contribution(id) on delete cascade,
    search_key      text not null
);

create table search_pending (
    contribution_id bigint primary key,
    queued_at       timestamptz not null default now()  -- the lag on /metrics: now() - the oldest
);

-- The existing rows move now; the index is built once, after the copy.
insert into contribution_search (contribution_id, search_key) select id, search_key from contribution;
drop index if exists contribution_search_trgm;
create index contribution_search_trgm on contribution_search using gin (search_key gin_trgm_ops);

-- New rows: one statement per group-commit batch, so one insert of the batch's ids.
create function search_pending_insert() returns trigger language plpgsql as $$
begin
    insert into search_pending (contribution_id) select id from new_rows;
    return null;
end
$$;

create trigger search_pending_insert after insert on contribution
    referencing new table as new_rows for each statement execute function search_pending_insert();

-- A changed search key (an edited public post, a re-run of the text pipeline) is indexed again; until
-- then search finds the row under its previous key.
create function search_pending_update() returns trigger language plpgsql as $$
begin
    insert into search_pending (contribution_id) values (new.id) on conflict (contribution_id) do nothing;
    return null;
end
$$;

create trigger search_pending_update after update of search_key on contribution
    for each row when (old.search_key is distinct from new.search_key) execute function search_pending_update();

create function search_pending_clear() returns trigger language plpgsql as $$
begin
    delete from search_pending;
    return null;
end
$$;

create trigger search_pending_truncate after truncate on contribution
    for each statement execute function search_pending_clear();
