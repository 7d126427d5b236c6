-- A contribution's version: what a moderator read, so a decision taken on a row that changed since
-- (an edit, another decision, a group publish) is refused instead of applied blindly (docs/moderation.md,
-- "Decisions on what you read"). Bumped by a row trigger whenever a field a moderator or the public
-- sees changes; claims (claimed_by, claimed_until) do not bump it, so opening an item keeps the version
-- the list showed.
alter table contribution add column version bigint not null default 1;

create function contribution_bump_version() returns trigger language plpgsql as $$
begin
    if (new.status, new.display_text, new.edited_text, new.themes, new.suggested_themes, new.tags,
        new.featured, new.reject_reason, new.duplicate_of, new.consultation_id, new.language, new.region)
       is distinct from
       (old.status, old.display_text, old.edited_text, old.themes, old.suggested_themes, old.tags,
        old.featured, old.reject_reason, old.duplicate_of, old.consultation_id, old.language, old.region) then
        new.version := old.version + 1;
    end if;
    return new;
end
$$;

create trigger contribution_version before update on contribution
    for each row execute function contribution_bump_version();
