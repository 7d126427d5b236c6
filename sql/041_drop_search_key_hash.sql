-- The acknowledged write stops maintaining an index nothing reads (issue 17).
--
-- sql/007 indexed contribution.search_key with a hash index so that the queue could count a text's
-- copies (d.search_key = c.search_key) and, later, so that the duplicate grouper's exact-key rule could
-- find them. Neither reads it now: the queue counts a group from contribution_group's members index
-- (sql/036), and the exact-key rule reads contribution_group's (key_hash, group_id) index, confirming
-- the key on the contribution's primary key (sql/038; tests/db/grouper_test.cpp checks that plan).
-- Every acknowledged row still paid its entry, with the metapage update and the bucket splits as the
-- table grows: about 5 µs of PostgreSQL a row (tests/bench/writer_cost.sh, docs/performance.md).
drop index if exists contribution_search_key_hash;
