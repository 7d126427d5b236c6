#!/usr/bin/env bash
# Fill `contribution` with N synthetic rows built from the real corpus (tests/data/bayelemabaga/dev.bam
# and dev.fr), for load tests of the moderation queue, the public summary and the embeds. Benchmark
# data only: never run it against a database that matters.
#
#   tests/bench/fill_contributions.sh DATABASE_URL [N=1000000] [CONSULTATION_SLUG=matransition]
#
# Everything happens inside PostgreSQL (INSERT ... SELECT generate_series): the 2 x 4,698 corpus lines
# are loaded once, folded once, matched against the consultation's theme keywords once; each row
# then joins two lines (90 %: near-unique texts; 10 %: one line alone, so duplicate groups exist).
# The table's secondary indexes are dropped during the load and rebuilt afterwards (same
# definitions, read from pg_indexes), then ANALYZE; duplicate groups by identical key are written
# afterwards (sql/009), queue counts by their triggers (sql/008), search entries as sql/029 does;
# last a VACUUM (ANALYZE) of the three tables, as autovacuum leaves them.
#
# Row mix (by a hash of the row number): language bm 50 % / fr 40 % / mixed 10 %; channel sms 40 %,
# web 30 %, whatsapp 15 %, ussd 5 %, telegram 5 %, messenger 5 %; status new 40 %, published 30 %,
# rejected 10 %, spam 8 %, duplicate 7 %, archived 5 %; 95 % routed to the consultation, 5 %
# unrouted; received_at spread over the last 60 days; 22 regions; 200,000 distinct senders on the
# non-web channels. search_key is lower(display_text), accents and punctuation stripped,
# ɛ→e ɔ→o ɲ→ny ŋ→ng — close to text::search_key, enough for load.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:?usage: fill_contributions.sh DATABASE_URL [N] [SLUG]}
n=${2:-1000000}
slug=${3:-matransition}
corpus=tests/data/bayelemabaga

