-- The moderation queue shows each contribution's duplicate group: its size, its members' channels and
-- whether the sender wrote another of its members (server/store/queue.cpp, page_items_sql). The
-- channels and the senders were read from every member's contribution row: at 10,000,000 rows a page
-- of 50 items fetched ~1,400 contribution rows by key, 28 ms of the items' 46-86 ms
-- (docs/performance.md, "At 10,000,000 rows again"). A contribution's channel and sender never
-- change, so the grouper now copies them into its row (after the commit, as before), and one index
-- covers the three reads.
--
-- The sender is kept as a 64-bit hash of its key: the index stays narrow, and a repeat found by hash
-- is confirmed on the two contribution rows, so it is exactly what it was. md5, not hashtext(): its
-- value is the same in every PostgreSQL version, so the stored hashes stay valid across upgrades.
create function sender_hash(sender_key text) returns bigint
    language sql immutable parallel safe
    return ('x' || left(md5(sender_key), 16))::bit(64)::bigint;

alter table contribution_group add column channel text, add column sender_hash bigint;
update contribution_group g set channel = c.channel, sender_hash = sender_hash(c.sender_key)
from contribution c where c.id = g.contribution_id;
alter table contribution_group alter column channel set not null;

create index contribution_group_members on contribution_group (group_id) include (contribution_id, channel, sender_hash);
drop index contribution_group_group;
