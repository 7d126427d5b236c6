-- The organiser's workspace (issue 11): a consultation's lifecycle, its edit version, the one
-- default for unrouted messages, the questions its form asks, and themes retired or merged.
-- Existing consultations stay 'open' (their opens_at/closes_at still decide); the admin creates
-- new ones as 'draft'. The phase that holds at a moment (upcoming, open, closed by the clock) is
-- computed from status and times by moderation/rules/lifecycle, not stored.
alter table consultation
    add column status text not null default 'open' check (status in ('draft', 'open', 'closed', 'archived')),
    add column version bigint not null default 1,           -- bumped by every admin save: a stale save is refused (409)
    add column default_unrouted boolean not null default false,
    add column questions jsonb not null default '{"region": true}';  -- the form's questions beside the main text

-- At most one consultation takes the messages that no keyword or recipient routes.
create unique index consultation_one_default_unrouted on consultation ((true)) where default_unrouted;

-- A retired theme is kept for history (counts, published themes) but no longer suggested or offered;
-- a merged one is retired with the slug of the theme that took its contributions. Its row stays, so
-- its slug cannot be reused for a different theme (unique (consultation_id, slug)).
alter table theme
    add column retired_at  timestamptz,
    add column merged_into text;
