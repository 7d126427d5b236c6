-- A group's first contribution, grouped again, takes its members with it into the queue (issue 17).
--
-- A group is named by the id of its first contribution (moderation/rules/group_assignment.hpp, rule
-- 3: alone, its own id). sql/039's trigger regrouped a contribution whose text or consultation changed
-- and left the rest of its group as it was. When that contribution was the group's first, its members
-- kept its id as their group: if it then stood alone by its new text or in its new consultation, it
-- was given its own id again, and so shared a group with the members it had left — across two
-- consultations after an assignment (a campaign's first copy moved out of the inbox), where the
-- console showed it ×N and "publish the group" (P) made the inbox copies duplicates of a
-- contribution of another consultation. Now the trigger also takes the group rows named by the
-- contribution's id and queues their contributions: the grouper places them again in id order, as
-- if they had come without it (the first of them names their group, or they join the one they are
-- copies of), in the same round or the next ones (at most half a round of the queue at a time).
create or replace function group_redo_update() returns trigger language plpgsql as $$
begin
    with gone as (
        delete from contribution_group where contribution_id = new.id or group_id = new.id
        returning contribution_id)
    insert into group_redo (contribution_id)
    select contribution_id from gone union select new.id
    on conflict (contribution_id) do update set queued_at = excluded.queued_at;
    return null;
end $$;

-- The groups that trigger left so: members under the id of a contribution now in another group, or in
-- another consultation than theirs. They are grouped again as above (a group whose first contribution
-- was erased keeps its members under its id: they are all of the group, in its consultation).
with gone as (
    delete from contribution_group g
    using contribution_group f, contribution cf, contribution cg
    where f.contribution_id = g.group_id and g.contribution_id <> g.group_id
      and cf.id = f.contribution_id and cg.id = g.contribution_id
      and (f.group_id <> g.group_id or cf.consultation_id is distinct from cg.consultation_id)
    returning g.contribution_id)
insert into group_redo (contribution_id) select contribution_id from gone
on conflict (contribution_id) do update set queued_at = excluded.queued_at;
