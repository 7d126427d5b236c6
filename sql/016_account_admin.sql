-- Accounts administered from the console (issue #11): the last login shown in the list, a second
-- factor an admin can require (an invitation, or a TOTP reset), and a version that refuses the later
-- of two admins' conflicting changes to one account instead of merging them silently.
alter table moderator add column last_login_at timestamptz;
-- Set by an invitation or an admin's TOTP reset: once the one-time password is changed, the session
-- may do nothing but enrol a second factor (cleared when one is confirmed).
alter table moderator add column must_enrol_totp boolean not null default false;
-- Raised by every admin change of the account (role, disabled, second factor); a change names the
-- version it was decided on and is refused when it moved meanwhile.
alter table moderator add column version bigint not null default 1;

-- The transparency page counts account actions by kind over the whole chain.
create index audit_event_account_action on audit_event (action) where action like 'account\_%';
