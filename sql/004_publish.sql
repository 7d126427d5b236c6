-- Publishing: the public read path (API, embeds, feeds, open data) reads only published rows,
-- newest first, with keyset pagination on (publication time, id).
create index contribution_published
    on contribution (consultation_id, (coalesce(published_at, received_at)) desc, id desc)
    where status = 'published';
