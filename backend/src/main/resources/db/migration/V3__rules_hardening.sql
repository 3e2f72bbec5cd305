-- Issue 5, rules hardening (decision 0006).
--
-- The number of distinct approvers a version needs is fixed when the version is written: a later
-- change of the application's criticality level (which team members may make) does not change it;
-- only an admin's change of the approval policy applies to pending versions. Existing versions get
-- what their application requires now.
ALTER TABLE versions ADD COLUMN required_approvers INTEGER;
UPDATE versions SET required_approvers = (
    SELECT COALESCE(a.policy_required_approvers, CASE WHEN a.criticality_level = 1 THEN 1 ELSE 2 END)
    FROM applications a WHERE a.id = versions.application_id);
ALTER TABLE versions ALTER COLUMN required_approvers SET NOT NULL;

-- The person accountable for a version's creation and for its last change: the uid of a person,
-- or, when a service wrote it, the person who created the service's credential. Four eyes keeps
-- them from approving it. NULL for versions written before this migration and for services whose
-- credential is unknown (tokens of the external identity provider).
ALTER TABLE versions ADD COLUMN created_by_person VARCHAR(128);
ALTER TABLE versions ADD COLUMN last_modified_by_person VARCHAR(128);
