-- Optional demographic questions (issue 14): a consultation may ask, on the web form and USSD, the
-- citizen's gender and age band, each off by default (consultation.questions->'gender' and
-- ->'age_band', beside 'region' of sql/015). Answers are stored with the contribution; null means
-- not asked or not answered, 'unsaid' that the citizen chose "prefer not to say".
-- They never leave per row: not in open data, exports, feeds or the console. Public outputs show
-- them only in aggregate, as counts of people per answer with cells under 10 suppressed
-- (publish/small_cells, docs/open-data.md).
alter table contribution
    add column gender   text check (gender in ('woman', 'man', 'unsaid')),
    add column age_band text check (age_band in ('under_25', '25_34', '35_49', '50_plus', 'unsaid'));

-- The summary counts people per answer among published contributions (distinct pseudonyms; an
-- anonymous web post counts alone): only answered rows are in this index, so a recompute reads
-- those and nothing else.
create index contribution_demographics
    on contribution (consultation_id, sender_key)
    include (gender, age_band)
    where status = 'published' and (gender is not null or age_band is not null);
