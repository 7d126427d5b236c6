-- The moderation queue at a million contributions (docs/performance.md, "Moderation queue (issue 5)";
-- measured with tests/bench/queue_live_bench.sh).
--
-- Each queue item counts its duplicate group (d.search_key = c.search_key). Without an equality index
-- on search_key PostgreSQL answers that through the trigram GIN index, reading the posting lists of
-- every trigram of a long text: tens of seconds for one page of 50. A hash index has no key-size limit
-- (a btree entry must fit in a third of a page, and search keys are as long as the texts).
create index contribution_search_key_hash on contribution using hash (search_key);

-- Views without a status (a search, a theme, "all") are read newest or oldest first: walk the time
-- order and stop at the page's 50 rows instead of sorting every match.
create index contribution_time on contribution (received_at desc, id desc);
create index contribution_consultation_time on contribution (consultation_id, received_at desc, id desc);
