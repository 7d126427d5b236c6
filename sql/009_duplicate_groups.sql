-- Duplicate groups for the moderation queue: the same text (same search key) or a very similar one
-- (trigram similarity) within a consultation is shown once, with its size and channels.
--
-- A row per grouped contribution, written by the grouper (server/store/grouping.cpp) in baro serve
-- shortly after the contribution is committed, never by the ingest path: grouping costs a lookup
-- per contribution that the writer's group commit should not pay, and a separate table keeps the
-- contribution row (and its trigram index) from being rewritten.
--   group_id: the id of the group's first contribution;
--   bands:    MinHash band hashes of the search key (moderation/rules/near_duplicate.hpp), to find
--             candidates of near-duplicates through the GIN index before the trigram check.
create table contribution_group (
    contribution_id bigint primary key references contribution(id) on delete cascade,
    group_id        bigint not null,
    bands           bigint[] not null default '{}'
);
create index contribution_group_group on contribution_group (group_id);
create index contribution_group_bands on contribution_group using gin (bands);

-- What already exists is grouped by identical search key (its bands are left empty: near-duplicates
-- of older contributions are found from their newer copies' side only when these carry bands).
insert into contribution_group (contribution_id, group_id)
select id, case when search_key = '' then id
                else min(id) over (partition by consultation_id, search_key) end
from contribution;

-- "Sent by N citizens": the duplicates of a published contribution are counted by their original.
create index contribution_duplicate_of on contribution (duplicate_of) where duplicate_of is not null;