tmp=$(mktemp -d /tmp/baro-fill.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# psql's \copy reads the files as this user; CSV with control characters as delimiter and quote keeps
# every line verbatim.
cp "$corpus/dev.bam" "$tmp/bam.txt"
cp "$corpus/dev.fr" "$tmp/fr.txt"

psql "$db" --single-transaction -v ON_ERROR_STOP=1 -qAtX -v n="$n" -v slug="$slug" <<SQL
set maintenance_work_mem = '512MB';
set work_mem = '64MB';
set synchronous_commit = off;

create function pg_temp.fold(t text) returns text language sql immutable as \$\$
  select btrim(regexp_replace(
           replace(replace(
             translate(lower(t), 'àáâäãèéêëìíîïòóôöõùúûüçÿɛɔƐƆ', 'aaaaaeeeeiiiiooooouuuucyeoeo'),
             'ɲ', 'ny'), 'ŋ', 'ng'),
           '[^a-z0-9]+', ' ', 'g'))
\$\$;

create temp table raw_line (line text);
create temp table line (lang text, i int, display text, key text, themes text[]);
\copy raw_line from '$tmp/bam.txt' with (format csv, delimiter E'\x01', quote E'\x02')
insert into line select 'bm', row_number() over () - 1, btrim(line), pg_temp.fold(line), '{}' from raw_line where btrim(line) <> '';
truncate raw_line;
\copy raw_line from '$tmp/fr.txt' with (format csv, delimiter E'\x01', quote E'\x02')
insert into line select 'fr', row_number() over () - 1, btrim(line), pg_temp.fold(line), '{}' from raw_line where btrim(line) <> '';

select id as cid from consultation where slug = :'slug' \gset
select count(*) filter (where lang = 'bm') as nbm, count(*) filter (where lang = 'fr') as nfr from line \gset
-- suggested themes: a theme whose folded keyword (either language) is a word of the line
update line l set themes = coalesce((
  select array_agg(t.slug order by t.position) from theme t
   where t.consultation_id = :cid
     and string_to_array(l.key, ' ') && array(select pg_temp.fold(k) from unnest(t.keywords_fr || t.keywords_bm) k)), '{}');
create unique index on line (lang, i);
analyze line;
select 'corpus lines: ' || count(*) || ', with a theme: ' || count(*) filter (where cardinality(themes) > 0) from line;

-- drop the secondary indexes during the load; rebuilt below from their definitions
create temp table saved_index as
  select indexname, indexdef from pg_indexes i
   where tablename = 'contribution' and schemaname = 'public'
     and not exists (select 1 from pg_constraint c where c.conname = i.indexname);
do \$\$ declare r record; begin
  for r in select indexname from saved_index loop execute format('drop index %I', r.indexname); end loop;
end \$\$;

insert into contribution (consultation_id, channel, external_id, sender_key, received_at, raw, display_text,
                          search_key, language, script, region, status, suggested_themes, themes, tags,
                          decided_at, published_at)
select case when h % 20 = 7 then null else :cid end,
       ch, 'bench:' || g,
       case when ch = 'web' then null else encode(sha256(('sender' || (h3 % 200000))::bytea), 'hex') end,
       at, txt, txt, k, lang, 'latin', reg, st, th,
       case when st = 'published' then th else '{}' end,
       case when st = 'published' and h3 % 50 = 0 then '{featured}'::text[] else '{}' end,
       case when st <> 'new' then at + interval '1 hour' end,
       case when st = 'published' then at + interval '1 hour' end
from (
  select g, h, h3, lang, ch, st, reg, at,
         case when ch = 'sms' then left(t, 160) else t end as txt,
         case when ch = 'sms' then pg_temp.fold(left(t, 160)) else k0 end as k,
         th
  from (
    select s.g, s.h, s.h3, s.lang, s.ch, s.st, s.reg, s.at,
           case when two then a.display || ' ' || b.display else a.display end as t,
           case when two then a.key || ' ' || b.key else a.key end as k0,
           case when two then array(select distinct x from unnest(a.themes || b.themes) x order by x) else a.themes end as th
    from (
      select g, h, h2, h3,
             case when h % 10 < 5 then 'bm' when h % 10 < 9 then 'fr' else 'mixed' end as lang,
             (h2 % 10) <> 3 as two,
             case when h2 % 20 < 8 then 'sms' when h2 % 20 < 14 then 'web' when h2 % 20 < 17 then 'whatsapp'
                  when h2 % 20 = 17 then 'ussd' when h2 % 20 = 18 then 'telegram' else 'messenger' end as ch,
             case when h3 % 100 < 40 then 'new' when h3 % 100 < 70 then 'published' when h3 % 100 < 80 then 'rejected'
                  when h3 % 100 < 88 then 'spam' when h3 % 100 < 95 then 'duplicate' else 'archived' end as st,
             (array['bamako','kayes','koulikoro','sikasso','segou','mopti','tombouctou','gao','kidal','taoudenit',
                    'menaka','nioro','kita','dioila','nara','bougouni','koutiala','san','douentza','bandiagara',
                    'diaspora',''])[1 + (h2 / 20) % 22] as reg,
             now() - interval '60 days' * ((h3 % 1000003) / 1000003.0) as at
      from (select g, (g * 2654435761) % 4294967291 as h, (g * 40503 + 17) % 1000033 as h2,
                   (g * 2246822519) % 4294967279 as h3
            from generate_series(1::bigint, :n) g) s
    ) s
    join line a on a.lang = case when s.lang = 'fr' then 'fr' else 'bm' end and a.i = (s.h / 7) % (case when s.lang = 'fr' then :nfr else :nbm end)
    join line b on b.lang = case when s.lang = 'bm' then 'bm' else 'fr' end and b.i = (s.h3 / 11) % (case when s.lang = 'bm' then :nbm else :nfr end)
  ) s
) s;

do \$\$ declare r record; begin
  for r in select indexdef from saved_index loop execute r.indexdef; end loop;
end \$\$;
analyze contribution;
-- duplicate groups by identical search key, as migration 009 does for existing rows (the grouper in
-- baro serve would take ~20 minutes for a million rows; the counts table is kept by its triggers)
insert into contribution_group (contribution_id, group_id, channel, sender_hash, key_hash)
select id, case when search_key = '' then id else min(id) over (partition by consultation_id, search_key) end,
       channel, sender_hash(sender_key), case when search_key <> '' then group_key_hash(consultation_id, search_key) end
from contribution c where not exists (select 1 from contribution_group g where g.contribution_id = c.id);
analyze contribution_group;
-- the search index, as migration 029 does for existing rows (baro serve's indexer would take minutes
-- for millions of rows; the insert trigger queued them all in search_pending)
drop index contribution_search_trgm;
insert into contribution_search (contribution_id, search_key)
select c.id, c.search_key from search_pending p join contribution c on c.id = p.contribution_id
on conflict (contribution_id) do update set search_key = excluded.search_key;
delete from search_pending;
create index contribution_search_trgm on contribution_search using gin (search_key gin_trgm_ops);
analyze contribution_search;
select 'contribution rows: ' || count(*) from contribution;
SQL
# What autovacuum does to a table that has lived a while (an insert-only table is vacuumed after each
# fifth of its rows): the visibility map set, so index-only scans read no heap, and hint bits written.
# Without it a fresh bench database measures the first reads of fresh rows (475 heap fetches in the
# text search's 50-row id walk at 1,000,000 rows) while autovacuum works through them beside the load.
psql "$db" -qAtX -v ON_ERROR_STOP=1 -c 'vacuum (analyze) contribution, contribution_group, contribution_search'
