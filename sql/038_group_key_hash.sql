-- The duplicate grouper's exact-key rule reads one index entry, not every copy of the text (issue 17).
--
-- Rule 1 (moderation/rules/group_assignment.hpp) gives a contribution the smallest group among grouped
-- contributions of its consultation with the same search key. It was answered from the hash index of
-- contribution.search_key: every contribution with that key, each joined to its group row, sorted.
-- An SMS vote ("OUI", "NON", "1") is the same text tens of thousands of times, so each new copy read
-- all the copies before it: 20 ms a message at 20,000 copies (EXPLAIN ANALYZE, 2026-12-07), and the
-- signed-Twilio bench, whose texts repeat, drained its grouping backlog at a quarter of the web form's
-- rate. Each group row now carries a 64-bit hash of its consultation and key (md5-based like
-- sender_hash(), the same in every PostgreSQL version; null for an empty key), and an index on
-- (key_hash, group_id) gives the smallest group first: the grouper confirms the key on that
-- contribution row (a collision is skipped, so the answer is exact) and stops.
create function group_key_hash(consultation_id bigint, search_key text) returns bigint
    language sql immutable parallel safe
    return ('x' || left(md5(coalesce(consultation_id, 0)::text || ' ' || search_key), 16))::bit(64)::bigint;

alter table contribution_group add column key_hash bigint;
update contribution_group g set key_hash = group_key_hash(c.consultation_id, c.search_key)
from contribution c where c.id = g.contribution_id and c.search_key <> '';
create index contribution_group_key on contribution_group (key_hash, group_id) where key_hash is not null;
analyze contribution_group;
