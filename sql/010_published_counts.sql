-- Counts of published contributions for the public summary, kept as contributions are published,
-- unpublished, edited or erased instead of grouped on every recompute (docs/performance.md, "Cached
-- summary and embed page (issue 6)": grouping 300,000 published rows cost PostgreSQL 1-4 s per
-- publish at a million contributions). A row per consultation, dimension and key:
--   total    key ''
--   theme    the confirmed themes, else the suggested ones (what the summary shows)
--   region   '' when the citizen did not say
--   language, channel
--   day      UTC date of publication, YYYY-MM-DD
-- Statement-level triggers with transition tables, as in 008: only rows published before or after
-- the statement count (old -1, new +1); keys whose sum is 0 (edits that change nothing counted) are
-- left alone; sums are applied in key order, so two transactions take the counter rows' locks in the
-- same order.
create table published_count (
    consultation_id bigint not null references consultation(id) on delete cascade,
    dimension       text not null,
    key             text not null,
    n               bigint not null,
    primary key (consultation_id, dimension, key)
);

-- The (dimension, key) pairs a contribution counts under. PL/pgSQL, so never inlined: an inlined SQL
-- function over a whole-row argument trips PostgreSQL 15's planner ("variable not found in subplan
-- target list").
create function published_count_keys(c contribution) returns table (dimension text, key text)
language plpgsql stable as $$
begin
    return query
        select 'total', ''
        union all select 'region', coalesce(c.region, '')
        union all select 'language', c.language
        union all select 'channel', c.channel
        union all select 'day', to_char(coalesce(c.published_at, c.received_at) at time zone 'UTC', 'YYYY-MM-DD')
        union all select 'theme', t
                  from unnest(case when cardinality(c.themes) > 0 then c.themes else c.suggested_themes end) t;
end
$$;

insert into published_count
select c.consultation_id, k.dimension, k.key, count(*)
from contribution c, published_count_keys(c) k
where c.status = 'published' and c.consultation_id is not null
group by 1, 2, 3;

create function published_count_apply() returns trigger language plpgsql as $$
declare
    -- Only published rows of a consultation count; the ingest path inserts none, so for its group
    -- commits this trigger reads the transition table and writes nothing.
    old_published text := 'select row(r.*)::contribution as r, -1 as delta from old_rows r'
                          ' where r.status = ''published'' and r.consultation_id is not null';
    new_published text := 'select row(r.*)::contribution as r, 1 as delta from new_rows r'
                          ' where r.status = ''published'' and r.consultation_id is not null';
    rows text := case tg_op
        when 'INSERT' then new_published
        when 'DELETE' then old_published
        else old_published || ' union all ' || new_published end;
begin
    execute format($q$
        insert into published_count as p
        select (d.r).consultation_id, k.dimension, k.key, sum(d.delta)
        from (%s) d, published_count_keys(d.r) k
        group by 1, 2, 3 having sum(d.delta) <> 0 order by 1, 2, 3
        on conflict (consultation_id, dimension, key) do update set n = p.n + excluded.n
    $q$, rows);
    return null;
end
$$;

create trigger published_count_insert after insert on contribution
    referencing new table as new_rows for each statement execute function published_count_apply();
create trigger published_count_update after update on contribution
    referencing old table as old_rows new table as new_rows for each statement execute function published_count_apply();
create trigger published_count_delete after delete on contribution
    referencing old table as old_rows for each statement execute function published_count_apply();

create function published_count_clear() returns trigger language plpgsql as $$
begin
    delete from published_count;
    return null;
end
$$;

create trigger published_count_truncate after truncate on contribution
    for each statement execute function published_count_clear();

-- Featured quotes per theme without reading every published row: moderators feature a few.
create index contribution_featured
    on contribution (consultation_id, (coalesce(published_at, received_at)) desc, id desc)
    where status = 'published' and 'featured' = any(tags);
