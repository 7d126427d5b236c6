-- The duplicate grouper's near-duplicate candidates come from a btree, not from the GIN index on
-- contribution_group.bands (issue 17, docs/performance.md "Grouping lag").
--
-- The grouper needs, for a new contribution, the 50 most recent grouped contributions that share one of
-- its MinHash bands. Through GIN it had to fetch every match and sort them: in a copy-paste campaign,
-- where thousands of messages share their bands, that is the whole campaign for every new message, and
-- the grouper fell minutes behind a radio broadcast. A row per (band, contribution) in a btree gives
-- each band's most recent contributions by reading its index backwards, a few dozen entries whatever
-- the campaign's size; the union of the bands' 50 most recent holds the 50 most recent of the union.
--
-- contribution_group.bands stays the source of truth; contribution_band is kept equal to its unnested
-- bands by the triggers below, whoever inserts or deletes group rows (the grouper, curation, reindex,
-- erasure's cascade) and without a foreign key check per band row.
create table contribution_band (
    band            bigint not null,
    contribution_id bigint not null,
    primary key (band, contribution_id)
);

insert into contribution_band (band, contribution_id)
select distinct unnest(bands), contribution_id from contribution_group;

-- No "on conflict" (it doubled the cost): a contribution's band rows leave with its group row, before
-- the contribution can be grouped again.
create function contribution_band_insert() returns trigger language plpgsql as $$
begin
    insert into contribution_band (band, contribution_id)
    select distinct unnest(bands), contribution_id from new_rows;
    return null;
end
$$;

create trigger contribution_band_insert after insert on contribution_group
    referencing new table as new_rows for each statement execute function contribution_band_insert();

create function contribution_band_delete() returns trigger language plpgsql as $$
begin
    delete from contribution_band b using (select unnest(bands) as band, contribution_id from old_rows) o
    where b.band = o.band and b.contribution_id = o.contribution_id;
    return null;
end
$$;

create trigger contribution_band_delete after delete on contribution_group
    referencing old table as old_rows for each statement execute function contribution_band_delete();

-- Nothing updates a group row today; should something change its bands, contribution_band follows.
create function contribution_band_update() returns trigger language plpgsql as $$
begin
    delete from contribution_band b using (select unnest(bands) as band, contribution_id from old_rows) o
    where b.band = o.band and b.contribution_id = o.contribution_id;
    insert into contribution_band (band, contribution_id)
    select distinct unnest(bands), contribution_id from new_rows
    on conflict do nothing;
    return null;
end
$$;

create trigger contribution_band_update after update on contribution_group
    referencing old table as old_rows new table as new_rows for each statement execute function contribution_band_update();

create function contribution_band_truncate() returns trigger language plpgsql as $$
begin
    truncate contribution_band;
    return null;
end
$$;

create trigger contribution_band_truncate after truncate on contribution_group
    for each statement execute function contribution_band_truncate();

drop index contribution_group_bands;
analyze contribution_band;
