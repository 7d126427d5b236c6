-- The duplicate grouper's band lookups read eight expression indexes of contribution_group, one per
-- band position, instead of a table of band rows (issue 17, docs/performance.md "The duplicate
-- grouper alone").
--
-- sql/034 gave each (band, contribution) a row of contribution_band, kept by statement triggers, so
-- that a band's most recent contributions are read backwards from a btree. Those eight rows a message
-- were eight heap tuples besides their eight index entries, plus the trigger's unnest and distinct:
-- 15 µs of PostgreSQL a message, the largest part of grouping one. A band hash carries its position
-- (moderation/rules/near_duplicate.cpp seeds band b with b), so band b of one text can only equal band
-- b of another: an index on (bands[b], contribution_id) per position answers the same question with
-- the index entries alone, maintained by PostgreSQL with no trigger, whoever inserts or deletes.
-- Rows without bands (keys without words, groups made before sql/009's bands) are left out of the
-- indexes; a lookup "bands[b] = x" implies "bands[b] is not null", so the planner uses them.
create index contribution_group_band1 on contribution_group ((bands[1]), contribution_id) where bands[1] is not null;
create index contribution_group_band2 on contribution_group ((bands[2]), contribution_id) where bands[2] is not null;
create index contribution_group_band3 on contribution_group ((bands[3]), contribution_id) where bands[3] is not null;
create index contribution_group_band4 on contribution_group ((bands[4]), contribution_id) where bands[4] is not null;
create index contribution_group_band5 on contribution_group ((bands[5]), contribution_id) where bands[5] is not null;
create index contribution_group_band6 on contribution_group ((bands[6]), contribution_id) where bands[6] is not null;
create index contribution_group_band7 on contribution_group ((bands[7]), contribution_id) where bands[7] is not null;
create index contribution_group_band8 on contribution_group ((bands[8]), contribution_id) where bands[8] is not null;

drop trigger contribution_band_insert on contribution_group;
drop trigger contribution_band_delete on contribution_group;
drop trigger contribution_band_update on contribution_group;
drop trigger contribution_band_truncate on contribution_group;
drop function contribution_band_insert();
drop function contribution_band_delete();
drop function contribution_band_update();
drop function contribution_band_truncate();
drop table contribution_band;
analyze contribution_group;
